"""Registry actions: audit events, ID uniqueness, area checks, optimistic locking."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import OTHER_COUNTY, SIBLING_VILLAGE, VILLAGE
from jianpin.kernel.errors import DomainError, InvalidId, PermissionDenied, StaleEdit
from jianpin.regions.models import Region
from jianpin.registry import actions
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.helpers import make_household, make_id

pytestmark = pytest.mark.django_db


def village(code: str = VILLAGE) -> Region:
    return Region.objects.get(code=code)


def test_create_household_writes_one_event_with_snapshot(cadre) -> None:  # type: ignore[no-untyped-def]
    number = make_id("19700505", 11)
    hh = actions.do_create_household(cadre, village=village(), number="H0001",
                                     head={"name": "古春", "id_number": number.lower()})
    head = hh.members.get()
    assert (head.id_number, head.sex, head.birth_date) == (number, "男", dt.date(1970, 5, 5))
    assert (hh.size, hh.head_name) == (1, "古春")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.region_code) == (
        "registry.household.create", cadre, VILLAGE)
    assert event.diff["household"]["number"] == "H0001"
    assert event.diff["head"]["id_number"] == f"{number[:6]}************"  # masked


def test_duplicate_id_names_the_holding_household(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="李四")
    taken = hh.members.get().id_number
    before = (Household.objects.count(), Member.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as err:
        actions.do_create_household(cadre, village=village(), number="H0002",
                                    head={"name": "王五", "id_number": taken})
    assert err.value.code == "id_in_other_household"
    assert err.value.message == (
        f"身份证号 {taken[:6]}************ 已登记在户 {hh.number}（户主 李四）中")
    assert (Household.objects.count(), Member.objects.count(),
            AuditEvent.objects.count()) == before


def test_one_person_per_id_is_a_database_constraint(cadre) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError, transaction

    hh = make_household(VILLAGE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(household=hh, name="重复", id_number=hh.members.get().id_number,
                              sex="男", relation="子")


def test_bad_check_digit_is_refused(cadre) -> None:  # type: ignore[no-untyped-def]
    good = make_id("19800101", 21)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidId):
        actions.do_create_household(cadre, village=village(), number="H3",
                                    head={"name": "赵六", "id_number": bad})
    assert Household.objects.count() == 0


def test_cadre_cannot_write_outside_their_village(cadre) -> None:  # type: ignore[no-untyped-def]
    for code in (SIBLING_VILLAGE, "441481001001"):
        region = Region.objects.filter(code=code).first() or Region.objects.filter(
            prefix__startswith=OTHER_COUNTY[:6], level=5).first()
        with pytest.raises(PermissionDenied):
            actions.do_create_household(cadre, village=region, number=f"X{code}",
                                        head={"name": "钱七"})
    other = make_household(SIBLING_VILLAGE, head_name="孙八")
    with pytest.raises(PermissionDenied):
        actions.do_update_household(cadre, other, version=other.version, phone="1")
    other.refresh_from_db()
    assert other.phone == "13800138000" and other.version == 1
    assert AuditEvent.objects.count() == 0


def test_auditor_is_read_only(auditor) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    with pytest.raises(PermissionDenied):
        actions.do_update_household(auditor, hh, version=1, address="改")
    hh.refresh_from_db()
    assert hh.address == "" and AuditEvent.objects.count() == 0


def test_update_records_exact_diff(reviewer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    actions.do_update_household(reviewer, hh, version=1, housing_grade="C", water_safe=False)
    event = AuditEvent.objects.get()
    assert event.diff == {"housing_grade": ["", "C"], "water_safe": [None, False]}
    hh.refresh_from_db()
    assert (hh.version, hh.housing_grade) == (2, "C")


def test_second_editor_with_stale_version_is_refused(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    seen_by_a = Household.objects.get(pk=hh.pk)
    seen_by_b = Household.objects.get(pk=hh.pk)
    actions.do_update_household(cadre, seen_by_a, version=seen_by_a.version, address="甲改")
    with pytest.raises(StaleEdit) as err:
        actions.do_update_household(reviewer, seen_by_b, version=1, address="乙改")
    assert err.value.message == "该记录已被他人修改，请刷新页面后重新编辑"
    hh.refresh_from_db()
    assert (hh.address, hh.version) == ("甲改", 2)
    assert AuditEvent.objects.count() == 1


def test_add_member_second_head_refused(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    with pytest.raises(DomainError) as err:
        actions.do_add_member(cadre, hh, {"name": "新户主", "relation": "本人", "sex": "男"})
    assert err.value.code == "two_heads"
    assert hh.members.count() == 1


def test_add_member_updates_size_and_audits(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    child = make_id("20150601", 2)
    m = actions.do_add_member(cadre, hh, {"name": "小明", "relation": "子", "id_number": child})
    hh.refresh_from_db()
    assert (hh.size, m.sex, m.birth_date) == (2, "女", dt.date(2015, 6, 1))
    assert AuditEvent.objects.filter(action="registry.member.create").count() == 1


def test_move_member_between_households(reviewer) -> None:  # type: ignore[no-untyped-def]
    a = make_household(VILLAGE, head_name="周一", size=2)
    b = make_household(SIBLING_VILLAGE, head_name="吴二")
    spouse = a.members.get(relation="配偶")
    actions.do_move_member(reviewer, spouse, b, reason="婚嫁")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.size, b.size, spouse.household_id) == (1, 2, b.pk)
    event = AuditEvent.objects.get()
    assert event.diff == {"household_id": [a.pk, b.pk], "household_number": [a.number, b.number]}
    assert event.note == "婚嫁"


def test_mark_deceased_keeps_person_and_shrinks_household(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, size=3)
    m = hh.members.filter(relation="女").get()
    actions.do_mark_deceased(cadre, m, dt.date(2025, 3, 1))
    hh.refresh_from_db()
    assert hh.size == 2 and Member.objects.filter(household=hh).count() == 3
    with pytest.raises(DomainError):
        actions.do_mark_deceased(cadre, m, dt.date(2025, 3, 2))
    assert AuditEvent.objects.filter(action="registry.member.deceased").count() == 1


def test_reveal_is_logged(reviewer, auditor) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    m = hh.members.get()
    assert actions.do_reveal(reviewer, m, "id_number") == m.id_number
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.diff) == (
        "registry.reveal", reviewer, {"field": "id_number"})
    with pytest.raises(PermissionDenied):
        actions.do_reveal(auditor, m, "id_number")
    assert AuditEvent.objects.count() == 1


def test_status_changes_only_through_a_workflow_decision(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    with pytest.raises(DomainError) as err:
        actions.do_update_household(cadre, hh, version=1, monitoring_kind="")
    assert err.value.code == "status_by_workflow"
    hh.refresh_from_db()
    assert (hh.monitoring_kind, hh.version) == ("边缘易致贫户", 1)
    actions.do_apply_decision(officer, hh, version=1, note="风险消除案件 7 公告",
                              monitoring_kind="", risk_types=[])
    event = AuditEvent.objects.get()
    assert (event.action, event.note, event.diff["monitoring_kind"]) == (
        "registry.household.decision", "风险消除案件 7 公告", ["边缘易致贫户", ""])


def test_approved_period_locks_registry_writes(cadre) -> None:  # type: ignore[no-untyped-def]
    from jianpin.workflows.models import DataApproval

    hh = make_household(VILLAGE)
    DataApproval.objects.create(region_id="441424100000", period="2024", status="approved")
    with pytest.raises(DomainError) as err:
        actions.do_record_income(cadre, hh, 2024, {"wage_income": "100"})
    assert err.value.code == "locked"
    assert not hh.incomes.exists() and AuditEvent.objects.count() == 0
    actions.do_record_income(cadre, hh, 2025, {"wage_income": "100"})
    assert hh.incomes.get().year == 2025


def test_duplicate_id_outside_area_names_nothing(cadre) -> None:  # type: ignore[no-untyped-def]
    far = make_household("441481001001", head_name="外县户主")
    taken = far.members.get().id_number
    with pytest.raises(DomainError) as err:
        actions.do_create_household(cadre, village=village(), number="H9",
                                    head={"name": "王五", "id_number": taken})
    assert err.value.message == "该身份证号需县级核实后才能登记，已提交县级业务人员核实"
    assert far.number not in err.value.message and "外县户主" not in err.value.message


def test_audit_diffs_store_masked_ids_and_phones(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    member = hh.members.get()
    old_id = member.id_number
    new_id = make_id("19880808", 88)
    actions.do_update_member(cadre, member, id_number=new_id, phone="13912345678")
    diff = AuditEvent.objects.get().diff
    assert diff["id_number"] == [f"{old_id[:6]}************",
                                 f"{new_id[:6]}************"]
    assert diff["phone"] == ["138****8000", "139****5678"]


def test_member_edit_with_stale_household_version_is_refused(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, size=2)
    spouse = hh.members.get(relation="配偶")
    actions.do_update_member(cadre, spouse, version=1, work_months=6)
    with pytest.raises(StaleEdit):
        actions.do_update_member(cadre, hh.members.get(relation="配偶"), version=1, work_months=9)
    spouse.refresh_from_db()
    assert spouse.work_months == 6
