"""Compute indicator values for every region of an area and year, rolled up the tree.

The household-year feature table of `jianpin.screening.features` is built once; each count or
sum is one GROUP BY village in SQL, and a region's numerator and denominator are the sums of
its villages' (never an average of ratios). Medians are taken over all households of the
region, in Python from the filtered values that one query returns.
"""
from __future__ import annotations

import statistics
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Protocol

from django.db import connection

from jianpin.indicators.models import Aggregation, Indicator
from jianpin.regions.models import PREFIX_LENGTH, Region
from jianpin.rules import parse
from jianpin.rules.catalog import CATALOG
from jianpin.rules.compiler import to_sql
from jianpin.rules.errors import RuleError
from jianpin.screening import features

PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Computed:
    indicator_id: int
    region_code: str
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None


ENGINES = ("database", "duckdb")


class Source(Protocol):
    """Where the feature table is queried: the database itself, or DuckDB over its Parquet
    snapshot. The same SQL, compiled for the source's dialect, gives the same values."""

    dialect: str
    table: str

    def query(self, sql: str) -> list[tuple[Any, ...]]: ...


class _Database:
    def __init__(self, table: str) -> None:
        self.table = table
        self.dialect = "postgres" if connection.vendor == "postgresql" else "sqlite"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with connection.cursor() as c:
            c.execute(sql)
            return list(c.fetchall())


class _DuckDB:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.dialect = "duckdb"
        self.table = "features"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.engine.query(sql))


@contextmanager
def _source(table: str, engine: str) -> Iterator[Source]:
    if engine == "database":
        yield _Database(table)
        return
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine}")
    from jianpin.screening.engines.duckdb_engine import DuckDBEngine

    with tempfile.TemporaryDirectory(prefix="jp-indicators-") as tmp:
        path = Path(tmp) / "features.parquet"
        features.snapshot(table, path)
        duck = DuckDBEngine(path)
        try:
            yield _DuckDB(duck)
        finally:
            duck.close()


def check_part(agg: str, feature: str, condition: str) -> None:
    """Raise RuleError unless the aggregation, feature and filter make a valid part."""
    if agg not in Aggregation.values:
        raise RuleError(f"未知的汇总方式“{agg}”")
    if agg == Aggregation.COUNT and feature:
        raise RuleError("计数不需要特征")
    if agg != Aggregation.COUNT:
        spec = CATALOG.get(feature)
        if spec is None or spec.type not in ("number", "int"):
            raise RuleError(f"“{feature}”不是可求和的数值特征")
    if condition.strip():
        parse(condition)


def _where(condition: str, dialect: str) -> str:
    return to_sql(parse(condition), dialect) if condition.strip() else "1 = 1"


def _ancestors(village: str, top_level: int) -> list[str]:
    """Prefixes of the regions from `top_level` down to the village itself."""
    return [village[:PREFIX_LENGTH[lvl]] for lvl in range(top_level, 6)]


def _additive(src: Source, agg: str, feature: str, condition: str) -> dict[str, Decimal]:
    expr = "COUNT(*)" if agg == Aggregation.COUNT else f"SUM({feature})"
    rows = src.query(f"SELECT village_code, {expr} FROM {src.table} "
                     f"WHERE {_where(condition, src.dialect)} GROUP BY village_code")
    return {v: _dec(x) for v, x in rows if x is not None}


def _values(src: Source, feature: str, condition: str) -> Iterable[tuple[str, float]]:
    return [(v, x) for v, x in src.query(
        f"SELECT village_code, {feature} FROM {src.table} "
        f"WHERE ({_where(condition, src.dialect)}) AND {feature} IS NOT NULL")]


def _dec(x: object) -> Decimal:
    # Money is stored with two decimals; floating-point sums are exact once rounded.
    return Decimal(repr(x) if isinstance(x, float) else str(x)).quantize(PLACES, ROUND_HALF_UP)


def _rolled(per_village: dict[str, Decimal], top_level: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for village, x in per_village.items():
        for prefix in _ancestors(village, top_level):
            out[prefix] += x
    return out


def _medians(rows: Iterable[tuple[str, float]], top_level: int) -> dict[str, Decimal]:
    groups: dict[str, list[Decimal]] = defaultdict(list)
    for village, x in rows:
        d = _dec(x)
        for prefix in _ancestors(village, top_level):
            groups[prefix].append(d)
    return {p: Decimal(statistics.median(v)).quantize(PLACES, ROUND_HALF_UP)
            for p, v in groups.items()}


def _value(num: Decimal, den: Decimal | None, factor: int, has_den: bool) -> Decimal | None:
    if not has_den:
        return num * factor
    if not den:
        return None
    return (num * factor / den).quantize(PLACES, ROUND_HALF_UP)


def compute(year: int, area_code: str | None, indicators: list[Indicator],
            engine: str = "database") -> tuple[list[Computed], list[str]]:
    """Values of `indicators` for `year` in every region of the area that has households;
    also the codes of those regions (villages and every level up to the area). `engine`:
    query the feature table in the database, or in DuckDB over its Parquet snapshot."""
    area = Region.objects.filter(code=area_code).first() if area_code else None
    top_level = area.level if area else 1
    with features.build(year, area_code) as table, _source(table, engine) as src:
        parts: dict[tuple[int, str], dict[str, Decimal]] = {}
        for ind in indicators:
            for side, agg, feature, cond in (
                    ("n", ind.numerator_agg, ind.numerator_feature, ind.numerator_filter),
                    ("d", ind.denominator_agg, ind.denominator_feature,
                     ind.denominator_filter)):
                if not agg:
                    continue
                if agg == Aggregation.MEDIAN:
                    parts[(ind.pk, side)] = _medians(_values(src, feature, cond), top_level)
                else:
                    parts[(ind.pk, side)] = _rolled(_additive(src, agg, feature, cond),
                                                    top_level)
        villages = [r[0] for r in src.query(f"SELECT DISTINCT village_code FROM {src.table}")]
    prefixes = {p for v in villages for p in _ancestors(v, top_level)}
    codes = {p.ljust(12, "0")[:12] if len(p) < 12 else p: p for p in prefixes}
    regions = dict(Region.objects.filter(code__in=list(codes)).values_list("code", "prefix"))
    out: list[Computed] = []
    for ind in indicators:
        num_part, den_part = parts[(ind.pk, "n")], parts.get((ind.pk, "d"))
        has_den = bool(ind.denominator_agg)
        for code, prefix in regions.items():
            if ind.numerator_agg == Aggregation.MEDIAN and prefix not in num_part:
                continue  # no household with a value: no median
            num = num_part.get(prefix, Decimal(0))
            den = den_part.get(prefix, Decimal(0)) if den_part is not None else None
            out.append(Computed(ind.pk, code, num, den,
                                _value(num, den, ind.factor, has_den)))
    return out, sorted(regions)
