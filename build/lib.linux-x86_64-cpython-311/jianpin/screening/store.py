"""Store a run's hits as warnings: new, unchanged and resolved, decided by SQL.

The hits go into a temporary staging table (COPY on PostgreSQL, executemany on SQLite); three
statements then update the warnings that still hit, insert the new ones and mark the ones in
scope that no longer hit as inactive. No model object is built per warning, so storing costs
about as much as writing the rows. `store_warnings_orm` is the previous per-object path, kept
as the reference the set-based path is tested and benchmarked against.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection

from jianpin.screening.features import area_bounds
from jianpin.screening.models import Warning

if TYPE_CHECKING:
    from jianpin.screening.models import ScreeningRun
    from jianpin.screening.service import Result

STAGE = "jp_warning_stage"
SCREENED = "jp_screened"
_STAGE_COLS = ("household_id", "village_code", "rule_code", "rule_name", "category", "flag",
               "severity", "explanation")


@dataclass(frozen=True)
class Stored:
    """What a run did to the warnings of its scope (unchanged includes those carried over,
    which an incremental run counts without writing)."""

    new: int
    unchanged: int
    resolved: int


def _rows(result: Result) -> Iterable[tuple[Any, ...]]:
    if result.spark is not None:  # already staging rows, read back from the executors' files
        yield from result.spark.hit_rows()
        return
    for h in result.hits:
        r = h.rule
        # json.dumps with its defaults is what JSONField writes, so both paths store equal text.
        yield (h.household_id, h.village_code, r.code, r.name, r.category, r.flag, r.severity,
               json.dumps(h.explanation))


def _stage(c: Any, rows: Iterable[tuple[Any, ...]], screened: Sequence[int] | None) -> None:
    """Fill the staging tables (hits; the households screened when the run is partial)."""
    pg = connection.vendor == "postgresql"
    temp = "TEMPORARY" if pg else "TEMP"
    c.execute(f"DROP TABLE IF EXISTS {STAGE}")
    c.execute(f"CREATE {temp} TABLE {STAGE} (household_id BIGINT NOT NULL, "
              "village_code VARCHAR(12) NOT NULL, rule_code VARCHAR(40) NOT NULL, "
              "rule_name VARCHAR(200) NOT NULL, category VARCHAR(24) NOT NULL, "
              "flag VARCHAR(60) NOT NULL, severity VARCHAR(2) NOT NULL, explanation TEXT NOT NULL, "
              "PRIMARY KEY (household_id, rule_code))")
    c.execute(f"DROP TABLE IF EXISTS {SCREENED}")
    c.execute(f"CREATE {temp} TABLE {SCREENED} (household_id BIGINT PRIMARY KEY)")
    ids = [(i,) for i in screened] if screened is not None else []
    if pg:
        raw = c.cursor
        with raw.copy(f"COPY {STAGE} ({', '.join(_STAGE_COLS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with raw.copy(f"COPY {SCREENED} (household_id) FROM STDIN") as copy:
            for row in ids:
                copy.write_row(row)
        c.execute(f"ANALYZE {STAGE}")
    else:
        marks = ", ".join(["%s"] * len(_STAGE_COLS))
        c.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", rows)
        c.executemany(f"INSERT INTO {SCREENED} VALUES (%s)", ids)


def store_warnings(run: ScreeningRun, result: Result,
                   screened: Sequence[int] | None = None) -> Stored:
    """Upsert one warning per (household, rule set, rule, year); mark the rest of the scope
    inactive.

    The scope is the run's rule set, area, year and rules, narrowed to the households in `screened`
    when the run screened only some of them (an incremental run). Call inside a transaction.
    """
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    low, high = area_bounds(run.area_code or None)
    codes = [r.code for r in result.rules]
    pg = connection.vendor == "postgresql"
    explanation = "CAST(s.explanation AS jsonb)" if pg else "s.explanation"
    match = ("w.household_id = s.household_id AND w.rule_code = s.rule_code "
             "AND w.year = %s AND w.rule_set = %s")
    with connection.cursor() as c:
        _stage(c, _rows(result), screened)
        # An UPDATE ... FROM touches only rows that still hit; the warning keeps its state.
        c.execute(f"UPDATE {Warning._meta.db_table} AS w SET explanation = {explanation}, "
                  "last_run_id = %s, last_seen = %s, active = %s, flag = s.flag, "
                  "rule_name = s.rule_name, village_code = s.village_code "
                  f"FROM {STAGE} AS s WHERE {match}",
                  [run.pk, now, True, run.year, run.rule_set])
        unchanged = c.rowcount
        c.execute(f"INSERT INTO {Warning._meta.db_table} (household_id, village_code, year, "
                  "rule_set, rule_code, rule_name, category, flag, severity, explanation, "
                  "state, reason, active, first_run_id, last_run_id, first_seen, last_seen) "
                  f"SELECT s.household_id, s.village_code, %s, %s, s.rule_code, s.rule_name, "
                  f"s.category, s.flag, s.severity, {explanation}, 'new', '', %s, %s, %s, %s, %s "
                  # No anti-join: on a first run the warning table has no statistics, and a
                  # nested loop over it rescans every row this statement inserts (quadratic).
                  # WHERE 1 = 1 tells SQLite the ON belongs to the upsert, not to a join.
                  f"FROM {STAGE} AS s WHERE 1 = 1 "
                  "ON CONFLICT (household_id, rule_set, rule_code, year) DO NOTHING",
                  [run.year, run.rule_set, True, run.pk, run.pk, now, now])
        new = c.rowcount
        resolved = _resolve(c, run, codes, low, high, partial=screened is not None)
        if screened is not None:
            unchanged += _carried(c, run, codes, low, high)
        c.execute(f"DROP TABLE IF EXISTS {STAGE}")
        c.execute(f"DROP TABLE IF EXISTS {SCREENED}")
    return Stored(new, unchanged, resolved)


def _resolve(c: Any, run: ScreeningRun, codes: Sequence[str], low: str, high: str, *,
             partial: bool) -> int:
    """Mark active warnings of the scope that this run did not see as inactive."""
    if not codes:
        return 0
    marks = ", ".join(["%s"] * len(codes))
    only = f" AND household_id IN (SELECT household_id FROM {SCREENED})" if partial else ""
    c.execute(f"UPDATE {Warning._meta.db_table} SET active = %s WHERE year = %s "
              f"AND rule_set = %s AND rule_code IN ({marks}) AND village_code >= %s "
              "AND village_code < %s AND active = %s "
              "AND (last_run_id IS NULL OR last_run_id <> %s)" + only,
              [False, run.year, run.rule_set, *codes, low, high, True, run.pk])
    return int(c.rowcount)


def _carried(c: Any, run: ScreeningRun, codes: Sequence[str], low: str, high: str) -> int:
    """The active warnings of the scope an incremental run stands behind without screening
    their households again: counted, not written (their last_run stays the run that last
    screened the household; the run's `hits` count them)."""
    if not codes:
        return 0
    marks = ", ".join(["%s"] * len(codes))
    c.execute(f"SELECT COUNT(*) FROM {Warning._meta.db_table} WHERE year = %s "
              f"AND rule_set = %s AND rule_code IN ({marks}) AND village_code >= %s "
              "AND village_code < %s AND active = %s "
              f"AND household_id NOT IN (SELECT household_id FROM {SCREENED})",
              [run.year, run.rule_set, *codes, low, high, True])
    return int(c.fetchone()[0])


def store_warnings_orm(run: ScreeningRun, result: Result,
                       screened: Sequence[int] | None = None) -> Stored:
    """The previous path: one model object per warning, `bulk_update` of every existing one."""
    from django.utils import timezone

    if screened is not None:
        raise ValueError("the per-object path stores full runs only")

    now = timezone.now()
    low, high = area_bounds(run.area_code or None)
    codes = [r.code for r in result.rules]
    existing = {(w.household_id, w.rule_code): w for w in Warning.objects.filter(
        year=run.year, rule_set=run.rule_set, rule_code__in=codes, village_code__gte=low,
        village_code__lt=high)}
    fresh, changed = [], []
    for hit in result.hits:
        found = existing.pop((hit.household_id, hit.rule.code), None)
        rule = hit.rule
        if found is None:
            fresh.append(Warning(
                household_id=hit.household_id, village_code=hit.village_code, year=run.year,
                rule_set=run.rule_set, rule_code=rule.code, rule_name=rule.name, category=rule.category,
                flag=rule.flag, severity=rule.severity, explanation=hit.explanation,
                first_run=run, last_run=run, last_seen=now))
        else:
            found.explanation, found.last_run, found.last_seen = hit.explanation, run, now
            found.active, found.flag, found.rule_name = True, rule.flag, rule.name
            changed.append(found)
    Warning.objects.bulk_create(fresh, batch_size=1000)
    Warning.objects.bulk_update(changed, ["explanation", "last_run", "last_seen", "active",
                                          "flag", "rule_name"], batch_size=1000)
    gone = [w.pk for w in existing.values() if w.active]
    for start in range(0, len(gone), 900):
        Warning.objects.filter(pk__in=gone[start:start + 900]).update(active=False)
    return Stored(len(fresh), len(changed), len(gone))
