"""Screen households: build features, run the rules on an engine, explain every hit."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext

from jianpin.kernel.errors import DomainError
from jianpin.rules.catalog import KEY_COLUMNS
from jianpin.rules.errors import RuleError
from jianpin.rules.evaluator import explain, hits, normalise_row
from jianpin.rules.ruleset import Rule, build_rule, canonical, resolve, shipped
from jianpin.screening import changes, features
from jianpin.screening.engines import ENGINES, Engine
from jianpin.screening.engines.indatabase import InDatabaseEngine
from jianpin.screening.models import RuleRecord
from jianpin.screening.schema import columns

if TYPE_CHECKING:
    from jianpin.screening.engines.spark_run import SparkOptions, SparkRun

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Hit:
    household_id: int
    household_number: str
    village_code: str
    rule: Rule
    explanation: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"household_number": self.household_number, "rule": self.rule.code,
                "flag": self.rule.flag, "explanation": self.explanation}


@dataclass
class Result:
    rule_set: str
    year: int
    engine: str
    households_screened: int
    rules: list[Rule]
    hits: list[Hit] = field(default_factory=list)
    seconds: float = 0.0
    # Households screened again (None: all of the area), and what a later incremental run
    # builds on (see changes.Plan), recorded on the run when it is stored.
    rescreened: list[int] | None = None
    mark: int | None = None
    basis: str = ""
    reference: dt.date | None = None
    # A Spark run's hits stay in Parquet (`hits` is empty) until stored; then `close`.
    spark: SparkRun | None = None

    def close(self) -> None:
        if self.spark is not None:
            self.spark.remove()

    def as_json(self) -> dict[str, Any]:
        return {"rules": self.rule_set, "year": self.year, "engine": self.engine,
                "households_screened": self.households_screened,
                "hits": [h.as_json() for h in self.hits]}


def default_engine() -> str:
    """The engine setting, else the in-database engine of the configured database."""
    chosen = getattr(settings, "SCREENING_ENGINE", "")
    return in_database_name() if chosen in {"", "database"} else str(chosen)


def in_database_name() -> str:
    return "postgres" if connection.vendor == "postgresql" else connection.vendor


def check_engine(name: str) -> str:
    if name == "database":
        name = in_database_name()
    if name not in ENGINES:
        raise DomainError("engine", gettext("未知的筛查引擎：%(name)s（可用：%(engines)s）")
                          % {"name": name, "engines": "、".join(ENGINES)})
    if name in {"sqlite", "postgres"} and name != in_database_name():
        raise DomainError("engine", gettext("当前数据库是 %(database)s，不能使用库内引擎 %(name)s")
                          % {"database": in_database_name(), "name": name})
    return name


def load_rules(rule_set: str | None) -> list[Rule]:
    """Shipped rules of the set(s) plus enabled rules edited in the UI for those sets."""
    try:
        wanted = resolve(rule_set)
        codes = {c.strip() for c in (rule_set or "default").split(",")}
        sets = _expand(codes, shipped())
        extra = [build_rule(rec) for rec in RuleRecord.objects.filter(
            enabled=True, set_code__in=sets).values(
            "code", "name", "severity", "category", "flag", "condition")]
        disabled = set(RuleRecord.objects.filter(enabled=False).values_list("code", flat=True))
    except RuleError as exc:
        raise DomainError("bad_rule", exc.message) from None
    merged = {r.code: r for r in wanted}
    merged.update({r.code: r for r in extra})
    return [r for code, r in merged.items() if code not in disabled]


def _expand(codes: set[str], sets: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    stack = list(codes)
    while stack:
        code = stack.pop()
        if code in out or code not in sets:
            continue
        out.add(code)
        stack.extend(sets[code].include)
    return out


def spark_options(master: str | None = None, conf: dict[str, str] | None = None,
                  submit: bool | None = None, storage: str | None = None) -> SparkOptions:
    """Spark options from settings, overridden by what the caller names."""
    from jianpin.screening.engines.spark_run import SparkOptions

    return SparkOptions(
        master=master or getattr(settings, "SPARK_MASTER", None),
        memory=getattr(settings, "SPARK_MEMORY", None),
        conf={**getattr(settings, "SPARK_CONF", {}), **(conf or {})},
        storage=storage or getattr(settings, "SPARK_STORAGE", "")
        or str(Path(settings.DATA_DIR) / "spark"),
        submit=getattr(settings, "SPARK_SUBMIT", False) if submit is None else submit)


def screen(*, rule_set: str | None, year: int, area_code: str | None = None,
           engine: str | None = None, progress: Progress | None = None,
           today: dt.date | None = None, full: bool = True,
           spark: SparkOptions | None = None) -> Result:
    """Screen the households of the area for year with the rule set on one engine.

    Unless `full`, only the households changed since the last run it can build on are
    screened (their features alone are built); the others keep their warnings (see
    `changes`). Spark runs are always full.
    """
    started = time.perf_counter()
    name = check_engine(engine or default_engine())
    rules = load_rules(rule_set)
    key = canonical(rule_set)
    note = progress or (lambda _msg: None)
    low, high = features.area_bounds(area_code)
    ref = features.reference_date(year, today)
    note("changes")
    with connection.cursor() as c:
        standards = features.standard_rows(c, year, low, high)
    plan = changes.plan(rules, key, year, area_code, ref, full or name == "spark")
    todo = None if plan.base is None else changes.fill_todo(plan, low, high)
    only = None if todo is None else changes.TODO
    try:
        note("features")
        if name == "spark":
            from jianpin.screening.engines import spark_run

            done = spark_run.screen(rules, year, area_code, spark or spark_options(), today, note)
            return Result(key, year, name, done.households, rules, [],
                          time.perf_counter() - started, spark=done, mark=plan.mark,
                          basis=plan.basis, reference=ref)
        if name == "duckdb":
            total, found = _screen_duckdb(rules, year, area_code, today, only, standards, note)
        else:
            with features.build(year, area_code, today, only, standards) as table:
                total = count_rows(table)
                found = _rules_and_explain(InDatabaseEngine(connection, table, name), rules,
                                           note)
    finally:
        if only:
            changes.drop_todo()
    if todo is not None:
        total = count_area(low, high)
    return Result(key, year, name, total, rules, found, time.perf_counter() - started, todo,
                  plan.mark, plan.basis, ref)


def count_rows(table: str) -> int:
    with connection.cursor() as c:
        c.execute(f"SELECT COUNT(*) FROM {table}")
        return int(c.fetchone()[0])


def count_area(low: str, high: str) -> int:
    """Households of the area (an incremental run builds only some of them)."""
    with connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM registry_household WHERE village_code >= %s "
                  "AND village_code < %s", [low, high])
        return int(c.fetchone()[0])


def _screen_duckdb(rules: list[Rule], year: int, area_code: str | None,
                   today: dt.date | None, only: str | None, standards: list[list[Any]],
                   note: Progress) -> tuple[int, list[Hit]]:
    """Rules and explanations in a DuckDB session (no snapshot file).

    On PostgreSQL the registry tables are copied out in bulk (only the rows of the households
    in `only` when given) and the features built in DuckDB. SQLite has no bulk export, so its
    own feature build runs first and the result crosses, with the columns the rules read.
    """
    from jianpin.screening.engines import duckdb_features
    from jianpin.screening.engines.duckdb_engine import DuckDBEngine

    read = ["household_number", "village_code", *sorted({f for r in rules for f in r.features})]
    con = duckdb_features.connect()
    try:
        if connection.vendor == "postgresql":
            total = duckdb_features.build(con, year, area_code, today, keep=read, only=only,
                                          standards=standards)
        else:
            with features.build(year, area_code, today, only, standards) as table:
                total = count_rows(table)
                note("snapshot")
                duckdb_features.load_features(con, table, read)
        return total, _rules_and_explain(DuckDBEngine(con=con), rules, note)
    finally:
        con.close()


def _rules_and_explain(eng: Engine, rules: Sequence[Rule], note: Progress) -> list[Hit]:
    try:
        note("rules")
        hit_map = eng.hits(rules)
        note("explain")
        return explain_hits(eng, rules, hit_map)
    finally:
        eng.close()


EXPLAIN_CHUNK = 20_000


def explain_hits(eng: Engine, rules: Sequence[Rule],
                 hit_map: dict[str, list[int]]) -> list[Hit]:
    """Fetch the hit households' features (a chunk at a time) and explain each hit in Python.

    The reference evaluator re-checks every hit; a disagreement means an engine bug and stops
    the run rather than raising a warning nobody can justify. Only a chunk of households'
    feature rows is held at once: a province has hundreds of thousands of hits.
    """
    by_household: dict[int, list[Rule]] = {}
    for rule in rules:
        for household_id in hit_map[rule.code]:
            by_household.setdefault(household_id, []).append(rule)
    ids = sorted(by_household)
    cols = list(dict.fromkeys([*KEY_COLUMNS[1:], *(f for r in rules for f in r.features)]))
    out = []
    for start in range(0, len(ids), EXPLAIN_CHUNK):
        chunk = ids[start:start + EXPLAIN_CHUNK]
        rows = eng.rows(chunk, cols)
        for household_id in chunk:
            row = normalise_row(rows[household_id])
            for rule in by_household[household_id]:
                if not hits(rule.tree, row):
                    raise DomainError("engine_mismatch",
                                      gettext("引擎 %(name)s 与参考求值结果不一致：规则 %(rule)s")
                                      % {"name": eng.name, "rule": rule.code})
                out.append(Hit(household_id, str(row["household_number"]),
                               str(row["village_code"]), rule, explain(rule.tree, row)))
    out.sort(key=lambda h: (h.household_number, h.rule.code))
    return out


def reference_rows(year: int, area_code: str | None,
                   today: dt.date | None = None) -> list[dict[str, Any]]:
    """All feature rows as dicts (for the reference engine and tests)."""
    with features.build(year, area_code, today) as table, connection.cursor() as c:
        names = columns()
        c.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY household_id")
        return [dict(zip(names, r, strict=True)) for r in c.fetchall()]


def flatten(hit_list: Iterable[Hit]) -> list[tuple[str, str]]:
    return [(h.household_number, h.rule.code) for h in hit_list]
