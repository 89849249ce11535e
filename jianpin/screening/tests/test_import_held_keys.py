"""An IMPORT-HELD-OTHER warning that shows a member's fields finds the member again by the key
it recorded (ID number, then person number; the name only when it recorded neither); a member
added or moved through the write layer is followed like any edit; and a later file that gives
the member's fields and agrees closes the warning, as it does for household fields."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.kernel.ids import check_digit
from jianpin.registry.actions import do_add_member, do_move_member, do_update_member
from jianpin.registry.import_actions import do_warn_held
from jianpin.registry.io.members import MemberIn
from jianpin.registry.models import Household, Member
from jianpin.screening import import_held_store
from jianpin.screening.import_held_keys import id_digest
from jianpin.screening.models import Warning
from jianpin.screening.tests.test_import_held import counts
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db
BATCH, LATER = "1（a.xlsx）", "2（b.xlsx）"
OTHER = "IMPORT-HELD-OTHER"
ID_A = "44142419900101123" + check_digit("44142419900101123")
ID_B = "44142419920202234" + check_digit("44142419920202234")


def _held(hh: Household, member: str, field: str, stored: Any, file: Any,
          **key: Any) -> dict[str, Any]:
    return {"number": hh.number, "field": field, "member": member, "stored": stored,
            "file": file, **key}


def _warning(hh: Household) -> Warning:
    return Warning.objects.get(household=hh, rule_code=OTHER)


def _namesakes(hh: Household) -> tuple[Member, Member]:
    a = Member.objects.create(household=hh, name="李小明", sex="男", relation="子",
                              id_number=ID_A, birth_date=dt.date(1990, 1, 1))
    b = Member.objects.create(household=hh, name="李小明", sex="男", relation="孙子女",
                              id_number=ID_B, birth_date=dt.date(1992, 2, 2))
    return a, b


def test_the_warning_records_the_members_key_not_the_id_number(officer):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, [_held(hh, "王小芳", "sex", "女", "男", id_number=ID_A,
                                           person_number="P0042")], batch=BATCH, year=2025)
    assert _warning(hh).explanation == {
        "导入批次": BATCH, "王小芳 性别（导入文件）": "男", "王小芳 性别（本系统）": "女",
        "成员标识": {"王小芳": {"name": "王小芳", "id": id_digest(ID_A),
                                "person_number": "P0042"}}}
    assert ID_A not in str(_warning(hh).explanation)
    event = AuditEvent.objects.get(action="screening.warning.import")
    assert ID_A not in str(event.diff)


def test_namesakes_are_told_apart_by_their_id_numbers(officer, cadre):
    hh = make_household(VILLAGE)
    a, b = _namesakes(hh)
    held = [_held(hh, "李小明", "work_place", "", "广东省深圳市", id_number=ID_A),
            _held(hh, "李小明", "work_place", "", "浙江省宁波市", id_number=ID_B)]
    import_held_store.sync(officer, held, batch=BATCH, year=2025)
    w = _warning(hh)
    assert {k: v for k, v in w.explanation.items() if k != "成员标识"} == {
        "导入批次": BATCH,
        "李小明（1） 务工地点（导入文件）": "广东省深圳市", "李小明（1） 务工地点（本系统）": "空",
        "李小明（2） 务工地点（导入文件）": "浙江省宁波市", "李小明（2） 务工地点（本系统）": "空"}
    hh.refresh_from_db()
    do_update_member(cadre, a, version=hh.version, work_place="广东省深圳市")
    w = _warning(hh)        # the other namesake still differs: shown, not closed
    assert (w.state, w.active) == ("new", True)
    assert (w.explanation["李小明（1） 务工地点（本系统）"],
            w.explanation["李小明（2） 务工地点（本系统）"]) == ("广东省深圳市", "空")
    hh.refresh_from_db()
    do_update_member(cadre, b, version=hh.version, work_place="浙江省宁波市")
    w = _warning(hh)
    assert (w.state, w.active, w.reason) == (
        "resolved", False, f"家庭成员信息修改后本系统与导入批次 {BATCH} 一致，差异已消除")


def test_a_namesake_edited_closes_nothing_of_the_other(officer, cadre):
    hh = make_household(VILLAGE)
    a, b = _namesakes(hh)
    import_held_store.sync(officer, [_held(hh, "李小明", "work_place", "", "广东省深圳市",
                                           id_number=ID_B)], batch=BATCH, year=2025)
    before = Warning.objects.values().get(household=hh, rule_code=OTHER)
    hh.refresh_from_db()
    do_update_member(cadre, a, version=hh.version, work_place="广东省深圳市")   # not him
    assert Warning.objects.values().get(household=hh, rule_code=OTHER) == before
    assert not AuditEvent.objects.filter(action__startswith="screening.warning.edit").exists()
    hh.refresh_from_db()
    do_update_member(cadre, b, version=hh.version, work_place="广东省深圳市")
    assert (_warning(hh).state, _warning(hh).active) == ("resolved", False)


def test_a_person_number_finds_the_member_when_there_is_no_id_number(officer, cadre):
    hh = make_household(VILLAGE)
    spouse = Member.objects.get(household=hh, name="王小芳")
    Member.objects.filter(pk=spouse.pk).update(person_number="P0042")
    import_held_store.sync(officer, [_held(hh, "王小芳", "work_place", "", "广东省深圳市",
                                           person_number="P0042")], batch=BATCH, year=2025)
    Member.objects.create(household=hh, name="王小芳", sex="女", relation="其他",
                          person_number="P0043", birth_date=dt.date(2001, 1, 1))
    spouse.refresh_from_db()
    hh.refresh_from_db()
    do_update_member(cadre, spouse, version=hh.version, work_place="广东省深圳市")
    w = _warning(hh)
    assert (w.state, w.active, w.reason) == (
        "resolved", False, f"家庭成员信息修改后本系统与导入批次 {BATCH} 一致，差异已消除")


def test_an_added_member_is_followed(officer, cadre):
    hh = make_household(VILLAGE)
    import_held_store.sync(officer, [_held(hh, "李小明", "work_place", "", "广东省深圳市",
                                           id_number=ID_A)], batch=BATCH, year=2025)
    hh.refresh_from_db()
    do_add_member(cadre, hh, {"name": "李小明", "id_number": ID_A, "relation": "子",
                              "work_place": "广东省深圳市"})
    w = _warning(hh)
    reason = f"新增家庭成员后本系统与导入批次 {BATCH} 一致，差异已消除"
    assert (w.state, w.active, w.reason, w.handled_by_id) == ("resolved", False, reason,
                                                              cadre.pk)
    event = AuditEvent.objects.get(action="screening.warning.edit_resolve")
    assert (event.actor_id, event.note) == (cadre.pk, "新增家庭成员")


def test_a_moved_member_is_followed_in_both_households(officer, cadre):
    source, target = make_household(VILLAGE), make_household(VILLAGE, head="张大山")
    mover = Member.objects.create(household=source, name="李小明", sex="男", relation="子",
                                  id_number=ID_A, work_place="浙江省宁波市",
                                  birth_date=dt.date(1990, 1, 1))
    held = [_held(target, "李小明", "work_place", "", "广东省深圳市", id_number=ID_A),
            _held(source, "", "head_name", "李大明", "李达明")]
    import_held_store.sync(officer, held, batch=BATCH, year=2025)
    do_move_member(cadre, mover, target)
    w = _warning(target)        # now in the household: jianpin's value shown, still differs
    assert (w.state, w.active) == ("new", True)
    assert w.explanation["李小明 务工地点（本系统）"] == "浙江省宁波市"
    assert AuditEvent.objects.get(action="screening.warning.edit_update").note == "家庭成员迁户"
    assert (_warning(source).state, _warning(source).active) == ("new", True)
    mover.refresh_from_db()
    target.refresh_from_db()
    do_update_member(cadre, mover, version=target.version, work_place="广东省深圳市")
    assert (_warning(target).state, _warning(target).active) == ("resolved", False)


def test_a_refused_move_changes_no_warning(officer, auditor):
    source, target = make_household(VILLAGE), make_household(VILLAGE, head="张大山")
    mover = Member.objects.create(household=source, name="李小明", sex="男", relation="子",
                                  id_number=ID_A, work_place="广东省深圳市",
                                  birth_date=dt.date(1990, 1, 1))
    import_held_store.sync(officer, [_held(target, "李小明", "work_place", "", "广东省深圳市",
                                           id_number=ID_A)], batch=BATCH, year=2025)
    before = Warning.objects.values().get(household=target, rule_code=OTHER)
    with pytest.raises(DomainError):
        do_move_member(auditor, mover, target)
    assert Warning.objects.values().get(household=target, rule_code=OTHER) == before
    assert Member.objects.get(pk=mover.pk).household_id == source.pk
    assert not AuditEvent.objects.filter(action__startswith="screening.warning.edit").exists()


def _file_member(**vals: Any) -> MemberIn:
    return MemberIn("成员", 4, vals)


def test_a_later_file_that_agrees_closes_a_member_warning(officer):
    hh = make_household(VILLAGE)
    a, _b = _namesakes(hh)
    import_held_store.sync(officer, [_held(hh, "李小明", "work_place", "", "广东省深圳市",
                                           id_number=ID_A)], batch=BATCH, year=2025)
    # the file names the namesake only, or leaves the field out: nothing said
    for members in ([_file_member(name="李小明", id_number=ID_B, work_place="广东省深圳市")],
                    [_file_member(name="李小明", id_number=ID_A)]):
        got = import_held_store.sync(officer, [], batch=LATER, year=2025,
                                     given={hh.number: ("address",)},
                                     members={hh.number: members})
        assert got == counts()
        assert (_warning(hh).state, _warning(hh).active) == ("new", True)
    # through the registry's write layer, as an import hands it over (`registry.io.service`)
    got = do_warn_held(
        officer, [], batch=LATER, year=2025, given={hh.number: ("address",)},
        members={hh.number: [_file_member(name="李小明", id_number=ID_B),
                             _file_member(name="李小明", id_number=ID_A,
                                          work_place="广东省深圳市")]})
    assert got == counts(resolved=1)
    reason = f"导入批次 {LATER} 与本系统一致，差异已消除"
    w = _warning(hh)
    assert (w.state, w.active, w.reason) == ("resolved", False, reason)
    event = AuditEvent.objects.get(action="screening.warning.import_resolve")
    assert (event.note, event.diff) == (LATER, {
        "household": hh.number, "rule_code": OTHER, "year": 2025,
        "state": ["new", "resolved"], "active": [True, False], "reason": reason})
    assert a.work_place == ""       # nothing of the member written by the warnings
