"""Generate a household-year feature set (and the persons behind it) with DuckDB, to Parquet.

Deterministic: every value is a hash of the row number, so runs are comparable.
"""
from __future__ import annotations

import duckdb

R = "((hash({i}, {k}) % 1000000) / 1000000.0)"


def r(k: int, i: str = "h.i") -> str:
    return R.format(i=i, k=k)


PERSONS = f"""
CREATE TABLE persons AS
SELECT CAST(hash(p.i, 0) % $n AS BIGINT) AS household_id,
  CAST(hash(p.i, 1) % 90 AS INTEGER) AS age,
  {r(2, 'p.i')} AS u_health, {r(3, 'p.i')} AS u_labour, {r(4, 'p.i')} AS u_school,
  {r(5, 'p.i')} AS u_ins, {r(6, 'p.i')} AS u_misc, p.i = (SELECT 0) AS dummy
FROM range($n * 4) p(i)
"""

MEMBERS = """
CREATE TABLE mem AS SELECT household_id,
  COUNT(*) AS members,
  1 AS heads,
  SUM(CASE WHEN u_health < 0.08 THEN 1 ELSE 0 END) AS members_chronic,
  SUM(CASE WHEN u_health BETWEEN 0.08 AND 0.10 THEN 1 ELSE 0 END) AS members_serious_illness,
  SUM(CASE WHEN u_health BETWEEN 0.10 AND 0.13 THEN 1 ELSE 0 END) AS members_disabled,
  SUM(CASE WHEN u_health BETWEEN 0.10 AND 0.115 THEN 1 ELSE 0 END) AS members_severe_disabled,
  SUM(CASE WHEN age BETWEEN 16 AND 64 AND u_labour > 0.12 THEN 1 ELSE 0 END)
    AS members_with_labour,
  SUM(CASE WHEN NOT (age BETWEEN 16 AND 64 AND u_labour > 0.12) THEN 1 ELSE 0 END)
    AS members_without_labour,
  SUM(CASE WHEN age BETWEEN 18 AND 55 AND u_labour > 0.4 THEN 1 ELSE 0 END) AS members_working,
  SUM(CASE WHEN age BETWEEN 3 AND 22 AND u_school > 0.02 THEN 1 ELSE 0 END) AS members_in_school,
  SUM(CASE WHEN age BETWEEN 6 AND 18 AND u_school <= 0.02 THEN 1 ELSE 0 END) AS members_dropout,
  SUM(CASE WHEN age BETWEEN 6 AND 15 AND u_school <= 0.01 THEN 1 ELSE 0 END)
    AS children_out_of_school,
  SUM(CASE WHEN age >= 60 THEN 1 ELSE 0 END) AS members_elderly,
  SUM(CASE WHEN age < 16 THEN 1 ELSE 0 END) AS members_minor,
  SUM(CASE WHEN u_ins < 0.01 THEN 1 ELSE 0 END) AS members_no_medical_insurance,
  SUM(CASE WHEN u_ins < 0.02 THEN 1 ELSE 0 END) AS members_no_serious_insurance,
  SUM(CASE WHEN u_misc < 0.05 THEN 1 ELSE 0 END) AS members_dibao,
  SUM(CASE WHEN u_misc BETWEEN 0.05 AND 0.06 THEN 1 ELSE 0 END) AS members_tekun,
  SUM(CASE WHEN u_misc > 0.995 THEN 1 ELSE 0 END) AS members_missing_id
FROM persons GROUP BY household_id
"""

FEATURES = f"""
COPY (
WITH h AS (SELECT i FROM range($n) t(i)),
base AS (
  SELECT h.i AS household_id,
    CASE WHEN {r(10)} < 0.98 THEN 1000 + 20000 * sqrt({r(11)}) END AS pc,
    CASE WHEN {r(12)} < 0.95 THEN 0.8 + 0.6 * {r(13)} END AS prev_factor,
    {r(14)} AS u_wage, {r(15)} AS u_rigid, {r(16)} AS u_status, {r(17)} AS u_mon,
    {r(18)} AS u_house, {r(19)} AS u_water, {r(20)} AS u_dept, {r(21)} AS u_dis,
    {r(22)} AS u_wdrop, {r(23)} AS u_biz
  FROM h
), j AS (
  SELECT b.*, COALESCE(m.members, 0) AS n_members, m.* EXCLUDE (household_id)
  FROM base b LEFT JOIN mem m USING (household_id)
)
SELECT household_id,
  printf('%018d', household_id) AS household_number,
  printf('4414%02d%03d%03d', household_id % 20, (household_id // 20) % 30, (household_id // 600) % 40)
    AS village_code,
  pc AS per_capita_net,
  pc * prev_factor AS per_capita_net_prev,
  CASE WHEN pc * prev_factor > 0 THEN (pc - pc * prev_factor) / (pc * prev_factor) END
    AS income_change_ratio,
  pc * greatest(n_members, 1) AS net_income,
  pc * greatest(n_members, 1) * 0.6 * u_wage AS wage_income,
  pc * greatest(n_members, 1) * 0.6 * u_wage * (0.9 + 1.2 * u_wdrop) AS wage_income_prev,
  CASE WHEN pc IS NOT NULL AND u_wage > 0 THEN
    1 / (0.9 + 1.2 * u_wdrop) - 1
  END AS wage_change_ratio,
  pc * greatest(n_members, 1) * 0.3 * u_biz AS business_net,
  CASE WHEN prev_factor IS NOT NULL THEN pc * greatest(n_members, 1) * 0.3 * u_biz
    * (0.9 + 0.6 * u_rigid) END AS business_net_prev,
  CASE WHEN prev_factor IS NOT NULL AND pc * u_biz > 0 THEN 1 / (0.9 + 0.6 * u_rigid) - 1 END
    AS business_change_ratio,
  pc * greatest(n_members, 1) * 0.1 AS transfer_income,
  pc * greatest(n_members, 1) * CASE WHEN u_rigid < 0.06 THEN 0.8 ELSE 0.05 END
    AS rigid_spending,
  CASE WHEN pc > 0 THEN CASE WHEN u_rigid < 0.06 THEN 0.8 ELSE 0.05 END END::DOUBLE
    AS rigid_share,
  pc * greatest(n_members, 1) * CASE WHEN u_rigid < 0.03 THEN 0.6 ELSE 0.02 END AS medical_oop,
  pc * greatest(n_members, 1) * CASE WHEN u_rigid BETWEEN 0.03 AND 0.06 THEN 0.6 ELSE 0.02 END
    AS education_spending,
  CASE WHEN pc IS NOT NULL THEN CASE WHEN u_dis < 0.01 THEN 15000.0 ELSE 0.0 END END::DOUBLE
    AS disaster_loss,
  CASE WHEN u_dept < 0.03 THEN 12000.0 * u_dept / 0.03 END AS dept_medical_oop,
  CASE WHEN u_dis BETWEEN 0.005 AND 0.015 THEN 11000.0 END::DOUBLE AS dept_disaster_loss,
  2855.0::DOUBLE AS std_poverty_line, 6000.0::DOUBLE AS std_monitoring_line,
  4000.0::DOUBLE AS std_exit_income,
  4000.0::DOUBLE AS std_relative_line, 7365.0::DOUBLE AS std_labour_exit_income,
  0.3::DOUBLE AS std_income_drop_ratio, 0.5::DOUBLE AS std_wage_drop_ratio, 0.5::DOUBLE AS std_rigid_share,
  10000.0::DOUBLE AS std_medical_oop_large, 10000.0::DOUBLE AS std_disaster_loss_large,
  2.0::DOUBLE AS std_elimination_min_months,
  CAST(CASE WHEN u_house < 0.97 THEN n_members ELSE n_members + 1 END AS BIGINT) AS household_size,
  CAST(n_members AS BIGINT) AS members,
  CAST(CASE WHEN n_members > 0 THEN 1 ELSE 0 END AS BIGINT) AS heads,
  {", ".join(f"CAST(COALESCE({c}, 0) AS BIGINT) AS {c}" for c in (
      "members_chronic", "members_serious_illness", "members_disabled",
      "members_severe_disabled", "members_with_labour", "members_without_labour",
      "members_working", "members_in_school", "members_dropout", "children_out_of_school",
      "members_elderly", "members_minor", "members_no_medical_insurance",
      "members_no_serious_insurance", "members_dibao", "members_tekun",
      "members_missing_id"))},
  CAST(CASE WHEN u_mon < 0.06 THEN hash(household_id, 30) % 36 END AS BIGINT)
    AS months_monitored,
  CAST(CASE WHEN u_dept BETWEEN 0.2 AND 0.21 THEN 1 ELSE 0 END AS BIGINT)
    AS dept_disability_cert,
  CAST(CASE WHEN u_dept BETWEEN 0.3 AND 0.303 THEN 1 ELSE 0 END AS BIGINT) AS dept_dropout,
  CAST(CASE WHEN u_mon < 0.06 AND u_dept > 0.02 THEN 1 ELSE 0 END AS BIGINT) AS helpers_active,
  CAST(CASE WHEN u_mon < 0.06 THEN hash(household_id, 31) % 4 ELSE 0 END AS BIGINT)
    AS measures_count,
  pc IS NOT NULL AS has_income,
  prev_factor IS NOT NULL AS has_income_prev,
  u_mon < 0.06 AS is_monitored,
  u_house BETWEEN 0.5 AND 0.55 AS relocated,
  CASE WHEN u_water < 0.95 THEN TRUE WHEN u_water < 0.99 THEN FALSE END AS water_safe,
  u_dept BETWEEN 0.4 AND 0.42 AS dept_vehicle,
  u_dept BETWEEN 0.5 AND 0.505 AS dept_real_estate,
  u_dept BETWEEN 0.6 AND 0.61 AS dept_business,
  u_dept BETWEEN 0.7 AND 0.705 AS dept_public_payroll,
  u_dept BETWEEN 0.8 AND 0.81 AS dept_housing_unsafe,
  u_dept BETWEEN 0.9 AND 0.95 AS dept_dibao,
  u_dept BETWEEN 0.95 AND 0.955 AS dept_tekun,
  CASE WHEN u_status < 0.55 THEN '一般农户' WHEN u_status < 0.9 THEN '脱贫户' ELSE '贫困户' END
    AS status,
  CASE WHEN u_mon < 0.02 THEN '脱贫不稳定户' WHEN u_mon < 0.05 THEN '边缘易致贫户'
       WHEN u_mon < 0.06 THEN '突发严重困难户' ELSE '' END AS monitoring_kind,
  CASE WHEN u_water > 0.93 THEN '低保户' WHEN u_water > 0.92 THEN '特困供养户' ELSE '一般户' END
    AS attribute,
  CASE WHEN u_house < 0.6 THEN 'A' WHEN u_house < 0.9 THEN 'B' WHEN u_house < 0.97 THEN 'C'
       WHEN u_house < 0.99 THEN 'D' END AS housing_grade
FROM j ORDER BY household_id
) TO '{{path}}' (FORMAT parquet, ROW_GROUP_SIZE 100000)
"""


def generate(n: int, path: str) -> dict[str, int]:
    """Write n households' features to path; return counts of households and persons."""
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute(PERSONS, {"n": n})
    persons = int(con.execute("SELECT COUNT(*) FROM persons").fetchone()[0])  # type: ignore[index]
    con.execute(MEMBERS)
    con.execute(FEATURES.replace("{path}", path.replace("'", "''")), {"n": n})
    con.close()
    return {"households": n, "persons": persons}
