"""Warnings of IMPORT-HELD-OTHER (held differences outside the four field sets) close under
the rule of the others: a later file that gives those household fields and agrees, or a
decision after which jianpin gives what the file said; a member's field never closes by
itself. And a whole identification, announced, closes the warnings it answers."""
from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.registry.actions import do_apply_decision
from jianpin.registry.models import Household
from jianpin.screening import import_held_store
from jianpin.screening.models import Warning
from jianpin.screening.tests.test_import_held import counts
from jianpin.workflows.models import Case
from jianpin.workflows.tests.helpers import days_ago, make_household
from jianpin.workflows.tests.test_identification import PROPOSAL, step, to_notice

pytestmark = pytest.mark.django_db
BATCH, LATER = "1（a.xlsx）", "2（b.xlsx）"


def _held(hh: Household, **differences: tuple[Any, Any]) -> list[dict[str, Any]]:
    return [{"number": hh.number, "field": f, "member": "", "stored": stored, "file": file}
            for f, (stored, file) in differences.items()]


def _other(hh: Household) -> tuple[str, bool, str]:
    w = Warning.objects.get(household=hh, rule_code="IMPORT-HELD-OTHER")
    return w.state, w.active, w.reason


def test_a_later_file_that_agrees_closes_an_other_warning(officer):
    hh = make_household(VILLAGE, head="李大明")
    got = import_held_store.sync(officer, _held(hh, head_name=("李大明", "李达明")), batch=BATCH,
                                 year=2025, given={hh.number: ("head_name",)})
    assert got == counts(1)
    w = Warning.objects.get(household=hh)
    assert (w.rule_code, w.explanation) == ("IMPORT-HELD-OTHER", {
        "导入批次": BATCH, "户主姓名（导入文件）": "李达明", "户主姓名（本系统）": "李大明"})
    # a file without the column says nothing
    assert import_held_store.sync(officer, [], batch=LATER, year=2025,
                                  given={hh.number: ("address",)}) == counts()
    assert _other(hh) == ("new", True, "")
    # a file that gives it and agrees closes it
    got = import_held_store.sync(officer, [], batch=LATER, year=2025,
                                 given={hh.number: ("head_name", "address")})
    assert got == counts(resolved=1)
    reason = f"导入批次 {LATER} 与本系统一致，差异已消除"
    assert _other(hh) == ("resolved", False, reason)
    event = AuditEvent.objects.get(action="screening.warning.import_resolve")
    assert event.diff == {"household": hh.number, "rule_code": "IMPORT-HELD-OTHER",
                          "year": 2025, "state": ["new", "resolved"], "active": [True, False],
                          "reason": reason}


def test_a_members_difference_stays_open(officer):
    hh = make_household(VILLAGE)
    held = [{"number": hh.number, "field": "sex", "member": "王小芳", "stored": "女",
             "file": "男"}]
    import_held_store.sync(officer, held, batch=BATCH, year=2025,
                           given={hh.number: ("head_name",)})
    got = import_held_store.sync(officer, [], batch=LATER, year=2025,
                                 given={hh.number: ("head_name", "sex")})
    assert got == counts() and _other(hh) == ("new", True, "")


def test_a_decision_closes_an_other_warning_jianpin_now_agrees_with(officer):
    hh = make_household(VILLAGE, head="李大明")
    import_held_store.sync(officer, _held(hh, head_name=("李大明", "李达明")), batch=BATCH,
                           year=2025)
    Household.objects.filter(pk=hh.pk).update(head_name="李达明")   # corrected since
    hh.refresh_from_db()
    do_apply_decision(officer, hh, version=hh.version, note="风险消除案件 3 公告",
                      risk_eliminated=True)
    assert _other(hh) == ("resolved", False,
                          f"风险消除案件 3 公告后本系统与导入批次 {BATCH} 一致，差异已消除")


def test_an_announced_identification_closes_the_warnings_it_answers(cadre, reviewer, officer):
    case = to_notice(cadre)
    hh = Household.objects.get(pk=case.household_id)
    held = _held(hh, monitoring_kind=("", "边缘易致贫户"), risk_types=([], ["因病", "因灾"]),
                 status=(hh.status, "脱贫户"))
    assert import_held_store.sync(officer, held, batch=BATCH, year=2025) == counts(3)
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(5))
    case.refresh_from_db()
    case = step(cadre, case, "submit")
    case = step(reviewer, case, "township_approve")
    case = step(officer, case, "county_approve")
    step(officer, case, "announce")
    reason = f"识别案件 {case.pk} 公告后本系统与导入批次 {BATCH} 一致，差异已消除"
    assert list(Warning.objects.filter(household=hh).order_by("rule_code").values_list(
        "rule_code", "state", "active", "reason", "handled_by_id")) == [
        ("IMPORT-HELD-KIND", "resolved", False, reason, officer.pk),
        ("IMPORT-HELD-RISK", "resolved", False, reason, officer.pk),
        ("IMPORT-HELD-STATUS", "new", True, "", None)]
    assert PROPOSAL["risk_types"] == ["因病", "因灾"]
    assert Household.objects.get(pk=hh.pk).monitoring_since == timezone.localdate()
