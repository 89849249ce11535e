"""Writing the warnings of an import's held differences, set-based (`import_held`).

An import that asks for warnings hands over every difference it held back and, for each
household of the file, the household fields the file gives (a blank cell gives nothing). Per
household and field set of the import's year:

- a difference with no warning yet opens one (`screening.warning.import`);
- a difference an open warning already shows (new or acknowledged) changes nothing; a changed one
  refreshes its explanation and keeps the triage state (`import_update`);
- a dismissed warning, or one turned into a case, stays so while the file says what it said when
  it was handled (only marked as seen again if an agreeing file had closed it); a different
  difference reopens it as new (`import_reopen`), as does any difference on a warning an agreeing
  file had resolved;
- no difference, where the file gives every field the warning named, closes the warning: an open
  one is resolved (state 已解决, the reason naming the batch), a dismissed one or one turned into a
  case only marked inactive (`import_resolve`). A file that leaves those fields out says nothing
  and closes nothing. A warning of IMPORT-HELD-OTHER closes by the same rule on every field it
  shows, the household's and its members' (`import_held_members.file_gives`: the member found
  among the file's members of the household by the key the warning recorded, the field given
  for it); a decision or an edit that brings jianpin in line closes it too
  (`import_held_decisions`).

A workflow decision that brings jianpin in line closes them too (`import_held_decisions`).

The reads are one query for the year's import warnings and chunked IN lists; the writes are
one bulk insert, one UPDATE ... FROM a staged table for the refreshed and reopened, UPDATEs of
900 ids at a time for the reopened and closed, and one bulk insert of audit events (one event
per warning written), however many households the file holds.
"""
from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import sanitise
from jianpin.audit.models import AuditEvent
from jianpin.registry.models import Household
from jianpin.screening.import_held import (
    CATEGORY,
    CHUNK,
    OTHER,
    RESOLVED_REASON,
    RULE_SET,
    SETS,
    SEVERITY,
    explanations,
    fields_named,
    same,
)
from jianpin.screening.import_held_members import file_gives
from jianpin.screening.models import Warning, WarningState

S = WarningState
OPEN, HANDLED = (S.NEW, S.ACKNOWLEDGED), (S.DISMISSED, S.CASE_OPENED)
READ = ("household_id", "rule_code", "explanation", "village_code", "state", "active")
STAGE = "jp_held_stage"


@dataclass
class _Out:
    """What to write, gathered before anything is written."""

    new: list[tuple[str, Warning]]                       # (household number, warning)
    changed: list[tuple[Warning, str, dict[str, Any]]]   # (warning, action, audit diff)
    resolve: list[tuple[Warning, bool]]                  # (warning, resolved: open before)
    unchanged: int = 0


def sync(actor: Any, held: list[Mapping[str, Any]], *, batch: str, year: int, note: str = "",
         given: Mapping[str, Collection[str]] | None = None,
         members: Mapping[str, Sequence[Any]] | None = None) -> dict[str, int]:
    """Open, refresh, reopen and close the import warnings of the file's households; return the
    counts {"new", "updated", "unchanged", "reopened", "resolved"}. `given`: household number
    → the household fields the file gives; `members`: household number → the file's members
    (each with `vals`, the member fields the file gives). The caller holds the import's
    transaction."""
    found = explanations(held, batch)
    given = given or {}
    existing, where = _existing(year, set(given) | {n for n, _c in found})
    where.update(_households(sorted({n for n, _c in found} - set(where))))
    now = timezone.now()
    out = _decide(found, existing, where, (given, members or {}), year, now)
    if actor is not None:
        villages = {w.village_code for _n, w in out.new} | {
            w.village_code for w, _a, _d in out.changed} | {w.village_code for w, _r in out.resolve}
        for village in sorted(villages):
            check_can(actor, Cap.TRIAGE_WARNINGS, village)
    _write(actor, out, {pk: n for n, (pk, _v) in where.items()}, batch=batch, year=year,
           note=note or batch, now=now)
    return {"new": len(out.new),
            "updated": sum(1 for _w, a, _d in out.changed if a.endswith("update")),
            "unchanged": out.unchanged,
            "reopened": sum(1 for _w, a, _d in out.changed if a.endswith("reopen")),
            "resolved": len(out.resolve)}


def _existing(year: int, numbers: set[str]) -> tuple[dict[tuple[str, str], Warning],
                                                     dict[str, tuple[int, str]]]:
    """The year's import warnings of these households, locked for this transaction, and where
    their households are (number → id, village): the year's (household, rule) pairs in one
    read, then the rows to keep by id, 900 a statement."""
    if not numbers:
        return {}, {}
    pairs = Warning.objects.filter(rule_set=RULE_SET, year=year, rule_code__in=list(SETS)) \
        .order_by().values_list("pk", "household_id", "household__number", "household__village_id")
    where = {n: (hh, v) for _pk, hh, n, v in pairs if n in numbers}
    number = {hh: n for n, (hh, _v) in where.items()}
    pks = sorted(pk for pk, _hh, n, _v in pairs if n in numbers)
    out: dict[tuple[str, str], Warning] = {}
    for start in range(0, len(pks), CHUNK):
        for w in Warning.objects.select_for_update().only(*READ).filter(
                pk__in=pks[start:start + CHUNK]).order_by("pk"):
            out[(number[w.household_id], w.rule_code)] = w
    return out, where


def _households(numbers: list[str]) -> dict[str, tuple[int, str]]:
    where: dict[str, tuple[int, str]] = {}
    for start in range(0, len(numbers), CHUNK):
        where.update((n, (pk, v)) for n, pk, v in Household.objects.filter(
            number__in=numbers[start:start + CHUNK]).values_list("number", "pk", "village_id"))
    return where


def _decide(found: dict[tuple[str, str], dict[str, Any]],
            existing: dict[tuple[str, str], Warning], where: dict[str, tuple[int, str]],
            file: tuple[Mapping[str, Collection[str]], Mapping[str, Sequence[Any]]], year: int,
            now: Any) -> _Out:
    given, members = file
    out = _Out([], [], [])
    for (number, code), explanation in sorted(found.items()):
        if number not in where:
            continue        # not in jianpin (cannot happen: only stored households are held)
        pk, village = where[number]
        w = existing.get((number, code))
        if w is None:
            s = SETS[code]
            out.new.append((number, Warning(
                household_id=pk, village_code=village, year=year, rule_set=RULE_SET,
                rule_code=code, rule_name=s.name, category=CATEGORY, flag=s.flag,
                severity=SEVERITY, explanation=explanation, last_seen=now)))
            continue
        unchanged = same(w.explanation, explanation)
        if w.state == S.RESOLVED or (w.state in HANDLED and not unchanged):
            diff = {"state": [w.state, S.NEW], "explanation": [w.explanation, explanation]}
            w.state, w.reason, w.handled_by, w.handled_at = S.NEW, "", None, None
            _refresh(w, explanation, village, now)
            out.changed.append((w, "screening.warning.import_reopen", diff))
        elif unchanged and w.active:
            out.unchanged += 1
        else:       # a refreshed difference, or a handled one seen again (state kept)
            diff = {"explanation": [w.explanation, explanation]} if not unchanged else {
                "active": [False, True]}
            _refresh(w, w.explanation if unchanged else explanation, village, now)
            out.changed.append((w, "screening.warning.import_update", diff))
    for (number, code), w in sorted(existing.items()):
        if (number, code) in found or not w.active:
            continue
        if code == OTHER:
            agrees = file_gives(code, w.explanation, set(given.get(number, ())),
                                members.get(number, ()))
        else:
            fields = fields_named(code, w.explanation) or set(SETS[code].fields)
            agrees = bool(fields) and fields <= set(given.get(number, ()))
        if agrees:
            out.resolve.append((w, w.state in OPEN))
    return out


def _refresh(w: Warning, explanation: dict[str, Any], village: str, now: Any) -> None:
    w.explanation, w.village_code, w.last_seen, w.active = explanation, village, now, True


def refresh_all(rows: list[Warning], now: Any) -> None:
    """Each row's new explanation and village, active and seen now: staged in a temporary
    table (COPY on PostgreSQL), then one UPDATE ... FROM (as `store.store_warnings` does)."""
    if not rows:
        return
    pg = connection.vendor == "postgresql"
    table = Warning._meta.db_table
    with connection.cursor() as c:
        c.execute(f"DROP TABLE IF EXISTS {STAGE}")
        c.execute(f"CREATE {'TEMPORARY' if pg else 'TEMP'} TABLE {STAGE} (id BIGINT PRIMARY KEY, "
                  "village_code VARCHAR(12) NOT NULL, explanation TEXT NOT NULL)")
        staged = ((w.pk, w.village_code, json.dumps(w.explanation)) for w in rows)
        if pg:
            with c.cursor.copy(f"COPY {STAGE} (id, village_code, explanation) FROM STDIN") as copy:
                for row in staged:
                    copy.write_row(row)
        else:
            c.executemany(f"INSERT INTO {STAGE} VALUES (%s, %s, %s)", list(staged))
        explanation = "CAST(s.explanation AS jsonb)" if pg else "s.explanation"
        c.execute(f"UPDATE {table} AS w SET explanation = {explanation}, "
                  "village_code = s.village_code, active = %s, last_seen = %s "
                  f"FROM {STAGE} AS s WHERE w.id = s.id",
                  [True, connection.ops.adapt_datetimefield_value(now)])
        c.execute(f"DROP TABLE IF EXISTS {STAGE}")


def _write(actor: Any, out: _Out, number: dict[int, str], *, batch: str, year: int, note: str,
           now: Any) -> None:
    who = actor if getattr(actor, "pk", None) else None
    created = Warning.objects.bulk_create([w for _n, w in out.new], batch_size=500)
    refresh_all([w for w, _a, _d in out.changed], now)
    reopened = sorted(w.pk for w, a, _d in out.changed if a.endswith("reopen"))
    for start in range(0, len(reopened), CHUNK):
        Warning.objects.filter(pk__in=reopened[start:start + CHUNK]).update(
            state=S.NEW, reason="", handled_by=None, handled_at=None)
    reason = RESOLVED_REASON % {"batch": batch}
    for resolved in (True, False):
        pks = sorted(w.pk for w, r in out.resolve if r is resolved)
        for start in range(0, len(pks), CHUNK):
            rows = Warning.objects.filter(pk__in=pks[start:start + CHUNK])
            if resolved:
                rows.update(state=S.RESOLVED, active=False, reason=reason, handled_by=who,
                            handled_at=now, last_seen=now)
            else:
                rows.update(active=False, last_seen=now)
    events: Iterable[tuple[Warning, str, dict[str, Any]]] = [
        *((w, "screening.warning.import", {"explanation": w.explanation}) for w in created),
        *out.changed,
        *((w, "screening.warning.import_resolve",
           {"state": [w.state, S.RESOLVED], "active": [True, False], "reason": reason}
           if r else {"active": [True, False]}) for w, r in out.resolve)]
    AuditEvent.objects.bulk_create([AuditEvent(
        actor=who, action=action, object_type="screening.warning", object_id=str(w.pk),
        region_code=w.village_code, note=note,
        diff=sanitise({"household": number[w.household_id],
                       "rule_code": w.rule_code, "year": year, **diff}))
        for w, action, diff in events], batch_size=500)
