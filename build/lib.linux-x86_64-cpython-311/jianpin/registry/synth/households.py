"""Household rows and member rows as the registry stores them.

A household's attribute, risk types and main cause follow from its members: 特困供养 only for a
person alone without labour, 因病/因残/因缺劳动力 only where a member is ill, disabled or no one
can work, and a 突发严重困难户's shock is among its risk types (and in its last income year).
"""
from __future__ import annotations

from jianpin.registry import codes
from jianpin.registry.synth.people import INDUSTRIES, WORK
from jianpin.registry.synth.rand import sql_list

A = codes.Attribute
C = codes.Cause
H = codes.Health
RT = codes.RiskType
WITH_LABOUR = "(" + sql_list([v.value for v in codes.WITH_LABOUR])[1:-1] + ")"

# The households the monitoring system follows (脱贫户, 贫困户 and monitoring objects): its 户信息
# and 外出务工 sheets record their living conditions and their members' periods of migrant work.
COVERED = "(f.identified IS NOT NULL OR f.kind <> '')"
WATER_SAFE = "u(f.i, 76) > 0.012"
TAP = f"({WATER_SAFE} AND u(f.i, 101) < 0.9)"
TOILET = "u(f.i, 77) < 0.85"
ENERGY = sql_list(["液化气", "液化气", "电", "电", "太阳能", "沼气"])
TOILETS = sql_list(["三格化粪池式", "三格化粪池式", "三格化粪池式", "双瓮漏斗式", "完整下水道水冲式",
                    "粪尿分集式"])
# Where a working member works (their 务工地点): the village's county, province, or a city away.
WORK_PLACE = f"""CASE WHEN NOT p.working THEN ''
       WHEN {WORK} = '{codes.WorkStatus.OUT_OF_PROVINCE}' THEN choose(p.pk, 62, v.away)
       WHEN {WORK} = '{codes.WorkStatus.PROVINCE}' THEN choose(p.pk, 62, v.near)
       ELSE v.county_name END"""

# Member ids, given here (from the load's first free id on) so that work periods can name them:
# in household order, the head first, as the pages list them.
MEMBER_IDS = """
CREATE OR REPLACE TABLE member_ids AS
SELECT pk, $member_base + row_number() OVER (ORDER BY household_id, slot) - 1 AS id FROM persons
"""

# Facts of each household that its rows need, drawn from its members.
FACTS = f"""
CREATE OR REPLACE TABLE facts AS
WITH agg AS (
  SELECT i, count(*) AS size,
    count(*) FILTER (WHERE labour_ability IN {WITH_LABOUR}) AS with_labour,
    count(*) FILTER (WHERE working) AS workers,
    bool_or(health IN ('{H.SERIOUS}', '{H.CHRONIC}')) AS any_ill,
    bool_or(health = '{H.DISABLED}') AS any_disabled,
    arg_min(name, slot) AS head_name
  FROM persons GROUP BY i
)
SELECT p.*, a.size, a.workers, a.head_name, a.any_ill, a.any_disabled,
  a.with_labour = 0 AS no_labour,
  CASE WHEN p.identified IS NOT NULL AND (a.with_labour = 0 OR u(p.i, 60) < 0.12) THEN
         CASE WHEN a.size = 1 AND a.with_labour = 0 THEN '{A.TEKUN}' ELSE '{A.DIBAO}' END
       ELSE '{A.GENERAL}' END AS attribute,
  '13' || CAST(pick(p.i, 61, 10) AS VARCHAR) || CAST(span(p.i, 62, 10000000, 99999999) AS VARCHAR)
    AS phone,
  pick(p.i, 63, 201) / 10.0 AS forest_mu
FROM plan p JOIN agg a USING (i)
"""

_RISKS = f"""concat_ws(', ',
    CASE WHEN any_ill OR shock = 'medical' THEN '"{RT.ILLNESS}"' END,
    CASE WHEN any_disabled THEN '"{RT.DISABILITY}"' END,
    CASE WHEN no_labour THEN '"{RT.NO_LABOUR}"' END,
    CASE WHEN shock = 'disaster' THEN '"{RT.DISASTER}"' END,
    CASE WHEN shock = 'accident' THEN '"{RT.ACCIDENT}"' END)"""

_CAUSE = f"""CASE WHEN identified IS NULL THEN ''
  WHEN any_ill THEN '{C.ILLNESS}' WHEN any_disabled THEN '{C.DISABILITY}'
  WHEN no_labour THEN '{C.NO_LABOUR}'
  ELSE choose(i, 70, ['{C.NO_SKILLS}', '{C.NO_CAPITAL}', '{C.SCHOOLING}', '{C.MOTIVATION}',
                      '{C.TRANSPORT}']) END"""

HOUSEHOLDS = f"""
SELECT f.id,
  v.code || lpad(CAST(row_number() OVER (PARTITION BY f.vidx ORDER BY f.i) AS VARCHAR), 6, '0')
    AS number,
  v.code AS village_code, g.code AS group_code, f.head_name, f.size, NULL::SMALLINT AS annual_size,
  v.address, f.phone,
  '6217' || lpad(CAST(hash(f.i, 71, $seed) % 1000000000000000 AS VARCHAR), 15, '0') AS bank_account,
  v.bank AS bank_name, f.attribute, f.status, f.kind AS monitoring_kind,
  CASE WHEN f.kind = '' THEN '[]'
       WHEN {_RISKS} = '' THEN '["' || choose(f.i, 72, ['{RT.EMPLOYMENT}', '{RT.INDUSTRY}']) || '"]'
       ELSE '[' || {_RISKS} || ']' END AS risk_types,
  {_CAUSE} AS main_cause, '[]' AS other_causes,
  CAST(span(f.i, 73, 40, 220) AS DECIMAL(8, 2)) AS housing_area,
  CASE WHEN u(f.i, 74) < 0.55 THEN 'A' WHEN u(f.i, 74) < 0.985 THEN 'B'
       WHEN u(f.i, 74) < 0.995 THEN 'C' ELSE 'D' END AS housing_grade,
  f.identified IS NOT NULL AND u(f.i, 75) < 0.05 AS relocated,
  {WATER_SAFE} AS water_safe, '' AS water_note, TRUE AS electricity, TRUE AS road_to_house,
  {TOILET} AS sanitary_toilet,
  CAST(pick(f.i, 78, 61) / 10.0 AS DECIMAL(8, 2)) AS farmland_mu,
  CAST(f.forest_mu AS DECIMAL(8, 2)) AS forest_mu,
  u(f.i, 79) < 0.2 AS cooperative_member,
  -- 户信息 living conditions, recorded for the households the monitoring system follows
  CASE WHEN {COVERED} THEN u(f.i, 100) < 0.96 END AS road_hardened,
  CASE WHEN {COVERED} THEN {TAP} END AS tap_water,
  CASE WHEN {COVERED} AND {TAP} THEN u(f.i, 102) < 0.97 END AS water_interval_ok,
  CASE WHEN {COVERED} THEN u(f.i, 103) < 0.75 END AS clean_energy,
  CASE WHEN {COVERED} AND u(f.i, 103) < 0.75 THEN choose(f.i, 104, {ENERGY}) ELSE '' END
    AS clean_energy_type,
  CASE WHEN {COVERED} THEN u(f.i, 74) >= 0.985 END AS dilapidated,    -- graded C or D
  CASE WHEN {COVERED} THEN u(f.i, 105) < 0.8 END AS shower,
  CASE WHEN {COVERED} AND {TOILET} THEN choose(f.i, 106, {TOILETS}) ELSE '' END AS toilet_type,
  CASE WHEN {COVERED} AND {TOILET} THEN u(f.i, 107) < 0.97 END AS toilet_usable,
  CASE WHEN {COVERED} AND {TOILET} THEN u(f.i, 108) < 0.35 END AS toilet_indoor,
  CASE WHEN {COVERED} AND {TOILET} THEN u(f.i, 108) < 0.35 OR u(f.i, 109) < 0.8 END
    AS toilet_in_yard,
  CASE WHEN {COVERED} THEN u(f.i, 110) < 0.3 END AS yard_beautified,
  CASE WHEN f.identified IS NOT NULL THEN
    make_date(f.identified, span(f.i, 80, 3, 10), span(f.i, 81, 1, 28)) END AS identified_on,
  CASE WHEN f.monitored IS NOT NULL THEN
    make_date(f.monitored, span(f.i, 82, 1, 11), span(f.i, 83, 1, 28)) END AS monitoring_since,
  -- a monitoring object's risk is not eliminated (as the identification decision records it,
  -- and as the monitoring export's 风险是否已消除 must say)
  CASE WHEN f.kind <> '' THEN FALSE END AS risk_eliminated, '' AS elimination_method,
  NULL::DATE AS risk_eliminated_on,
  CASE WHEN f.exited IS NOT NULL THEN make_date(f.exited, 12, span(f.i, 84, 1, 28)) END
    AS exited_on,
  1 AS version, $now AS created_at, $now AS updated_at
FROM facts f JOIN villages v USING (vidx)
LEFT JOIN groups g ON g.vidx = f.vidx AND g.gidx = pick(f.i, 85, v.groups)
ORDER BY f.id
"""

MEMBERS = f"""
SELECT m.id, p.household_id, p.name, '' AS person_number, '{codes.IdType.ID_CARD}' AS id_type,
  d.id_number, CASE WHEN p.male THEN '男' ELSE '女' END AS sex, p.birth_date, p.relation,
  '汉族' AS ethnicity, p.education, p.school_status, p.health,
  CAST(p.disability_grade AS SMALLINT) AS disability_grade, p.labour_ability,
  {WORK} AS work_status,
  CASE WHEN p.working THEN span(p.pk, 61, 6, 12) ELSE 0 END AS work_months,
  {WORK_PLACE} AS work_place,
  CASE WHEN p.working THEN choose(p.pk, 63, {INDUSTRIES}) ELSE '' END AS work_industry,
  '' AS employer,
  u(p.pk, 64) < 0.995 AS medical_insurance, u(p.pk, 65) < 0.99 AS serious_illness_insurance,
  p.age >= 16 AND u(p.pk, 66) < 0.8 AS pension_insurance,
  f.attribute = '{A.DIBAO}' AS dibao, f.attribute = '{A.TEKUN}' AS tekun,
  CASE WHEN p.slot = 0 THEN f.phone ELSE '' END AS phone,
  NULL::BOOLEAN AS plans_work, '' AS work_service_need,
  NULL::DATE AS deceased_on, $now AS created_at, $now AS updated_at
FROM persons p JOIN ids d USING (pk) JOIN member_ids m USING (pk) JOIN facts f USING (i)
JOIN villages v ON v.vidx = p.vidx
ORDER BY p.household_id, p.slot      -- ids in this order put the head first on the pages
"""
