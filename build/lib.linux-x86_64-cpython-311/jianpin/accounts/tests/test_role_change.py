"""Changing the role and area of an account: inside the actor's subtree, never above their rank."""
from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from jianpin.accounts import admin_actions as act
from jianpin.accounts.models import Role, User
from jianpin.accounts.policy import CAPABILITIES, Cap
from jianpin.audit.models import AuditEvent
from jianpin.audit.viewer import Filters, events
from jianpin.conftest import (
    COUNTY,
    OTHER_COUNTY,
    PREFECTURE,
    SIBLING_TOWNSHIP,
    TOWNSHIP,
    VILLAGE,
    make_user,
)
from jianpin.kernel.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
OTHER_VILLAGE = "441481001001"  # a village of another county (兴宁市)


@pytest.fixture
def county_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("county_admin", Role.ADMIN, COUNTY)


def state(*users: User) -> list[tuple[str, str | None]]:
    return [tuple(User.objects.filter(pk=u.pk).values_list("role", "region_id").get())  # type: ignore[misc]
            for u in users]


def test_change_inside_the_subtree_is_written_and_audited_once(county_admin, cadre) -> None:
    assert act.do_change_role(county_admin, cadre, role=Role.TOWNSHIP_REVIEWER,
                              region_code=TOWNSHIP) is True
    assert state(cadre) == [(Role.TOWNSHIP_REVIEWER, TOWNSHIP)]
    diff = {"role": [Role.VILLAGE_CADRE, Role.TOWNSHIP_REVIEWER], "region": [VILLAGE, TOWNSHIP]}
    # under the new area and, as the village's own auditors do not see the township, the old
    assert list(AuditEvent.objects.filter(action="accounts.user.role_change").order_by("id")
                .values_list("actor_id", "object_id", "region_code", "diff", "note")) == [
        (county_admin.pk, str(cadre.pk), TOWNSHIP, diff, ""),
        (county_admin.pk, str(cadre.pk), VILLAGE, diff, "原区域")]
    # the same role and area again: nothing written
    assert act.do_change_role(county_admin, cadre, role=Role.TOWNSHIP_REVIEWER,
                              region_code=TOWNSHIP) is False
    assert AuditEvent.objects.filter(action="accounts.user.role_change").count() == 2
    # a move inside the old area is one event: whoever sees the township sees the village
    assert act.do_change_role(county_admin, cadre, role=Role.TOWNSHIP_REVIEWER,
                              region_code=VILLAGE) is True
    assert list(AuditEvent.objects.filter(action="accounts.user.role_change").order_by("id")
                .values_list("region_code", flat=True)) == [TOWNSHIP, VILLAGE, VILLAGE]


def test_a_move_between_counties_is_seen_by_the_auditors_of_both(admin_user, cadre) -> None:
    here = make_user("auditor_here", Role.AUDITOR, COUNTY)
    there = make_user("auditor_there", Role.AUDITOR, OTHER_COUNTY)
    elsewhere = make_user("auditor_elsewhere", Role.AUDITOR, SIBLING_TOWNSHIP)
    assert act.do_change_role(admin_user, cadre, role=Role.VILLAGE_CADRE,
                              region_code=OTHER_VILLAGE) is True
    seen = {u.username: list(events(u, Filters())
                             .filter(action="accounts.user.role_change")
                             .values_list("region_code", "diff"))
            for u in (here, there, elsewhere, admin_user)}
    diff = {"region": [VILLAGE, OTHER_VILLAGE]}
    assert seen == {"auditor_here": [(VILLAGE, diff)], "auditor_there": [(OTHER_VILLAGE, diff)],
                    "auditor_elsewhere": [], "sysadmin": [(VILLAGE, diff), (OTHER_VILLAGE, diff)]}


def test_denied_changes_write_nothing(county_admin, cadre, admin_user) -> None:
    outside = make_user("outside", Role.VILLAGE_CADRE, OTHER_VILLAGE)
    above = make_user("pref_admin", Role.ADMIN, PREFECTURE)
    officer = make_user("officer", Role.COUNTY_OFFICER, COUNTY)
    before, events = state(cadre, outside, above, county_admin, officer), AuditEvent.objects.count()
    refused = [
        (county_admin, cadre, Role.VILLAGE_CADRE, OTHER_VILLAGE, PermissionDenied),  # out of area
        (county_admin, cadre, Role.AUDITOR, None, PermissionDenied),         # national: refused
        (county_admin, cadre, Role.ADMIN, PREFECTURE, PermissionDenied),     # above own area
        (county_admin, outside, Role.VILLAGE_CADRE, VILLAGE, PermissionDenied),  # not theirs
        (county_admin, above, Role.ADMIN, COUNTY, PermissionDenied),         # sits above them
        (county_admin, county_admin, Role.ADMIN, None, PermissionDenied),    # themselves
        (officer, cadre, Role.TOWNSHIP_REVIEWER, TOWNSHIP, PermissionDenied),  # no right at all
        (county_admin, cadre, Role.VILLAGE_CADRE, "441424999999", DomainError),  # no such code
        (county_admin, cadre, "chief", VILLAGE, DomainError),                # no such role
        (admin_user, cadre, Role.VILLAGE_CADRE, None, DomainError),          # cadres need an area
    ]
    for actor, target, role, region, error in refused:
        with pytest.raises(error):
            act.do_change_role(actor, User.objects.get(pk=target.pk), role=role, region_code=region)
    assert state(cadre, outside, above, county_admin, officer) == before
    assert AuditEvent.objects.count() == events


def test_no_role_above_the_actors_own(monkeypatch, cadre) -> None:
    """With the right to manage users, a county officer still cannot make an administrator."""
    officer = make_user("officer", Role.COUNTY_OFFICER, COUNTY)
    monkeypatch.setitem(CAPABILITIES, Role.COUNTY_OFFICER,
                        CAPABILITIES[Role.COUNTY_OFFICER] | {Cap.MANAGE_USERS})
    boss = make_user("boss", Role.ADMIN, TOWNSHIP)
    for target, role in ((cadre, Role.ADMIN), (boss, Role.VILLAGE_CADRE)):
        with pytest.raises(PermissionDenied):
            act.do_change_role(officer, target, role=role, region_code=VILLAGE)
    assert state(cadre, boss) == [(Role.VILLAGE_CADRE, VILLAGE), (Role.ADMIN, TOWNSHIP)]
    assert act.do_change_role(officer, cadre, role=Role.AUDITOR, region_code=COUNTY) is True
    assert state(cadre) == [(Role.AUDITOR, COUNTY)]
    assert list(AuditEvent.objects.filter(action="accounts.user.role_change").order_by("id")
                .values_list("region_code", flat=True)) == [COUNTY, VILLAGE]


def test_page_changes_and_refuses(county_admin, cadre) -> None:
    client = Client()
    client.force_login(county_admin)
    url = reverse("accounts:user_role", args=[cadre.pk])
    page = client.get(reverse("accounts:user_detail", args=[cadre.pk])).content.decode()
    assert url in page
    wrong = client.post(url, {"role": Role.VILLAGE_CADRE, "region": OTHER_VILLAGE})
    assert wrong.status_code == 200 and "所选区域不在您的管辖区域内" in wrong.content.decode()
    assert state(cadre) == [(Role.VILLAGE_CADRE, VILLAGE)]
    assert not AuditEvent.objects.filter(action="accounts.user.role_change").exists()
    done = client.post(url, {"role": Role.COUNTY_OFFICER, "region": COUNTY})
    assert done.status_code == 302 and state(cadre) == [(Role.COUNTY_OFFICER, COUNTY)]
    # village → its county: the village's own auditors do not see county events, so two
    assert list(AuditEvent.objects.filter(action="accounts.user.role_change").order_by("id")
                .values_list("region_code", flat=True)) == [COUNTY, VILLAGE]
    own = client.get(reverse("accounts:user_detail", args=[county_admin.pk])).content.decode()
    assert reverse("accounts:user_role", args=[county_admin.pk]) not in own


def test_out_of_area_page_is_404(county_admin) -> None:
    outside = make_user("outside", Role.VILLAGE_CADRE, OTHER_VILLAGE)
    client = Client()
    client.force_login(county_admin)
    response = client.post(reverse("accounts:user_role", args=[outside.pk]),
                           {"role": Role.VILLAGE_CADRE, "region": VILLAGE})
    assert response.status_code == 404 and state(outside) == [(Role.VILLAGE_CADRE, OTHER_VILLAGE)]


def test_users_command_set_role(county_admin, cadre, admin_user, capsys) -> None:
    call_command("users", "--as", "county_admin", "set-role", "cadre", "--region", TOWNSHIP)
    assert state(cadre) == [(Role.VILLAGE_CADRE, TOWNSHIP)]
    assert capsys.readouterr().out.strip() == f"cadre：村级干部/驻村工作队 · {TOWNSHIP}"
    with pytest.raises(CommandError, match="只有全国管理员"):
        call_command("users", "--as", "county_admin", "set-role", "cadre", "--role", "auditor",
                     "--national")
    assert state(cadre) == [(Role.VILLAGE_CADRE, TOWNSHIP)]
    call_command("users", "set-role", "cadre", "--role", "auditor", "--national")
    assert state(cadre) == [(Role.AUDITOR, None)]
    assert list(AuditEvent.objects.filter(action="accounts.user.role_change").order_by("id")
                .values_list("actor__username", "region_code", "diff")) == [
        ("county_admin", TOWNSHIP, {"region": [VILLAGE, TOWNSHIP]}),
        ("county_admin", VILLAGE, {"region": [VILLAGE, TOWNSHIP]}),
        # to the whole country: national auditors see every event, the township's see this one
        ("sysadmin", "", {"role": [Role.VILLAGE_CADRE, Role.AUDITOR], "region": [TOWNSHIP, ""]}),
        ("sysadmin", TOWNSHIP,
         {"role": [Role.VILLAGE_CADRE, Role.AUDITOR], "region": [TOWNSHIP, ""]})]


def test_role_form_in_english(county_admin, cadre) -> None:
    client = Client()
    client.force_login(county_admin)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("accounts:user_detail", args=[cadre.pk])).content.decode()
    assert "Change role and area" in html and "Save role and area" in html
    # the role choices are the roles' names in English too
    assert '<option value="finance_officer">Finance officer</option>' in html


def test_users_command_creates_a_finance_officer(county_admin, cadre, capsys) -> None:
    call_command("users", "--as", "county_admin", "create", "caiwu_t", "--role",
                 "finance_officer", "--region", TOWNSHIP, "--password", "Finance-Pass-2026")
    user = User.objects.get(username="caiwu_t")
    assert (user.role, user.region_id) == (Role.FINANCE_OFFICER, TOWNSHIP)
    assert CAPABILITIES[Role.FINANCE_OFFICER] == {Cap.READ_PROJECTS, Cap.MANAGE_FUNDS}
    # a township reviewer ranks below the finance role and cannot grant it
    reviewer = make_user("rev", Role.TOWNSHIP_REVIEWER, TOWNSHIP)
    assert Role.FINANCE_OFFICER not in dict(act.grantable_roles(reviewer))
    assert Role.FINANCE_OFFICER in dict(act.grantable_roles(county_admin))
