"""No existence oracle: a duplicate outside the actor's area asks the county to verify."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, PASSWORD, SIBLING_VILLAGE, VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.registry import actions
from jianpin.registry.io import service
from jianpin.registry.models import Household, Member, Verification
from jianpin.registry.tests.helpers import make_household, make_id
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db
FAR = "441481001001"    # a village of another county
ID_MSG = "该身份证号需县级核实后才能登记，已提交县级业务人员核实"
NUMBER_MSG = "该户编号需县级核实后才能使用，已提交县级业务人员核实"


def _state() -> tuple[list, list]:
    return (list(Member.objects.order_by("id").values_list("id", "household_id", "id_number")),
            list(Household.objects.order_by("id").values_list("id", "number", "size")))


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_member_id_held_in_another_county_opens_a_task(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    far = make_household(FAR, head_name="外县户主")
    taken = far.members.get().id_number
    before = _state()
    with pytest.raises(DomainError) as err:
        actions.do_add_member(cadre, hh, {"name": "古小", "id_number": taken, "relation": "子"})
    assert (err.value.code, err.value.message) == ("needs_county_verification", ID_MSG)
    assert _state() == before
    task = Verification.objects.get()
    assert (task.kind, task.value, task.village_id, task.holder_village, task.requested_by) == (
        "id_number", taken, VILLAGE, FAR, cadre)
    event = AuditEvent.objects.get(action="registry.verification.request")
    assert (event.region_code, event.object_id, event.diff) == (
        VILLAGE, str(task.pk), {"kind": "id_number"})


def test_household_number_held_in_another_county_opens_a_task(cadre) -> None:  # type: ignore[no-untyped-def]
    far = make_household(FAR)
    before = _state()
    with pytest.raises(DomainError) as err:
        actions.do_create_household(cadre, village=Region.objects.get(code=VILLAGE),
                                    number=far.number, head={"name": "王五", "id_number": make_id()})
    assert (err.value.code, err.value.message) == ("needs_county_verification", NUMBER_MSG)
    assert _state() == before
    task = Verification.objects.get()
    assert (task.kind, task.value, task.holder_village) == ("household_number", far.number, FAR)


def test_sibling_village_is_outside_a_cadres_area_but_inside_a_reviewers(  # type: ignore[no-untyped-def]
        cadre, reviewer) -> None:
    hh = make_household(VILLAGE)
    sibling = make_household(SIBLING_VILLAGE, head_name="李四")
    taken = sibling.members.get().id_number
    with pytest.raises(DomainError) as err:
        actions.do_add_member(cadre, hh, {"name": "古小", "id_number": taken, "relation": "子"})
    assert err.value.message == ID_MSG
    with pytest.raises(DomainError) as err:
        actions.do_add_member(reviewer, hh, {"name": "古小", "id_number": taken, "relation": "子"})
    assert (err.value.code, err.value.message) == (
        "id_in_other_household",
        f"身份证号 {taken[:6]}************ 已登记在户 {sibling.number}（户主 李四）中")
    with pytest.raises(DomainError) as err:
        actions.do_create_household(reviewer, village=Region.objects.get(code=VILLAGE),
                                    number=sibling.number, head={"name": "王五"})
    assert err.value.message == f"户编号 {sibling.number} 已存在"
    assert Verification.objects.count() == 1


def test_member_form_says_county_verification_not_exists(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    taken = make_household(FAR).members.get().id_number
    before = _state()
    r = _client(cadre).post(f"/registry/households/{hh.pk}/members/new/", {
        "name": "古小", "id_number": taken, "relation": "子", "sex": "", "health": "健康",
        "work_months": "0"})
    assert r.status_code == 200
    assert r.context["form"].errors == {"__all__": [ID_MSG]}
    assert _state() == before
    assert Verification.objects.get().requested_by == cadre


def test_member_edit_form_in_area_duplicate_keeps_the_named_message(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="李四", size=2)
    member = hh.members.get(relation="配偶")
    taken = hh.members.get(relation="本人").id_number
    r = _client(cadre).post(f"/registry/members/{member.pk}/edit/?reveal=1", {
        "name": member.name, "id_number": taken, "relation": "配偶", "sex": "女",
        "health": "健康", "work_months": "0", "version": hh.version})
    body = r.content.decode()
    assert f"已登记在户 {hh.number}（户主 李四）中" in body
    assert "具有" not in body and Verification.objects.count() == 0


def test_new_household_form_number_in_another_county(cadre) -> None:  # type: ignore[no-untyped-def]
    far = make_household(FAR)
    r = _client(cadre).post("/registry/households/new/", {
        "village": VILLAGE, "number": far.number, "head_name": "王五", "head_id": make_id(),
        "attribute": "一般户"})
    assert r.context["form"].errors == {"__all__": [NUMBER_MSG]}
    assert Household.objects.filter(village_id=VILLAGE).count() == 0


def test_county_sees_and_resolves_the_task(cadre, officer, auditor) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    taken = make_household(FAR).members.get().id_number
    with pytest.raises(DomainError):
        actions.do_add_member(cadre, hh, {"name": "古小", "id_number": taken, "relation": "子"})
    task = Verification.objects.get()
    page = _client(officer).get("/registry/verifications/").content.decode()
    assert f"{taken[:6]}************" in page and taken not in page and "协和村委会" in page
    assert _client(cadre).get("/registry/verifications/").status_code == 403
    assert _client(auditor).post("/registry/verifications/", {"pk": task.pk}).status_code == 403
    r = _client(officer).post("/registry/verifications/", {"pk": task.pk, "note": "外县已核实"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert (task.resolved_by, task.note) == (officer, "外县已核实")
    assert officer.region_id == COUNTY


def test_import_reports_county_verification_for_ids_elsewhere(tmp_path, cadre) -> None:  # type: ignore[no-untyped-def]
    taken = make_household(FAR).members.get().id_number
    hhs = households(1, start=70)
    header, rows = rows_of(hhs)
    rows[0][header.index("证件号码")] = taken
    before = _state()
    path = write_xlsx(tmp_path / "a.xlsx", header, rows)
    preview = service.run(path, user=cadre)
    out = service.run(path, user=cadre, dry_run=False)
    message = "该身份证号需县级核实后才能登记，已提交县级业务人员核实"
    assert [e["message"] for r in (preview, out) for e in r.errors] == [message, message]
    assert _state() == before and not out.committed
    # one task for the county however often the file is checked, naming the importing village
    task = Verification.objects.get()
    assert (task.kind, task.value, task.village_id, task.holder_village, task.requested_by) == (
        "id_number", taken, VILLAGE, FAR, cadre)
    assert list(AuditEvent.objects.filter(action="registry.verification.request")
                .values_list("actor_id", "region_code")) == [(cadre.pk, task.village_id)]


def test_holding_county_sees_the_request_but_not_who_asked(cadre) -> None:  # type: ignore[no-untyped-def]
    from jianpin.accounts.models import Role
    from jianpin.conftest import make_user

    far_officer = make_user("far_officer", Role.COUNTY_OFFICER, "441481000000")
    hh = make_household(VILLAGE)
    taken = make_household(FAR).members.get().id_number
    with pytest.raises(DomainError):
        actions.do_add_member(cadre, hh, {"name": "古小", "id_number": taken, "relation": "子"})
    page = _client(far_officer).get("/registry/verifications/").content.decode()
    assert f"{taken[:6]}************" in page and "其他县（号码登记在本县）" in page
    assert "协和村委会" not in page and "cadre" not in page


def test_api_search_answers_alike_for_an_id_elsewhere_and_an_unknown_id(cadre) -> None:  # type: ignore[no-untyped-def]
    """The API has no write path; its ID search must not confirm IDs outside the area."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    taken = make_household(FAR).members.get().id_number
    unknown = make_id("19660606", 66)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cadre).key}")
    answers = [client.post("/api/households/search/", {"q": q}, format="json")
               for q in (taken, unknown)]
    assert [(r.status_code, r.json()) for r in answers] == [
        (200, {"count": 0, "next": None, "previous": None, "results": []})] * 2


def test_an_import_past_the_cap_tells_the_county_how_many(tmp_path, cadre, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jianpin.registry import verification

    monkeypatch.setattr(verification, "MAX_PER_IMPORT", 1)
    taken = [make_household(FAR).members.get().id_number for _ in range(2)]
    hhs = households(2, start=80)
    header, rows = rows_of(hhs)
    column = header.index("证件号码")
    heads = [i for i, r in enumerate(rows) if r[header.index("与户主关系")] in ("本人", "户主")]
    for i, id_number in zip(heads, taken, strict=True):
        rows[i][column] = id_number
    service.run(write_xlsx(tmp_path / "b.xlsx", header, rows), user=cadre)
    assert Verification.objects.count() == 1
    many = AuditEvent.objects.get(action="registry.verification.many")
    assert (many.actor_id, many.region_code, many.diff) == (cadre.pk, VILLAGE,
                                                            {"total": 2, "tasks": 1})
