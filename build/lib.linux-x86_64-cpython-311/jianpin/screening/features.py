"""Build the household-year feature table in the database with set-based SQL.

One row per household in the area: registry fields, member counts, this and last year's
income, the standards resolved for the household's village, and department-data flags from
the latest upload of each dataset. The table is a temporary table on the Django connection;
`snapshot` writes it to Parquet for DuckDB and Spark.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection
from django.utils import timezone

from jianpin.regions.models import Region, next_prefix
from jianpin.registry import codes, monitoring
from jianpin.rules.catalog import CATALOG
from jianpin.screening.schema import ARROW_SCHEMA, columns
from jianpin.standards.models import StandardKey
from jianpin.standards.resolve import resolve_many

TABLE = "jp_features"
STD_TABLE = "jp_std_village"
STD_KEYS = [k for k in StandardKey.values if f"std_{k}" in CATALOG]


def _q(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def _part(vendor: str, column: str, part: str) -> str:
    if vendor == "sqlite":
        fmt = {"year": "%Y", "month": "%m", "day": "%d"}[part]
        return f"CAST(strftime('{fmt}', {column}) AS INTEGER)"
    return f"CAST(EXTRACT({part.upper()} FROM {column}) AS INTEGER)"


def _double(vendor: str) -> str:
    return {"sqlite": "REAL", "spark": "DOUBLE"}.get(vendor, "DOUBLE PRECISION")


def _ratio(num: str, den: str, dbl: str) -> str:
    return f"CASE WHEN {den} > 0 THEN (CAST({num} AS {dbl}) - {den}) / {den} END"


def feature_sql(vendor: str, year: int, ref: dt.date, only: str | None = None) -> str:
    """The SELECT producing feature rows; households are filtered by %s bounds on the code,
    and to the households listed in table `only` (column household_id) when given."""
    dbl = _double(vendor)

    def listed(column: str) -> str:
        return f" AND {column} IN (SELECT household_id FROM {only})" if only else ""

    age = f"({year} - {_part(vendor, 'm.birth_date', 'year')})"
    in_school = _q(list(codes.IN_SCHOOL))
    with_labour = _q(list(codes.WITH_LABOUR))
    no_labour = _q([codes.LabourAbility.LOST, codes.LabourAbility.NONE])
    # Monitoring that began after the reference date (a household identified this year while
    # last year's income is screened) counts 0 months, not a negative number.
    months = (f"CASE WHEN h.monitoring_since > '{ref.isoformat()}' THEN 0 ELSE"
              f" (({ref.year} - {_part(vendor, 'h.monitoring_since', 'year')}) * 12"
              f" + ({ref.month} - {_part(vendor, 'h.monitoring_since', 'month')})"
              f" - CASE WHEN {ref.day} < {_part(vendor, 'h.monitoring_since', 'day')}"
              f" THEN 1 ELSE 0 END) END")

    def cnt(cond: str) -> str:
        return f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"

    def money(alias: str, col: str) -> str:
        return f"CAST({alias}.{col} AS {dbl})"

    # 风险是否已消除 = 是: the national system keeps such a household's 监测对象类别 but marks it
    # 风险消除 and no longer monitors or helps it as a monitoring object (a household jianpin's
    # own elimination workflow eliminates has its kind cleared). Both read the same here: not
    # monitored, no kind, risk eliminated (docs/indicators.md).
    eliminated = monitoring.sql_eliminated("h")
    monitored = monitoring.sql_monitored("h")
    std_cols = ", ".join(f"CAST(s.std_{k} AS {dbl}) AS std_{k}" for k in STD_KEYS)
    latest = ("SELECT MAX(id) FROM screening_deptupload GROUP BY kind, region_code")
    # A reserved word: Spark SQL quotes identifiers with backticks, the others with ".
    until = "`until`" if vendor == "spark" else '"until"'
    return f"""
WITH mem AS (
  SELECT m.household_id,
    COUNT(*) AS members,
    {cnt("m.relation = '本人'")} AS heads,
    {cnt("m.health = '长期慢性病'")} AS members_chronic,
    {cnt("m.health = '大病'")} AS members_serious_illness,
    {cnt("m.health = '残疾'")} AS members_disabled,
    {cnt("m.disability_grade IN (1, 2)")} AS members_severe_disabled,
    {cnt(f"m.labour_ability IN ({with_labour})")} AS members_with_labour,
    {cnt(f"m.labour_ability IN ({no_labour})")} AS members_without_labour,
    {cnt("m.work_status <> ''")} AS members_working,
    {cnt(f"m.school_status IN ({in_school})")} AS members_in_school,
    {cnt("m.school_status = '辍学'")} AS members_dropout,
    {cnt(f"{age} BETWEEN 6 AND 15 AND m.school_status NOT IN ({in_school})")}
      AS children_out_of_school,
    {cnt(f"{age} >= 60")} AS members_elderly,
    {cnt(f"{age} < 16")} AS members_minor,
    {cnt("NOT m.medical_insurance")} AS members_no_medical_insurance,
    {cnt("NOT m.serious_illness_insurance")} AS members_no_serious_insurance,
    {cnt("m.dibao")} AS members_dibao,
    {cnt("m.tekun")} AS members_tekun,
    {cnt("m.id_number IS NULL")} AS members_missing_id
  FROM registry_member m WHERE m.deceased_on IS NULL{listed("m.household_id")}
  GROUP BY m.household_id
), dept AS (
  SELECT m.household_id,
    {cnt("d.kind = 'vehicle'")} AS vehicle,
    {cnt("d.kind = 'real_estate'")} AS real_estate,
    {cnt("d.kind = 'business'")} AS business,
    {cnt("d.kind = 'payroll'")} AS payroll,
    SUM(CASE WHEN d.kind = 'medical' THEN CAST(d.amount AS {dbl}) END) AS medical_oop,
    COUNT(DISTINCT CASE WHEN d.kind = 'disability' THEN d.id_number END) AS disability,
    COUNT(DISTINCT CASE WHEN d.kind = 'education' AND d.value = '辍学' THEN d.id_number END)
      AS dropout,
    {cnt("d.kind = 'housing' AND d.value IN ('C', 'D')")} AS housing_unsafe,
    {cnt("d.kind = 'assistance' AND d.value = '低保'")} AS dibao,
    {cnt("d.kind = 'assistance' AND d.value = '特困'")} AS tekun,
    SUM(CASE WHEN d.kind = 'disaster' THEN CAST(d.amount AS {dbl}) END) AS disaster_loss
  FROM screening_deptrecord d JOIN registry_member m ON m.id_number = d.id_number
  JOIN screening_deptupload u ON u.id = d.upload_id
  JOIN registry_household dh ON dh.id = m.household_id
  LEFT JOIN regions_region ur ON ur.code = u.region_code
  WHERE d.upload_id IN ({latest})
    -- an upload speaks only for its own area: a county's data never flags another county
    AND (u.region_code = '' OR substr(dh.village_code, 1, length(ur.prefix)) = ur.prefix)
    {listed("m.household_id")}
  GROUP BY m.household_id
), aid AS (
  SELECT pr.household_id, COUNT(*) AS helpers FROM assistance_pairing pr
  WHERE pr.{until} IS NULL{listed("pr.household_id")} GROUP BY pr.household_id
), mea AS (
  SELECT pl.household_id, COUNT(*) AS measures
  FROM assistance_measure ms JOIN assistance_plan pl ON pl.id = ms.plan_id
  WHERE 1 = 1{listed("pl.household_id")}
  GROUP BY pl.household_id
)
SELECT h.id AS household_id, h.number AS household_number, h.village_code AS village_code,
  {money("cur", "per_capita_net")} AS per_capita_net,
  {money("prev", "per_capita_net")} AS per_capita_net_prev,
  {_ratio("cur.per_capita_net", "prev.per_capita_net", dbl)} AS income_change_ratio,
  {money("cur", "net_income")} AS net_income,
  {money("cur", "wage_income")} AS wage_income,
  {money("prev", "wage_income")} AS wage_income_prev,
  {_ratio("cur.wage_income", "prev.wage_income", dbl)} AS wage_change_ratio,
  CAST(cur.business_income - cur.business_cost AS {dbl}) AS business_net,
  CAST(prev.business_income - prev.business_cost AS {dbl}) AS business_net_prev,
  {_ratio("cur.business_income - cur.business_cost",
          "(prev.business_income - prev.business_cost)", dbl)} AS business_change_ratio,
  {money("cur", "transfer_income")} AS transfer_income,
  {money("cur", "rigid_spending")} AS rigid_spending,
  CASE WHEN cur.net_income > 0 THEN CAST(cur.rigid_spending AS {dbl}) / cur.net_income END
    AS rigid_share,
  {money("cur", "medical_oop")} AS medical_oop,
  {money("cur", "education_spending")} AS education_spending,
  {money("cur", "disaster_loss")} AS disaster_loss,
  dept.medical_oop AS dept_medical_oop,
  dept.disaster_loss AS dept_disaster_loss,
  {std_cols},
  h.size AS household_size,
  COALESCE(mem.members, 0) AS members, COALESCE(mem.heads, 0) AS heads,
  {", ".join(f"COALESCE(mem.{c}, 0) AS {c}" for c in _MEMBER_COUNTS)},
  CASE WHEN {monitored} AND h.monitoring_since IS NOT NULL THEN {months} END
    AS months_monitored,
  COALESCE(dept.disability, 0) AS dept_disability_cert,
  COALESCE(dept.dropout, 0) AS dept_dropout,
  COALESCE(aid.helpers, 0) AS helpers_active,
  COALESCE(mea.measures, 0) AS measures_count,
  (cur.id IS NOT NULL) AS has_income,
  (prev.id IS NOT NULL) AS has_income_prev,
  ({monitored}) AS is_monitored,
  ({eliminated}) AS risk_eliminated,
  h.relocated AS relocated,
  h.water_safe AS water_safe,
  {", ".join(f"(COALESCE(dept.{src}, 0) > 0) AS dept_{dst}" for src, dst in _DEPT_FLAGS)},
  h.status AS status, CASE WHEN {eliminated} THEN '' ELSE h.monitoring_kind END
    AS monitoring_kind, h.attribute AS attribute,
  NULLIF(h.housing_grade, '') AS housing_grade
FROM registry_household h
LEFT JOIN mem ON mem.household_id = h.id
LEFT JOIN dept ON dept.household_id = h.id
LEFT JOIN aid ON aid.household_id = h.id
LEFT JOIN mea ON mea.household_id = h.id
LEFT JOIN registry_incomerecord cur ON cur.household_id = h.id AND cur.year = {year}
LEFT JOIN registry_incomerecord prev ON prev.household_id = h.id AND prev.year = {year - 1}
LEFT JOIN {STD_TABLE} s ON s.village_code = h.village_code
WHERE h.village_code >= %s AND h.village_code < %s{listed("h.id")}
"""


_MEMBER_COUNTS = ("members_chronic", "members_serious_illness", "members_disabled",
                  "members_severe_disabled", "members_with_labour", "members_without_labour",
                  "members_working", "members_in_school", "members_dropout",
                  "children_out_of_school", "members_elderly", "members_minor",
                  "members_no_medical_insurance", "members_no_serious_insurance",
                  "members_dibao", "members_tekun", "members_missing_id")
_DEPT_FLAGS = (("vehicle", "vehicle"), ("real_estate", "real_estate"),
               ("business", "business"), ("payroll", "public_payroll"),
               ("housing_unsafe", "housing_unsafe"), ("dibao", "dibao"), ("tekun", "tekun"))


SPARK_TYPES = {"number": "DOUBLE", "int": "BIGINT", "bool": "BOOLEAN", "text": "STRING"}


def spark_feature_sql(year: int, area_code: str | None, today: dt.date | None = None) -> str:
    """The feature SELECT in Spark SQL over the exported tables, typed like a snapshot."""
    low, high = area_bounds(area_code)
    inner = feature_sql("spark", year, reference_date(year, today)) % (_q([low]), _q([high]))
    cols = ["CAST(household_id AS BIGINT) AS household_id", "household_number", "village_code",
            *(f"CAST({name} AS {SPARK_TYPES[spec.type]}) AS {name}"
              for name, spec in CATALOG.items())]
    return f"SELECT {', '.join(cols)} FROM ({inner}) AS f"


def area_bounds(area_code: str | None) -> tuple[str, str]:
    """Lower and upper code bounds of an area ('' for the whole country)."""
    if not area_code:
        return "", "~"
    region = Region.objects.filter(code=area_code).first()
    prefix = region.prefix if region else area_code
    return prefix, next_prefix(prefix) or "~"


def standard_rows(c: Any, year: int, low: str, high: str) -> list[list[Any]]:
    """The standards resolved for each village of the area that has households."""
    c.execute("SELECT DISTINCT village_code FROM registry_household "
              "WHERE village_code >= %s AND village_code < %s", [low, high])
    villages = [r[0] for r in c.fetchall()]
    resolved = resolve_many(year, villages)
    return [[v, *[None if resolved[v].get(k) is None else float(resolved[v][k])
                  for k in STD_KEYS]] for v in villages]


def fill_standards(c: Any, year: int, low: str, high: str,
                   rows: list[list[Any]] | None = None) -> None:
    vendor = connection.vendor
    dbl = _double(vendor)
    temp = "TEMP " if vendor == "sqlite" else "TEMPORARY "
    c.execute(f"DROP TABLE IF EXISTS {STD_TABLE}")
    cols = ", ".join(f"std_{k} {dbl}" for k in STD_KEYS)
    c.execute(f"CREATE {temp}TABLE {STD_TABLE} (village_code VARCHAR(15) PRIMARY KEY, "
              f"{cols})")
    if rows is None:
        rows = standard_rows(c, year, low, high)
    marks = ", ".join(["%s"] * (len(STD_KEYS) + 1))
    if rows:
        c.executemany(f"INSERT INTO {STD_TABLE} VALUES ({marks})", rows)


def reference_date(year: int, today: dt.date | None = None) -> dt.date:
    """Months under monitoring are counted to the end of the year, or today if earlier."""
    today = today or timezone.localdate()
    return min(dt.date(year, 12, 31), today)


@contextmanager
def build(year: int, area_code: str | None, today: dt.date | None = None,
          only: str | None = None,
          standards: list[list[Any]] | None = None) -> Iterator[str]:
    """Create the temporary feature table on the Django connection; yield its name.

    `only`: a table of the household ids to build (an incremental run); `standards`: the
    rows of `standard_rows` when the caller has them already."""
    low, high = area_bounds(area_code)
    vendor = connection.vendor
    temp = "TEMP " if vendor == "sqlite" else "TEMPORARY "
    with connection.cursor() as c:
        fill_standards(c, year, low, high, standards)
        c.execute(f"DROP TABLE IF EXISTS {TABLE}")
        c.execute(f"CREATE {temp}TABLE {TABLE} AS "
                  + feature_sql(vendor, year, reference_date(year, today), only), [low, high])
        # Explanations fetch hit rows by id in chunks: without it each chunk scans the table.
        c.execute(f"CREATE INDEX {TABLE}_id ON {TABLE} (household_id)")
    try:
        yield TABLE
    finally:
        with connection.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {TABLE}")
            c.execute(f"DROP TABLE IF EXISTS {STD_TABLE}")


def snapshot(table: str, path: Path, batch: int = 50_000) -> int:
    """Write the feature table to a Parquet file (streamed in batches); return the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = columns()
    total = 0
    with connection.cursor() as c, pq.ParquetWriter(str(path), ARROW_SCHEMA) as writer:
        c.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY household_id")
        while rows := c.fetchmany(batch):
            cols = list(zip(*rows, strict=True))
            arrays = [_arrow_column(col, f.type) for col, f in zip(cols, ARROW_SCHEMA, strict=True)]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=ARROW_SCHEMA))
            total += len(rows)
    return total


def _arrow_column(values: Sequence[object], kind: pa.DataType) -> pa.Array:
    """One column as Arrow, converted in C; value by value only when the driver's types differ."""
    try:
        if kind == pa.bool_():
            return pa.array(values).cast(kind)  # SQLite returns 0/1
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pa.array([_arrow_value(v, kind) for v in values], type=kind)


def _arrow_value(value: object, kind: pa.DataType) -> object:
    if value is None:
        return None
    if kind == pa.bool_():
        return bool(value)
    if kind == pa.float64():
        return float(value)  # type: ignore[arg-type]
    return value
