"""User administration: area-scoped, no escalation, one audit event per change."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jianpin.accounts import admin_actions as act
from jianpin.accounts import second_factor
from jianpin.accounts.models import Role, User
from jianpin.accounts.policy import CAPABILITIES, Cap
from jianpin.accounts.tests.factories import enrol
from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, PASSWORD, TOWNSHIP, VILLAGE, make_user
from jianpin.kernel.errors import DomainError, PermissionDenied

OTHER_VILLAGE = "441481001001"


@pytest.fixture
def county_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("county_admin", Role.ADMIN, COUNTY)


@pytest.fixture
def inside(db) -> User:  # type: ignore[no-untyped-def]
    user = make_user("inside", Role.VILLAGE_CADRE, VILLAGE)
    User.objects.filter(pk=user.pk).update(
        failed_logins=3, locked_until=timezone.now() + dt.timedelta(minutes=10))
    user.refresh_from_db()
    enrol(user)
    return user


@pytest.fixture
def outside(db) -> User:  # type: ignore[no-untyped-def]
    user = make_user("outside", Role.VILLAGE_CADRE, OTHER_VILLAGE)
    User.objects.filter(pk=user.pk).update(
        failed_logins=3, locked_until=timezone.now() + dt.timedelta(minutes=10))
    user.refresh_from_db()
    enrol(user)
    return user


def _state(user: User) -> tuple[object, ...]:
    user.refresh_from_db()
    return (user.is_active, user.password, user.failed_logins, user.locked_until,
            second_factor.enrolled(user), second_factor.remaining_recovery_codes(user),
            user.role, user.region_id)


def test_county_admin_manages_only_its_subtree(county_admin, inside, outside, admin_user):
    names = set(act.manageable(county_admin).values_list("username", flat=True))
    assert names == {"county_admin", "inside"}
    assert set(act.manageable(admin_user).values_list("username", flat=True)) == {
        "county_admin", "inside", "outside", "sysadmin"}


def test_each_action_changes_and_audits_once(county_admin, inside):
    def last() -> tuple[str, str, str, int | None]:
        e = AuditEvent.objects.order_by("-id")[0]
        return e.action, e.object_id, e.region_code, e.actor_id

    act.do_unlock(county_admin, inside)
    inside.refresh_from_db()
    assert (inside.failed_logins, inside.locked_until) == (0, None)
    assert last() == ("accounts.user.unlock", str(inside.pk), VILLAGE, county_admin.pk)
    act.do_reset_totp(county_admin, inside)
    inside.refresh_from_db()
    assert (second_factor.enrolled(inside), second_factor.remaining_recovery_codes(inside)) == (
        False, 0)
    assert last() == ("accounts.user.totp_reset", str(inside.pk), VILLAGE, county_admin.pk)
    act.do_set_active(county_admin, inside, False)
    inside.refresh_from_db()
    assert inside.is_active is False
    assert last() == ("accounts.user.disable", str(inside.pk), VILLAGE, county_admin.pk)
    assert Client().login(username="inside", password=PASSWORD) is False
    act.do_set_active(county_admin, inside, True)
    assert last()[0] == "accounts.user.enable"
    password = act.do_reset_password(county_admin, inside)
    inside.refresh_from_db()
    assert inside.check_password(password) and not inside.check_password(PASSWORD)
    assert last() == ("accounts.user.password_reset", str(inside.pk), VILLAGE, county_admin.pk)
    assert password not in str(AuditEvent.objects.order_by("-id")[0].__dict__)
    user, pw = act.do_create_user(county_admin, username="newbie", role=Role.TOWNSHIP_REVIEWER,
                                  region_code=TOWNSHIP, display_name="新人")
    assert (user.role, user.region_id, user.check_password(pw)) == (
        Role.TOWNSHIP_REVIEWER, TOWNSHIP, True)
    assert last() == ("accounts.user.create", str(user.pk), TOWNSHIP, county_admin.pk)
    assert AuditEvent.objects.filter(action__startswith="accounts.user.").count() == 6


def test_out_of_area_management_refused_with_nothing_changed(county_admin, outside):
    before = _state(outside)
    events = AuditEvent.objects.count()
    for call in (lambda: act.do_unlock(county_admin, outside),
                 lambda: act.do_reset_totp(county_admin, outside),
                 lambda: act.do_set_active(county_admin, outside, False),
                 lambda: act.do_reset_password(county_admin, outside, "Another-Pass-2026")):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(PermissionDenied):
        act.do_create_user(county_admin, username="far", role=Role.VILLAGE_CADRE,
                           region_code=OTHER_VILLAGE)
    with pytest.raises(PermissionDenied):  # national accounts only by national administrators
        act.do_create_user(county_admin, username="nat", role=Role.AUDITOR, region_code=None)
    assert _state(outside) == before
    assert AuditEvent.objects.count() == events
    assert not User.objects.filter(username__in=["far", "nat"]).exists()


def test_out_of_area_pages_are_404_and_change_nothing(county_admin, outside):
    client = Client()
    client.force_login(county_admin)
    before = _state(outside)
    assert client.get(reverse("accounts:user_detail", args=[outside.pk])).status_code == 404
    for name in ("user_disable", "user_unlock", "user_totp_reset", "user_password"):
        assert client.post(reverse(f"accounts:{name}", args=[outside.pk])).status_code == 404
    response = client.post(reverse("accounts:user_new"), {
        "username": "far", "role": Role.VILLAGE_CADRE, "region": OTHER_VILLAGE})
    assert response.status_code == 200
    assert "所选区域不在您的管辖区域内" in response.content.decode()
    assert _state(outside) == before
    assert not User.objects.filter(username="far").exists()
    assert not AuditEvent.objects.filter(action__startswith="accounts.user.").exists()
    body = client.get(reverse("accounts:users")).content.decode()
    assert "outside" not in body


def test_role_escalation_refused(monkeypatch, officer, inside):
    """A manager may not give a role above their own, nor manage an account above it."""
    monkeypatch.setitem(CAPABILITIES, Role.COUNTY_OFFICER,
                        CAPABILITIES[Role.COUNTY_OFFICER] | {Cap.MANAGE_USERS})
    county_admin = make_user("boss", Role.ADMIN, COUNTY)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        act.do_create_user(officer, username="up", role=Role.ADMIN, region_code=VILLAGE)
    before = _state(county_admin)
    with pytest.raises(PermissionDenied):
        act.do_reset_password(officer, county_admin, "Another-Pass-2026")
    assert _state(county_admin) == before
    assert not User.objects.filter(username="up").exists()
    assert AuditEvent.objects.count() == events
    assert [r for r, _ in act.grantable_roles(officer)] == [
        Role.VILLAGE_CADRE, Role.TOWNSHIP_REVIEWER, Role.COUNTY_OFFICER, Role.FINANCE_OFFICER,
        Role.DEPT_PROVIDER, Role.AUDITOR, Role.LIBRARY_EDITOR]
    # the officer may still manage the cadre of its county
    act.do_unlock(officer, inside)
    assert AuditEvent.objects.count() == events + 1


def test_non_admins_cannot_manage(officer, inside):
    before = _state(inside)
    assert list(act.manageable(officer)) == []
    with pytest.raises(PermissionDenied):
        act.do_unlock(officer, inside)
    with pytest.raises(PermissionDenied):
        act.do_create_user(officer, username="x", role=Role.VILLAGE_CADRE, region_code=VILLAGE)
    assert _state(inside) == before


def test_password_rules_apply(county_admin, inside):
    before = _state(inside)
    with pytest.raises(DomainError) as exc:
        act.do_reset_password(county_admin, inside, "12345678")
    assert exc.value.code == "password"
    assert _state(inside) == before


def test_pages_list_create_and_show_one_time_password(county_admin, inside, outside):
    client = Client()
    client.force_login(county_admin)
    body = client.get(reverse("accounts:users")).content.decode()
    assert "inside" in body and "outside" not in body and "已锁定" in body
    response = client.post(reverse("accounts:user_new"), {
        "username": "zhang3", "display_name": "张三", "role": Role.VILLAGE_CADRE,
        "region": VILLAGE})
    assert response.status_code == 200
    made = User.objects.get(username="zhang3")
    shown = response.context["password"]
    assert made.check_password(shown) and shown in response.content.decode()
    response = client.post(reverse("accounts:user_password", args=[inside.pk]), {"password": ""})
    inside.refresh_from_db()
    assert inside.check_password(response.context["password"])
    response = client.post(reverse("accounts:user_unlock", args=[inside.pk]))
    assert response.status_code == 302
    inside.refresh_from_db()
    assert inside.locked_until is None


def test_users_command(county_admin, inside, outside, admin_user, capsys):
    call_command("users", "--as", "county_admin", "unlock", "inside")
    inside.refresh_from_db()
    assert inside.locked_until is None
    with pytest.raises(CommandError):
        call_command("users", "--as", "county_admin", "disable", "outside")
    outside.refresh_from_db()
    assert outside.is_active is True
    call_command("users", "reset-2fa", "outside")  # the only national administrator acts
    outside.refresh_from_db()
    assert second_factor.enrolled(outside) is False
    call_command("users", "create", "li4", "--role", "township_reviewer", "--region", TOWNSHIP)
    out = capsys.readouterr().out
    password = out.split("一次性密码：")[1].split()[0]
    assert User.objects.get(username="li4").check_password(password)
    call_command("users", "--as", "county_admin", "list")
    listed = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert sorted(listed) == ["county_admin", "inside", "li4"]
    assert list(AuditEvent.objects.filter(action__startswith="accounts.user.")
                .order_by("id").values_list("action", "actor__username")) == [
        ("accounts.user.unlock", "county_admin"), ("accounts.user.totp_reset", "sysadmin"),
        ("accounts.user.create", "sysadmin")]


def test_users_command_makes_the_first_national_admin_once(db, capsys):
    call_command("users", "create", "root", "--role", "admin")
    password = capsys.readouterr().out.split("一次性密码：")[1].split()[0]
    root = User.objects.get(username="root")
    assert (root.role, root.region_id, root.check_password(password)) == (Role.ADMIN, None, True)
    assert AuditEvent.objects.filter(action="accounts.user.create",
                                     object_id=str(root.pk)).count() == 1
    with pytest.raises(CommandError):  # now root must act, and is the default actor
        call_command("users", "--as", "nobody", "create", "root2", "--role", "admin")
    call_command("users", "create", "root2", "--role", "admin")
    assert AuditEvent.objects.get(object_id=str(User.objects.get(username="root2").pk)
                                  ).actor_id == root.pk
