"""A later import that agrees closes the warnings held differences opened; dismissed warnings
stay dismissed unless the difference changes; resolved ones reopen when it comes back; the
writes are set-based (the same number of statements for 3 households or 40)."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jianpin.audit.models import AuditEvent
from jianpin.registry.io import service
from jianpin.registry.io.layouts import MONITORING, NATIONAL
from jianpin.registry.io.models import ImportBatch
from jianpin.registry.models import Household
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx
from jianpin.screening import import_held_store
from jianpin.screening.actions import do_acknowledge, do_dismiss
from jianpin.screening.models import Warning
from jianpin.screening.tests.test_import_held import WARN, _county, _differing, _set, _write, counts

pytestmark = pytest.mark.django_db
REASON = "导入批次 {}（{}） 与本系统一致，差异已消除"


def _rows() -> list[tuple[Any, ...]]:
    return list(Warning.objects.order_by("household__number", "rule_code").values_list(
        "household__number", "rule_code", "state", "active", "reason"))


def _opened(tmp_path: Any, officer: Any) -> tuple[list[list[dict]], str, str]:
    hhs = _county(tmp_path, officer)
    out = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    assert out.warnings == counts(4)
    return hhs, hhs[0][0]["hh.number"], hhs[2][0]["hh.number"]


def _batch(name: str) -> ImportBatch:
    return ImportBatch.objects.filter(file_name=name).latest("pk")


def test_a_file_that_agrees_resolves_the_warning_with_the_batch_named(tmp_path, officer):
    hhs, first, third = _opened(tmp_path, officer)
    _set(hhs[2], status="脱贫户")           # the third household's file now agrees
    before = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0   # ids are not reused
    out = service.run(_write(tmp_path, hhs, "agree.xlsx"), user=officer, dry_run=False,
                      options=WARN)
    assert out.committed and out.warnings == counts(unchanged=3, resolved=1)
    reason = REASON.format(_batch("agree.xlsx").pk, "agree.xlsx")
    assert _rows() == [(first, "IMPORT-HELD-ELIMINATION", "new", True, ""),
                       (first, "IMPORT-HELD-KIND", "new", True, ""),
                       (first, "IMPORT-HELD-STATUS", "new", True, ""),
                       (third, "IMPORT-HELD-STATUS", "resolved", False, reason)]
    w = Warning.objects.get(household__number=third)
    assert (w.handled_by_id, w.handled_at is not None) == (officer.pk, True)
    [event] = AuditEvent.objects.filter(pk__gt=before, action__startswith="screening.")
    assert (event.action, event.actor_id, event.object_id, event.note, event.diff) == (
        "screening.warning.import_resolve", officer.pk, str(w.pk),
        f"导入批次 {_batch('agree.xlsx').pk}", {
            "household": third, "rule_code": "IMPORT-HELD-STATUS", "year": out.year,
            "state": ["new", "resolved"], "active": [True, False], "reason": reason})
    assert AuditEvent.objects.filter(pk__gt=before).count() == 1     # the close, nothing else
    # the inbox's open list no longer shows it; all states do, with the reason
    client = Client()
    client.force_login(officer)
    for number, rows in ((first, 3), (third, 0)):
        page = client.get("/screening/?q=" + number).content.decode()
        assert page.count('<small class="muted">IMPORT-HELD-') == rows
    page = client.get(f"/screening/?state=all&q={third}").content.decode()
    assert "已解决" in page and "最近导入已一致" in page and "差异已消除" in page
    client.cookies["django_language"] = "en"
    page = client.get(f"/screening/?state=all&q={third}").content.decode()
    assert "Resolved" in page and "the latest import agrees" in page
    assert f"Import batch {_batch('agree.xlsx').pk} (agree.xlsx) agrees with jianpin" in page
    # the same agreeing file again writes nothing more
    again = service.run(_write(tmp_path, hhs, "agree.xlsx"), user=officer, dry_run=False,
                        options=WARN)
    assert again.warnings == counts(unchanged=3)
    assert _rows()[3] == (third, "IMPORT-HELD-STATUS", "resolved", False, reason)


def test_jianpin_changed_to_agree_closes_on_the_next_import(tmp_path, officer):
    hhs, first, third = _opened(tmp_path, officer)
    Household.objects.filter(number=first).update(status="一般农户")   # as a decision would
    out = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    assert out.warnings == counts(unchanged=3, resolved=1)
    assert [(n, c, s) for n, c, s, _a, _r in _rows()] == [
        (first, "IMPORT-HELD-ELIMINATION", "new"), (first, "IMPORT-HELD-KIND", "new"),
        (first, "IMPORT-HELD-STATUS", "resolved"), (third, "IMPORT-HELD-STATUS", "new")]


def test_a_file_without_the_fields_closes_nothing(tmp_path, officer):
    """The national layout has no monitoring kind or elimination columns: its agreement on the
    status closes the status warnings only."""
    hhs, first, third = _opened(tmp_path, officer)
    for hh in hhs:
        _set(hh, status="脱贫户")
    path = write_xlsx(tmp_path / "roster2014.xlsx", *rows_of(hhs, NATIONAL))
    out = service.run(path, user=officer, dry_run=False, options=WARN)
    assert out.warnings == counts(resolved=2)
    assert [(n, c, s, a) for n, c, s, a, _r in _rows()] == [
        (first, "IMPORT-HELD-ELIMINATION", "new", True), (first, "IMPORT-HELD-KIND", "new", True),
        (first, "IMPORT-HELD-STATUS", "resolved", False),
        (third, "IMPORT-HELD-STATUS", "resolved", False)]


def test_a_dismissed_warning_stays_dismissed_unless_the_difference_changes(tmp_path, officer):
    hhs, _first, third = _opened(tmp_path, officer)
    w = Warning.objects.get(household__number=third)
    do_dismiss(officer, do_acknowledge(officer, w), "国家系统信息有误，已反馈")
    same = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    assert same.warnings == counts(unchanged=4)
    assert _rows()[3][1:] == ("IMPORT-HELD-STATUS", "dismissed", True, "国家系统信息有误，已反馈")
    # the file agrees: still dismissed, no longer active
    _set(hhs[2], status="脱贫户")
    agree = service.run(_write(tmp_path, hhs, "agree.xlsx"), user=officer, dry_run=False,
                        options=WARN)
    assert agree.warnings == counts(unchanged=3, resolved=1)
    assert _rows()[3][1:] == ("IMPORT-HELD-STATUS", "dismissed", False, "国家系统信息有误，已反馈")
    event = AuditEvent.objects.filter(action="screening.warning.import_resolve").get()
    assert (event.object_id, event.diff["active"], "state" in event.diff) == (
        str(w.pk), [True, False], False)
    # the difference it was dismissed for comes back: seen again, not reopened
    back = service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    assert back.warnings == counts(updated=1, unchanged=3)
    assert _rows()[3][1:] == ("IMPORT-HELD-STATUS", "dismissed", True, "国家系统信息有误，已反馈")
    # another difference: reopened as new
    _set(hhs[2], status="贫困户")
    other = service.run(_write(tmp_path, hhs, "other.xlsx"), user=officer, dry_run=False,
                        options=WARN)
    assert other.warnings == counts(unchanged=3, reopened=1)
    w.refresh_from_db()
    assert (w.state, w.active, w.reason, w.handled_by_id, w.explanation) == (
        "new", True, "", None, {"导入批次": f"{_batch('other.xlsx').pk}（other.xlsx）",
                                "户类型（导入文件）": "贫困户", "户类型（本系统）": "脱贫户"})
    reopen = AuditEvent.objects.get(action="screening.warning.import_reopen")
    assert (reopen.object_id, reopen.diff["state"]) == (str(w.pk), ["dismissed", "new"])


def test_a_resolved_warning_reopens_when_the_difference_comes_back(tmp_path, officer):
    hhs, _first, third = _opened(tmp_path, officer)
    _set(hhs[2], status="脱贫户")
    service.run(_write(tmp_path, hhs, "agree.xlsx"), user=officer, dry_run=False, options=WARN)
    _set(hhs[2], status="一般农户")
    out = service.run(_write(tmp_path, hhs, "again.xlsx"), user=officer, dry_run=False,
                      options=WARN)
    assert out.warnings == counts(unchanged=3, reopened=1)
    assert _rows()[3] == (third, "IMPORT-HELD-STATUS", "new", True, "")
    assert Warning.objects.count() == 4         # the same warning, not a second one


def _held(hhs: list[list[dict]]) -> list[dict[str, Any]]:
    return [{"number": hh[0]["hh.number"], "field": "status", "member": "", "stored": "脱贫户",
             "file": "一般农户"} for hh in hhs]


@pytest.mark.parametrize("n", [3, 40])
def test_the_writes_are_set_based(tmp_path, officer, n):
    """Opening n warnings and closing them take the same statements for 3 or 40 households."""
    hhs = households(n)
    for hh in hhs:
        _set(hh, status="脱贫户", monitoring_kind="")
    service.run(write_xlsx(tmp_path / "all.xlsx", *rows_of(hhs, MONITORING)), user=officer,
                dry_run=False)
    given = {hh[0]["hh.number"]: ("status", "head_name") for hh in hhs}
    with CaptureQueriesContext(connection) as opened:
        got = import_held_store.sync(officer, _held(hhs), batch="1（a.xlsx）", year=2025,
                                     given=given)
    assert got == counts(n) and Warning.objects.filter(state="new").count() == n
    with CaptureQueriesContext(connection) as closed:
        got = import_held_store.sync(officer, [], batch="2（b.xlsx）", year=2025, given=given)
    assert got == counts(resolved=n)
    assert Warning.objects.filter(state="resolved", active=False).count() == n
    assert AuditEvent.objects.filter(action__startswith="screening.warning.import").count() == 2 * n
    # households, warnings, insert, audit (+ savepoints on some engines): no query per warning
    assert (len(opened), len(closed)) == (STATEMENTS[connection.vendor])


STATEMENTS = {"sqlite": (4, 4), "postgresql": (4, 4)}


def test_village_cadre_cannot_close_warnings(tmp_path, officer, cadre):
    from jianpin.kernel.errors import PermissionDenied

    hhs, _first, _third = _opened(tmp_path, officer)
    given = {hh[0]["hh.number"]: ("status", "monitoring_kind", "risk_eliminated") for hh in hhs}
    before = _rows()
    with pytest.raises(PermissionDenied):
        import_held_store.sync(cadre, [], batch="9（c.xlsx）", year=2025, given=given)
    assert _rows() == before
    assert not AuditEvent.objects.filter(action="screening.warning.import_resolve").exists()
