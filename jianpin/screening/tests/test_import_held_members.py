"""An IMPORT-HELD-OTHER warning that shows a member's fields closes when jianpin's members come
in line with the file: after an edit through the registry's write layer (a member's facts, a
death) or a workflow decision, as the household's fields do; one that still differs shows
jianpin's new value; a member that cannot be told apart by name leaves it as it is."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry.actions import (
    do_apply_decision,
    do_mark_deceased,
    do_update_household,
    do_update_member,
)
from jianpin.registry.models import Household, Member
from jianpin.screening import import_held_store
from jianpin.screening.models import Warning
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db
BATCH = "1（a.xlsx）"
OTHER = "IMPORT-HELD-OTHER"


def _held(hh: Household, member: str, **differences: tuple[Any, Any]) -> list[dict[str, Any]]:
    return [{"number": hh.number, "field": f, "member": member, "stored": stored, "file": file}
            for f, (stored, file) in differences.items()]


def _warning(hh: Household) -> Warning:
    return Warning.objects.get(household=hh, rule_code=OTHER)


def _spouse(hh: Household) -> Member:
    return Member.objects.get(household=hh, name="王小芳")


def test_an_edit_that_brings_a_member_in_line_closes_the_warning(officer, cadre):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, _held(hh, "王小芳", sex=("女", "男")), batch=BATCH,
                           year=2025)
    assert _warning(hh).explanation == {"导入批次": BATCH, "王小芳 性别（导入文件）": "男",
                                        "王小芳 性别（本系统）": "女"}
    hh.refresh_from_db()
    do_update_member(cadre, _spouse(hh), version=hh.version, sex="男")     # no triage right
    w = _warning(hh)
    reason = f"家庭成员信息修改后本系统与导入批次 {BATCH} 一致，差异已消除"
    assert (w.state, w.active, w.reason, w.handled_by_id) == ("resolved", False, reason,
                                                              cadre.pk)
    event = AuditEvent.objects.get(action="screening.warning.edit_resolve")
    assert (event.actor_id, event.note, event.object_id) == (cadre.pk, "家庭成员信息修改",
                                                             str(w.pk))
    assert event.diff == {"household": hh.number, "rule_code": OTHER, "year": 2025,
                          "state": ["new", "resolved"], "active": [True, False],
                          "reason": reason}


def test_an_edit_that_still_differs_shows_jianpins_new_value(officer):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, _held(hh, "王小芳", work_place=("", "广东省深圳市")),
                           batch=BATCH, year=2025)
    hh.refresh_from_db()
    do_update_member(officer, _spouse(hh), version=hh.version, work_place="浙江省宁波市")
    w = _warning(hh)
    assert (w.state, w.active) == ("new", True)
    assert w.explanation == {"导入批次": BATCH, "王小芳 务工地点（导入文件）": "广东省深圳市",
                             "王小芳 务工地点（本系统）": "浙江省宁波市"}
    event = AuditEvent.objects.get(action="screening.warning.edit_update")
    assert event.diff["explanation"][1] == w.explanation


def test_a_recorded_death_closes_a_held_date_of_death(officer):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, _held(hh, "王小芳", deceased_on=(None, "2025-03-01")),
                           batch=BATCH, year=2025)
    assert _warning(hh).explanation["王小芳 死亡日期（导入文件）"] == "2025-03-01"
    do_mark_deceased(officer, _spouse(hh), dt.date(2025, 3, 1))
    w = _warning(hh)
    assert (w.state, w.active, w.reason) == (
        "resolved", False, f"标记成员死亡后本系统与导入批次 {BATCH} 一致，差异已消除")


def test_a_decision_closes_a_member_warning_jianpin_now_agrees_with(officer):
    hh = make_household(VILLAGE, head="李大明")
    held = _held(hh, "王小芳", sex=("女", "男")) + _held(hh, "", head_name=("李大明", "李达明"))
    import_held_store.sync(officer, held, batch=BATCH, year=2025)
    Member.objects.filter(pk=_spouse(hh).pk).update(sex="男")      # corrected since
    hh.refresh_from_db()
    do_apply_decision(officer, hh, version=hh.version, note="风险消除案件 3 公告",
                      risk_eliminated=True)
    w = _warning(hh)        # the head's name still differs: refreshed, not closed
    assert (w.state, w.active) == ("new", True)
    Household.objects.filter(pk=hh.pk).update(head_name="李达明")
    hh.refresh_from_db()
    do_apply_decision(officer, hh, version=hh.version, note="风险消除案件 4 公告",
                      risk_eliminated=False)
    w = _warning(hh)
    assert (w.state, w.active, w.reason) == (
        "resolved", False, f"风险消除案件 4 公告后本系统与导入批次 {BATCH} 一致，差异已消除")
    assert AuditEvent.objects.filter(action="screening.warning.decision_resolve").count() == 1


def test_a_member_not_told_apart_by_name_leaves_the_warning(officer):
    hh = make_household(VILLAGE)
    Member.objects.create(household=hh, name="王小芳", sex="女", relation="其他",
                          birth_date=dt.date(2001, 1, 1))
    import_held_store.sync(officer, _held(hh, "王小芳", sex=("女", "男")), batch=BATCH,
                           year=2025)
    hh.refresh_from_db()
    first = Member.objects.filter(household=hh, name="王小芳").order_by("pk").first()
    assert first is not None
    do_update_member(officer, first, version=hh.version, sex="男")
    w = _warning(hh)
    assert (w.state, w.active, w.reason) == ("new", True, "")
    assert not AuditEvent.objects.filter(action__startswith="screening.warning.edit").exists()


def test_a_refused_edit_changes_no_warning(officer, auditor):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, _held(hh, "王小芳", sex=("女", "男")), batch=BATCH,
                           year=2025)
    before = Warning.objects.values().get(household=hh, rule_code=OTHER)
    hh.refresh_from_db()
    with pytest.raises(DomainError):
        do_update_member(auditor, _spouse(hh), version=hh.version, sex="男")
    assert Warning.objects.values().get(household=hh, rule_code=OTHER) == before
    assert _spouse(hh).sex == "女"
    assert not AuditEvent.objects.filter(action__startswith="screening.warning.edit").exists()


def test_an_edits_reason_reads_in_english():
    from django.utils import translation

    from jianpin.screening.import_held import resolved_text

    reason = f"标记成员死亡后本系统与导入批次 {BATCH} 一致，差异已消除"
    with translation.override("en"):
        assert resolved_text(reason) == (
            "Member recorded as deceased: jianpin now agrees with import batch 1 (a.xlsx), "
            "the difference is gone")


def test_a_household_edit_closes_a_warning_on_its_own_fields(officer, cadre):
    hh = make_household(VILLAGE, address="河东村3组")
    import_held_store.sync(officer, _held(hh, "", address=("河东村3组", "河东村5组")),
                           batch=BATCH, year=2025)
    assert _warning(hh).explanation == {"导入批次": BATCH, "住址（导入文件）": "河东村5组",
                                        "住址（本系统）": "河东村3组"}
    hh.refresh_from_db()
    do_update_household(cadre, hh, version=hh.version, address="河东村5组")
    w = _warning(hh)
    reason = f"户信息修改后本系统与导入批次 {BATCH} 一致，差异已消除"
    assert (w.state, w.active, w.reason, w.handled_by_id) == ("resolved", False, reason,
                                                              cadre.pk)
    event = AuditEvent.objects.get(action="screening.warning.edit_resolve")
    assert (event.actor_id, event.note, event.object_id) == (cadre.pk, "户信息修改", str(w.pk))


def test_an_agreeing_edit_leaves_a_dismissed_warning_dismissed(officer, cadre):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, _held(hh, "王小芳", sex=("女", "男")), batch=BATCH,
                           year=2025)
    Warning.objects.filter(household=hh, rule_code=OTHER).update(state="dismissed",
                                                                 reason="已核实")
    hh.refresh_from_db()
    do_update_member(cadre, _spouse(hh), version=hh.version, sex="男")
    w = _warning(hh)
    assert (w.state, w.active, w.reason, w.handled_by_id) == ("dismissed", False, "已核实",
                                                              None)
    event = AuditEvent.objects.get(action="screening.warning.edit_resolve")
    assert event.diff == {"household": hh.number, "rule_code": OTHER, "year": 2025,
                          "active": [True, False]}


def test_a_refused_household_edit_changes_no_warning(officer, auditor):
    hh = make_household(VILLAGE, address="河东村3组")
    import_held_store.sync(officer, _held(hh, "", address=("河东村3组", "河东村5组")),
                           batch=BATCH, year=2025)
    before = Warning.objects.values().get(household=hh, rule_code=OTHER)
    hh.refresh_from_db()
    with pytest.raises(DomainError):
        do_update_household(auditor, hh, version=hh.version, address="河东村5组")
    assert Warning.objects.values().get(household=hh, rule_code=OTHER) == before
    assert Household.objects.get(pk=hh.pk).address == "河东村3组"
    assert not AuditEvent.objects.filter(action__startswith="screening.warning.edit").exists()
