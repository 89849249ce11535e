"""A workflow decision against the warnings of an import's held differences
(screening.import_held_decisions): one that brings jianpin in line closes them, one that
changes jianpin otherwise shows the new value and never reopens a closed warning."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jianpin.accounts.models import Role
from jianpin.accounts.policy import CAPABILITIES, Cap
from jianpin.audit.models import AuditEvent
from jianpin.kernel.errors import PermissionDenied
from jianpin.registry.actions import do_apply_decision
from jianpin.registry.io import service
from jianpin.registry.models import Household
from jianpin.registry.tests.io_helpers import households
from jianpin.screening import import_held_decisions, import_held_store
from jianpin.screening.actions import do_acknowledge, do_dismiss
from jianpin.screening.models import Warning
from jianpin.screening.tests.test_import_held import WARN, _differing, counts
from jianpin.screening.tests.test_import_held_close import _batch, _opened, _rows

pytestmark = pytest.mark.django_db
NOTE = "识别案件 7 公告"


def _decide(actor: Any, number: str, note: str = NOTE, **fields: Any) -> Household:
    hh = Household.objects.get(number=number)
    return do_apply_decision(actor, hh, version=hh.version, note=note, **fields)


def _last_event() -> int:
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0     # ids are not reused


def _reason(batch: str = "national.xlsx", note: str = NOTE) -> str:
    return f"{note}后本系统与导入批次 {_batch(batch).pk}（{batch}） 一致，差异已消除"


def test_a_decision_that_agrees_resolves_the_warnings_it_brings_in_line(tmp_path, officer):
    _hhs, first, third = _opened(tmp_path, officer)
    before = _last_event()
    _decide(officer, first, monitoring_kind="边缘易致贫户", risk_types=["因病"],
            risk_eliminated=False)
    reason = _reason()
    assert _rows() == [(first, "IMPORT-HELD-ELIMINATION", "resolved", False, reason),
                       (first, "IMPORT-HELD-KIND", "resolved", False, reason),
                       (first, "IMPORT-HELD-STATUS", "new", True, ""),
                       (third, "IMPORT-HELD-STATUS", "new", True, "")]
    kind = Warning.objects.get(household__number=first, rule_code="IMPORT-HELD-KIND")
    assert (kind.handled_by_id, kind.handled_at is not None) == (officer.pk, True)
    events = list(AuditEvent.objects.filter(pk__gt=before).order_by("pk").values_list(
        "action", "actor_id", "object_id", "note", "diff"))
    assert [e[0] for e in events] == ["registry.household.decision",
                                      "screening.warning.decision_resolve",
                                      "screening.warning.decision_resolve"]
    assert events[2][1:] == (officer.pk, str(kind.pk), NOTE, {
        "household": first, "rule_code": "IMPORT-HELD-KIND", "year": kind.year,
        "state": ["new", "resolved"], "active": [True, False], "reason": reason})
    # the household page and the inbox give the reason, in Chinese and in English
    client = Client()
    client.force_login(officer)
    page = client.get(f"/registry/households/{kind.household_id}/").content.decode()
    assert f"处理说明：{reason}" in page and "审定结果已一致" in page
    inbox = client.get(f"/screening/?state=all&q={first}").content.decode()
    assert "审定结果已一致" in inbox
    client.cookies["django_language"] = "en"
    page = client.get(f"/registry/households/{kind.household_id}/").content.decode()
    assert (f"Note: Identification case 7 announced: jianpin now agrees with import batch "
            f"{_batch('national.xlsx').pk} (national.xlsx), the difference is gone") in page
    hits = page[page.index('class="card screening-hits"'):]
    hits = hits[:hits.index("</section>")]
    assert "a decision brought jianpin in line" in hits and "识别案件" not in hits
    # the same file imported again finds nothing to reopen for those two
    again = service.run(_differing(tmp_path, _hhs), user=officer, dry_run=False, options=WARN)
    assert again.warnings == counts(unchanged=2)
    assert [r[2] for r in _rows()] == ["resolved", "resolved", "new", "new"]


def test_a_decision_that_still_differs_shows_its_value_and_keeps_the_state(tmp_path, officer):
    hhs, first, _third = _opened(tmp_path, officer)
    kind = Warning.objects.get(household__number=first, rule_code="IMPORT-HELD-KIND")
    do_acknowledge(officer, kind)
    before, explanation = _last_event(), dict(kind.explanation)
    _decide(officer, first, monitoring_kind="突发严重困难户")
    kind.refresh_from_db()
    assert (kind.state, kind.active, kind.reason) == ("acknowledged", True, "")
    assert kind.explanation == {**explanation, "监测对象类型（本系统）": "突发严重困难户"}
    [event] = AuditEvent.objects.filter(pk__gt=before, action__startswith="screening.")
    assert (event.action, event.object_id, event.note, event.diff) == (
        "screening.warning.decision_update", str(kind.pk), NOTE, {
            "household": first, "rule_code": "IMPORT-HELD-KIND", "year": kind.year,
            "explanation": [explanation, kind.explanation]})
    # the next import of the same file finds the very difference the warning shows
    again = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    assert again.warnings == counts(unchanged=4)
    kind.refresh_from_db()
    assert (kind.state, kind.explanation["监测对象类型（本系统）"]) == ("acknowledged", "突发严重困难户")


def test_a_decision_never_reopens_a_closed_warning_the_next_import_does(tmp_path, officer):
    hhs, first, third = _opened(tmp_path, officer)
    _decide(officer, third, status="一般农户")               # as the file said: resolved
    closed = _rows()[3]
    assert closed[2:4] == ("resolved", False)
    before = _last_event()
    _decide(officer, third, note="脱贫退出案件 8 公告", status="脱贫户")   # away from the file
    assert _rows()[3] == closed
    assert not AuditEvent.objects.filter(pk__gt=before, action__startswith="screening.").exists()
    out = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    assert out.warnings == counts(unchanged=3, reopened=1)
    assert _rows()[3] == (third, "IMPORT-HELD-STATUS", "new", True, "")
    assert AuditEvent.objects.filter(pk__gt=before,
                                     action="screening.warning.import_reopen").count() == 1


def test_a_dismissed_warning_is_only_marked_inactive(tmp_path, officer):
    _hhs, _first, third = _opened(tmp_path, officer)
    w = Warning.objects.get(household__number=third)
    do_dismiss(officer, do_acknowledge(officer, w), "国家系统信息有误，已反馈")
    before = _last_event()
    _decide(officer, third, status="一般农户")
    assert _rows()[3][1:] == ("IMPORT-HELD-STATUS", "dismissed", False, "国家系统信息有误，已反馈")
    [event] = AuditEvent.objects.filter(pk__gt=before, action__startswith="screening.")
    assert (event.action, event.diff) == ("screening.warning.decision_resolve", {
        "household": third, "rule_code": "IMPORT-HELD-STATUS", "year": w.year,
        "active": [True, False]})


def test_a_decision_on_other_fields_changes_nothing(tmp_path, officer):
    _hhs, first, _third = _opened(tmp_path, officer)
    before, rows = _last_event(), _rows()
    _decide(officer, first, risk_types=["因病"])      # no warning shows the risk types
    assert _rows() == rows
    assert not AuditEvent.objects.filter(pk__gt=before, action__startswith="screening.").exists()


def test_only_who_may_triage_closes_warnings(tmp_path, officer, cadre):
    _hhs, first, _third = _opened(tmp_path, officer)
    hh = Household.objects.get(number=first)
    hh.monitoring_kind = "边缘易致贫户"                  # as a decision would leave it
    rows, events = _rows(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        import_held_decisions.decided(cadre, [hh], note=NOTE)
    assert (_rows(), AuditEvent.objects.count()) == (rows, events)
    # every role that announces decisions may triage warnings
    assert all(Cap.TRIAGE_WARNINGS in caps for caps in CAPABILITIES.values()
               if Cap.DECIDE_CASE in caps) and Cap.DECIDE_CASE in CAPABILITIES[Role.COUNTY_OFFICER]


@pytest.mark.parametrize("n", [3, 40])
def test_the_writes_are_set_based(tmp_path, officer, n):
    hhs = households(n)
    service.run(_write_all(tmp_path, hhs), user=officer, dry_run=False)
    held = [{"number": hh[0]["hh.number"], "field": "monitoring_kind", "member": "",
             "stored": "", "file": "边缘易致贫户"} for hh in hhs]
    import_held_store.sync(officer, held, batch="1（a.xlsx）", year=2025)
    assert Warning.objects.filter(state="new").count() == n
    decided = list(Household.objects.filter(number__in=[h["number"] for h in held]))
    for hh in decided:
        hh.monitoring_kind = "边缘易致贫户"
    with CaptureQueriesContext(connection) as queries:
        got = import_held_decisions.decided(officer, decided, note=NOTE)
    assert got == {"resolved": n, "updated": 0}
    assert Warning.objects.filter(state="resolved", active=False).count() == n
    assert AuditEvent.objects.filter(action="screening.warning.decision_resolve").count() == n
    # warnings, update, audit (+ a savepoint on some engines): no query per warning
    assert len(queries) == 3


def _write_all(tmp_path: Any, hhs: list[list[dict]]) -> Any:
    from jianpin.screening.tests.test_import_held import _set, _write

    for hh in hhs:
        _set(hh, status="脱贫户", monitoring_kind="")
    return _write(tmp_path, hhs, "all.xlsx")
