"""Which households changed since a run: change marks kept by the database itself.

Triggers on every table the features read (`TRIGGER_SOURCES`) mark the households a write
touches in `screening_householdchange` with the current value of the change clock: the write
layer's saves, set-based updates, imports, the bulk generator and raw SQL all count.
PostgreSQL marks once per statement (transition tables), SQLite once per row. A standard or
reference figure marks every household of the region subtree it applies to, and a division
of the region tree (renamed, moved, merged, added or removed) the households under it, in
one set-based statement (`TREE_SOURCES`).

A bulk writer of registry households, members and incomes (the import, the generator's bulk
mode; `registry.bulkwrites`) marks the households it wrote itself, once, set-based
(`bulk_registry_writes`): from its first write on, the row triggers of those three tables take
no note of its own transaction's writes (a writer that writes nothing leaves them alone). On
SQLite their triggers are dropped and created again inside the writer's transaction
(measured: a trigger whose WHEN clause is false costs a cold import almost as much as one that
writes, about a fifth of it; dropped, nothing); no other writer can write while that
transaction holds the write lock, and readers see the triggers throughout. On PostgreSQL a
setting local to the transaction tells the marking function to skip those tables (no lock is
taken, no table altered); every other session's writes are marked as ever.

A run advances the clock before it reads any data and records the value it advanced from (its
mark): a change committed before that carries a mark at most equal to it and is in the data
the run read; any later change carries a higher mark. On PostgreSQL a writer reads the clock
with a share lock, so advancing the clock waits for the writers in progress to commit.

An incremental run builds on the last finished run of the same rule set, year and area whose
rules (`basis`) are the same. It screens the households marked since that run's mark, those
whose months under monitoring moved with the reference date, and with no such run, or with
other rules, every household.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from jianpin.registry import monitoring
from jianpin.rules.ruleset import Rule
from jianpin.screening.models import ChangeClock, HouseholdChange, RunStatus, ScreeningRun

TODO = "jp_todo"
CLOCK = ChangeClock._meta.db_table
MARKS = HouseholdChange._meta.db_table


@dataclass(frozen=True)
class Source:
    """A table whose rows are screened inputs: its columns a marking query reads, and the
    query (over the changed rows as `r`) giving the households they concern."""

    table: str
    columns: tuple[str, ...]
    household: str      # expression over r and the joined tables
    joins: str = ""
    events: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")


def _under(prefix: str) -> str:
    """Join the households whose village code starts with `r.<prefix>` (digit strings: the
    range compares the same in every collation and uses the village code index)."""
    return (f"JOIN registry_household h ON h.village_code BETWEEN r.{prefix} "
            f"AND r.{prefix} || '999999999999999'")


BASE_SOURCES = (
    Source("registry_household", ("id",), "r.id"),
    Source("registry_member", ("household_id",), "r.household_id"),
    Source("registry_incomerecord", ("household_id",), "r.household_id"),
    Source("assistance_pairing", ("household_id",), "r.household_id"),
    Source("assistance_plan", ("household_id",), "r.household_id"),
    Source("assistance_measure", ("plan_id",), "pl.household_id",
           "JOIN assistance_plan pl ON pl.id = r.plan_id"),
    # A department record flags whoever holds its ID number.
    Source("screening_deptrecord", ("id_number",), "m.household_id",
           "JOIN registry_member m ON m.id_number = r.id_number"),
    # A new version of a dataset replaces the previous one (and a deleted version makes the
    # previous one current again): the households the other version's records name change.
    Source("screening_deptupload", ("id", "kind", "region_code"), "m.household_id",
           "JOIN screening_deptrecord d ON d.upload_id = (SELECT MAX(x.id) FROM "
           "screening_deptupload x WHERE x.kind = r.kind AND x.region_code = r.region_code "
           "AND x.id <> r.id) JOIN registry_member m ON m.id_number = d.id_number",
           ("INSERT", "DELETE")),
)
# Standards and reference figures apply to a region's subtree; a division's prefix decides
# which households a department upload for it speaks for (an update marks under the old and
# the new prefix).
TREE_SOURCES = (
    Source("standards_standard", ("region_prefix",), "h.id", _under("region_prefix")),
    Source("standards_referencefigure", ("region_prefix",), "h.id", _under("region_prefix")),
    Source("regions_region", ("prefix",), "h.id", _under("prefix")),
)
TRIGGER_SOURCES = BASE_SOURCES + TREE_SOURCES


# The tables a bulk registry writer marks for itself, and the PostgreSQL setting (local to its
# transaction) that tells the marking function so.
BULK_TABLES = ("registry_household", "registry_member", "registry_incomerecord")
QUIET = "jianpin.bulk_marks"
PREFIX = "jp_mark_"     # every marking trigger's name starts with it


def _name(source: Source, event: str) -> str:
    return f"{PREFIX}{source.table}_{event.lower()}"


def postgres_sql(sources: Sequence[Source] = TRIGGER_SOURCES) -> list[str]:
    """The marking function and one statement-level trigger per table and event."""
    out = [f"""
CREATE OR REPLACE FUNCTION jp_mark_households() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  m bigint;
  q text;
BEGIN
  IF TG_TABLE_NAME IN ({", ".join(f"'{t}'" for t in BULK_TABLES)})
     AND current_setting('{QUIET}', true) = 'on' THEN
    RETURN NULL;   -- a bulk writer marks its households itself (bulk_registry_writes)
  END IF;
  SELECT value INTO m FROM {CLOCK} WHERE id = 1 FOR SHARE;
  m := COALESCE(m, 0);
  IF TG_OP = 'DELETE' THEN q := replace(TG_ARGV[0], 'ROWS', 'jp_old');
  ELSE q := replace(TG_ARGV[0], 'ROWS', 'jp_new');
  END IF;
  IF TG_OP = 'UPDATE' THEN
    q := q || ' UNION ' || replace(TG_ARGV[0], 'ROWS', 'jp_old');
  END IF;
  EXECUTE 'INSERT INTO {MARKS} (household_id, mark) SELECT h, $1 FROM (' || q
    || ') AS t(h) WHERE h IS NOT NULL GROUP BY h ORDER BY h '
    || 'ON CONFLICT (household_id) DO UPDATE SET mark = excluded.mark '
    || 'WHERE {MARKS}.mark <> excluded.mark' USING m;
  RETURN NULL;
END $$"""]
    for source in sources:
        query = f"SELECT {source.household} FROM ROWS r {source.joins}".replace("'", "''")
        for event in source.events:
            tables = {"INSERT": "NEW TABLE AS jp_new", "DELETE": "OLD TABLE AS jp_old",
                      "UPDATE": "OLD TABLE AS jp_old NEW TABLE AS jp_new"}[event]
            out.append(f"CREATE TRIGGER {_name(source, event)} AFTER {event} ON {source.table} "
                       f"REFERENCING {tables} FOR EACH STATEMENT "
                       f"EXECUTE FUNCTION jp_mark_households('{query}')")
    return out


def sqlite_sql(sources: Sequence[Source] = TRIGGER_SOURCES) -> list[str]:
    """One row-level trigger per table and event (old and new row for an update)."""
    out = []
    for source in sources:
        for event in source.events:
            rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[event]
            body = "".join(
                f"INSERT INTO {MARKS} (household_id, mark) SELECT {source.household}, "
                f"(SELECT COALESCE(MAX(value), 0) FROM {CLOCK}) FROM (SELECT "
                + ", ".join(f"{row}.{c} AS {c}" for c in source.columns)
                + f") AS r {source.joins} WHERE {source.household} IS NOT NULL "
                "ON CONFLICT (household_id) DO UPDATE SET mark = excluded.mark; "
                for row in rows)
            out.append(f"CREATE TRIGGER {_name(source, event)} AFTER {event} ON {source.table} "
                       f"BEGIN {body}END")
    return out


def drop_sql(vendor: str, sources: Sequence[Source] = TRIGGER_SOURCES,
             function: bool = True) -> list[str]:
    out = [f"DROP TRIGGER IF EXISTS {_name(s, e)}" + (f" ON {s.table}" if vendor == "postgresql"
                                                        else "")
           for s in sources for e in s.events]
    if vendor == "postgresql" and function:
        out.append("DROP FUNCTION IF EXISTS jp_mark_households()")
    return out


def mark_households(ids: Iterable[int]) -> int:
    """Mark these households changed, at the clock's current value (PostgreSQL: read under the
    share lock every writer takes); one statement. Returns how many were given."""
    ordered = sorted(set(ids))
    if not ordered:
        return 0
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(f"SELECT value FROM {CLOCK} WHERE id = 1 FOR SHARE")
            row = c.fetchone()
            c.execute(f"INSERT INTO {MARKS} (household_id, mark) SELECT h, %s "
                      "FROM unnest(%s::bigint[]) AS t(h) ON CONFLICT (household_id) DO UPDATE "
                      f"SET mark = excluded.mark WHERE {MARKS}.mark <> excluded.mark",
                      [row[0] if row else 0, ordered])
        else:
            c.execute(f"INSERT INTO {MARKS} (household_id, mark) SELECT value, (SELECT "
                      f"COALESCE(MAX(value), 0) FROM {CLOCK}) FROM json_each(%s) WHERE true "
                      "ON CONFLICT (household_id) DO UPDATE SET mark = excluded.mark",
                      [json.dumps(ordered)])
    return len(ordered)


def _quiet() -> Callable[[], None]:
    """Stop the row triggers of BULK_TABLES noting this transaction's writes; return what
    undoes it (within the same transaction)."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT set_config(%s, 'on', true)", [QUIET])

            def loud() -> None:
                with connection.cursor() as c:
                    c.execute("SELECT set_config(%s, '', true)", [QUIET])
            return loud
        c.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                  f"({', '.join(['%s'] * len(BULK_TABLES))}) AND name LIKE %s "
                  "ORDER BY name", [*BULK_TABLES, f"{PREFIX}%"])
        triggers = c.fetchall()
        for name, _sql in triggers:
            c.execute(f'DROP TRIGGER "{name}"')

    def restore() -> None:
        with connection.cursor() as c:
            for _name, sql in triggers:
                c.execute(sql)
    return restore


class BulkMarks:
    """The marks of one bulk registry write (`registry.bulkwrites.Follower`)."""

    def __init__(self) -> None:
        self.households: set[int] = set()
        self.first: int | None = None
        self.restore: Callable[[], None] | None = None

    def start(self) -> None:
        if self.restore is None:
            self.restore = _quiet()

    def quiet(self) -> tuple[str, ...]:
        return () if self.restore is None else (PREFIX,)

    def wrote(self, households: Iterable[int]) -> None:
        self.start()
        self.households.update(households)

    def wrote_from(self, first_household: int) -> None:
        self.start()
        self.first = first_household if self.first is None else min(self.first, first_household)

    def finish(self) -> None:
        if self.restore is None:
            return          # nothing was written: the triggers were never set aside
        mark_households(self.households)
        if self.first is not None:
            mark_from(self.first)
        self.restore()


@contextmanager
def bulk_registry_writes() -> Iterator[BulkMarks]:
    """For a writer of many registry households at once: from its `start()` on, the row
    triggers of BULK_TABLES take no note of its transaction's writes; on leaving, the
    households it names (`wrote`, `wrote_from`; and any a member moved out of) are marked in
    one statement each and the triggers note every write again. Runs in a savepoint: an
    exception inside undoes the writes and the pause alike."""
    with transaction.atomic():
        marks = BulkMarks()
        yield marks
        marks.finish()


def advance() -> int:
    """Advance the change clock; return the value it had (the mark of a run reading now)."""
    with connection.cursor() as c:
        c.execute(f"INSERT INTO {CLOCK} (id, value) VALUES (1, 1) "
                  "ON CONFLICT (id) DO UPDATE SET value = " + CLOCK + ".value + 1 RETURNING value")
        return int(c.fetchone()[0]) - 1


def rules_seed(rules: Sequence[Rule]) -> bytes:
    """A fingerprint of the rules: any edit to a rule changes it."""
    text = json.dumps(sorted((r.code, r.name, r.severity, r.category, r.flag, r.condition)
                             for r in rules), ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def basis(rules: Sequence[Rule]) -> str:
    """A fingerprint of the rules. Standards are not in it: a change of standards marks the
    households it applies to (`TREE_SOURCES`); "r" tells it from the earlier fingerprint of
    rules and standards, so a run made before that builds no incremental run."""
    return "r" + hashlib.blake2b(rules_seed(rules), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Plan:
    """What a run screens: every household of the area (`base` None), or the changed ones,
    which `fill_todo` puts in the temporary table `TODO` on the Django connection."""

    mark: int
    basis: str
    reference: dt.date
    base: ScreeningRun | None


def plan(rules: Sequence[Rule], rule_set: str, year: int, area_code: str | None,
         reference: dt.date, full: bool) -> Plan:
    """Advance the clock and find the run an incremental run builds on (none: a full run)."""
    mark = advance()
    fingerprint = basis(rules)
    base = None
    if not full:
        base = (ScreeningRun.objects.filter(
            status=RunStatus.DONE, rule_set=rule_set, year=year, area_code=area_code or "",
            mark__isnull=False, reference_date__isnull=False)
            .order_by("-mark", "-pk").first())
        if base is not None and base.basis != fingerprint:
            base = None
    return Plan(mark, fingerprint, reference, base)


def _months(vendor: str, ref: dt.date) -> str:
    from jianpin.screening.features import _part

    def part(name: str) -> str:
        return _part(vendor, "h.monitoring_since", name)

    return (f"CASE WHEN h.monitoring_since > '{ref.isoformat()}' THEN 0 ELSE "
            f"({ref.year} - {part('year')}) * 12 + ({ref.month} - {part('month')}) "
            f"- CASE WHEN {ref.day} < {part('day')} THEN 1 ELSE 0 END END")


def fill_todo(p: Plan, low: str, high: str) -> list[int]:
    """Create `TODO` with the households to screen again and return them, ascending: marked
    since the base run and now in the area or holding warnings in it (moved out: their
    warnings there resolve), and monitored ones whose months moved with the reference date."""
    from jianpin.screening.models import Warning

    assert p.base is not None and p.base.mark is not None
    vendor = connection.vendor
    temp = "TEMPORARY" if vendor == "postgresql" else "TEMP"
    with connection.cursor() as c:
        c.execute(f"DROP TABLE IF EXISTS {TODO}")
        c.execute(f"CREATE {temp} TABLE {TODO} (household_id BIGINT PRIMARY KEY)")
        c.execute(f"INSERT INTO {TODO} (household_id) SELECT k.household_id FROM {MARKS} k "
                  "WHERE k.mark > %s AND (EXISTS (SELECT 1 FROM registry_household h "
                  "WHERE h.id = k.household_id AND h.village_code >= %s "
                  "AND h.village_code < %s) OR EXISTS (SELECT 1 FROM "
                  f"{Warning._meta.db_table} w WHERE w.household_id = k.household_id "
                  "AND w.rule_set = %s AND w.village_code >= %s AND w.village_code < %s))",
                  [p.base.mark, low, high, p.base.rule_set, low, high])
        old = p.base.reference_date
        if old is not None and old != p.reference:
            c.execute(f"INSERT INTO {TODO} (household_id) SELECT h.id FROM registry_household h "
                      "WHERE h.village_code >= %s AND h.village_code < %s "
                      f"AND {monitoring.sql_monitored('h')} AND h.monitoring_since IS NOT NULL "
                      f"AND ({_months(vendor, old)}) <> ({_months(vendor, p.reference)}) "
                      f"AND h.id NOT IN (SELECT household_id FROM {TODO})", [low, high])
        if vendor == "postgresql":
            c.execute(f"ANALYZE {TODO}")
        c.execute(f"SELECT household_id FROM {TODO} ORDER BY household_id")
        return [int(r[0]) for r in c.fetchall()]


def drop_todo() -> None:
    with connection.cursor() as c:
        c.execute(f"DROP TABLE IF EXISTS {TODO}")


def mark_from(first_household: int) -> None:
    """Mark every household from `first_household` on, in one statement, at the clock's current
    value: a bulk load into an empty registry (the generator) adds only households with keys
    from there, their members and their incomes."""
    from jianpin.registry.models import Household

    with connection.cursor() as c:
        if connection.vendor == "postgresql":   # the share lock the triggers take
            c.execute(f"SELECT value FROM {CLOCK} WHERE id = 1 FOR SHARE")
            row = c.fetchone()
        else:
            c.execute(f"SELECT MAX(value) FROM {CLOCK}")
            row = c.fetchone()
        mark = int(row[0]) if row and row[0] is not None else 0
        c.execute(f"INSERT INTO {MARKS} (household_id, mark) SELECT id, %s FROM "
                  f"{Household._meta.db_table} WHERE id >= %s ORDER BY id "
                  "ON CONFLICT (household_id) DO UPDATE SET mark = excluded.mark",
                  [mark, first_household])
