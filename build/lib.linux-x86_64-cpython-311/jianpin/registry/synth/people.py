"""Members: relations, ages, names, ID numbers (GB 11643 check digit agreeing with the birth
date and sex), health, disability, labour, schooling, migrant work and insurance.

The draws follow `registry.demo_people` (the earlier generator), so both give the same shares.
Every person's key is household * 8 + slot.
"""
from __future__ import annotations

from jianpin.kernel.ids import CHECK_CHARS, WEIGHTS
from jianpin.registry import codes
from jianpin.registry.demo_people import GIVEN, SURNAMES
from jianpin.registry.synth.rand import sql_list

R = codes.Relation
H = codes.Health
L = codes.LabourAbility
SS = codes.SchoolStatus
E = codes.Education
W = codes.WorkStatus
WITH_LABOUR = sql_list([v.value for v in codes.WITH_LABOUR])
INDUSTRIES = sql_list(["制造业", "建筑业", "批发和零售业", "住宿和餐饮业", "交通运输业", "居民服务业"])


def _check_digit(col: str) -> str:
    """SQL for the GB 11643 check character of a 17-digit string column."""
    total = " + ".join(f"CAST(substr({col}, {k + 1}, 1) AS INTEGER) * {w}"
                       for k, w in enumerate(WEIGHTS))
    return f"substr('{CHECK_CHARS}', 1 + (({total}) % 11), 1)"


# One row per person: relation and age from the family draws (slot 0 the head).
SLOTS = f"""
CREATE OR REPLACE TABLE slots AS
WITH s AS (
  SELECT f.*, slot, i * 8 + slot AS pk FROM family f, range(8) r(slot)
), r AS (
  SELECT *,
    CASE
      WHEN slot = 0 THEN '{R.HEAD}'
      WHEN slot = 1 AND has_spouse THEN '{R.SPOUSE}'
      WHEN young AND slot BETWEEN 2 AND 4 AND slot - 2 < children
        THEN CASE WHEN u(pk, 30) < 0.5 THEN '{R.SON}' ELSE '{R.DAUGHTER}' END
      WHEN young AND slot = 5 AND has_parent THEN '{R.PARENT}'
      WHEN with_son AND slot = 2 THEN '{R.SON}'
      WHEN with_son AND slot = 3 THEN '{R.OTHER}'
      WHEN with_son AND slot BETWEEN 4 AND 6 AND slot - 4 < grandchildren THEN '{R.GRANDCHILD}'
    END AS relation,
    CASE
      WHEN slot = 0 THEN head_age
      WHEN slot = 1 THEN greatest(20, head_age + span(pk, 31, -5, 3))
      WHEN young AND slot BETWEEN 2 AND 4 THEN head_age - span(pk, 32, 22, 34)
      WHEN young AND slot = 5 THEN head_age + span(pk, 33, 22, 30)
      WHEN slot = 2 THEN son_age
      WHEN slot = 3 THEN son_age + span(pk, 34, -3, 2)
      ELSE greatest(0, son_age - span(pk, 35, 22, 34))
    END AS age
  FROM s
)
SELECT * FROM r WHERE relation IS NOT NULL AND age >= 0
"""

PERSONS = f"""
CREATE OR REPLACE TABLE persons AS
WITH p AS (
  SELECT i, id AS household_id, vidx, slot, pk, relation, age, needy,
    -- a woman heads the household in some families without a spouse
    CASE WHEN relation = '{R.HEAD}' THEN has_spouse OR u(pk, 36) < 0.75
         WHEN relation IN ('{R.SON}') THEN TRUE
         WHEN relation IN ('{R.SPOUSE}', '{R.DAUGHTER}', '{R.OTHER}') THEN FALSE
         ELSE u(pk, 37) < 0.5 END AS male,
    CASE WHEN relation IN ('{R.HEAD}', '{R.SON}', '{R.DAUGHTER}', '{R.GRANDCHILD}')
         THEN substr('{SURNAMES}', 1 + pick(i, 40, {len(SURNAMES)}), 1)
         ELSE substr('{SURNAMES}', 1 + pick(pk, 41, {len(SURNAMES)}), 1) END
      || substr('{GIVEN}', 1 + pick(pk, 42, {len(GIVEN)}), 1)
      || CASE WHEN u(pk, 43) < 0.75 THEN substr('{GIVEN}', 1 + pick(pk, 44, {len(GIVEN)}), 1)
              ELSE '' END AS name,
    CAST(make_date($last_year - age, 1, 1) + pick(pk, 45, 365) AS DATE) AS birth_date,
    u(pk, 50) AS r_health,
    CASE WHEN needy THEN 1.8 ELSE 1.0 END AS risk
  FROM slots
), h AS (
  SELECT *,
    CASE WHEN r_health < 0.05 * risk * CASE WHEN age > 60 THEN 1.5 ELSE 1 END THEN '{H.DISABLED}'
         WHEN r_health < 0.08 * risk THEN '{H.SERIOUS}'
         WHEN r_health < CASE WHEN age > 55 THEN 0.20 ELSE 0.10 END * risk THEN '{H.CHRONIC}'
         ELSE '{H.HEALTHY}' END AS health
  FROM p
), g AS (
  SELECT *,
    CASE WHEN health = '{H.DISABLED}' THEN choose(pk, 51, [1, 2, 2, 3, 3, 4, 4, 4]) END
      AS disability_grade
  FROM h
), lab AS (
  SELECT *,
    CASE WHEN age < 16 THEN '{L.NONE}'
         WHEN health = '{H.DISABLED}' AND disability_grade <= 2 THEN '{L.LOST}'
         WHEN age >= 65 OR health = '{H.SERIOUS}' THEN
           CASE WHEN age >= 75 THEN '{L.LOST}' ELSE '{L.WEAK}' END
         WHEN health <> '{H.HEALTHY}' OR age >= 60 THEN '{L.WEAK}'
         WHEN u(pk, 52) < 0.2 THEN '{L.SKILLED}' ELSE '{L.ORDINARY}' END AS labour_ability,
    CASE WHEN age < 3 THEN ''
         WHEN age < 6 THEN '{SS.PRESCHOOL}'
         WHEN age <= 15 THEN CASE WHEN u(pk, 53) < 0.004 THEN '{SS.DROPOUT}'
                                  WHEN age <= 11 THEN '{SS.PRIMARY}' ELSE '{SS.JUNIOR}' END
         WHEN age <= 18 AND u(pk, 54) < 0.75 THEN choose(pk, 55, ['{SS.SENIOR}', '{SS.VOCATIONAL}'])
         WHEN age <= 22 AND u(pk, 56) < 0.3 THEN '{SS.HIGHER}'
         ELSE '{SS.NOT_IN_SCHOOL}' END AS school_status,
    u(pk, 57) AS r_edu
  FROM g
)
SELECT *,
  CASE WHEN school_status = '' THEN ''
       WHEN school_status = '{SS.PRESCHOOL}' THEN '{E.PRESCHOOL}'
       WHEN school_status = '{SS.DROPOUT}' THEN '{E.PRIMARY}'
       WHEN school_status IN ('{SS.PRIMARY}', '{SS.JUNIOR}') THEN
         CASE WHEN age <= 12 THEN '{E.PRIMARY}' ELSE '{E.JUNIOR}' END
       WHEN school_status IN ('{SS.SENIOR}', '{SS.VOCATIONAL}') THEN '{E.JUNIOR}'
       WHEN school_status = '{SS.HIGHER}' THEN '{E.SENIOR}'
       WHEN age > 50 THEN CASE WHEN r_edu < 0.25 THEN '{E.ILLITERATE}' WHEN r_edu < 0.60 THEN '{E.PRIMARY}'
         WHEN r_edu < 0.90 THEN '{E.JUNIOR}' WHEN r_edu < 0.96 THEN '{E.SENIOR}'
         WHEN r_edu < 0.99 THEN '{E.VOCATIONAL}' ELSE '{E.COLLEGE}' END
       ELSE CASE WHEN r_edu < 0.02 THEN '{E.ILLITERATE}' WHEN r_edu < 0.17 THEN '{E.PRIMARY}'
         WHEN r_edu < 0.67 THEN '{E.JUNIOR}' WHEN r_edu < 0.85 THEN '{E.SENIOR}'
         WHEN r_edu < 0.95 THEN '{E.VOCATIONAL}' ELSE '{E.COLLEGE}' END
  END AS education,
  labour_ability IN {WITH_LABOUR.replace('[', '(').replace(']', ')')}
    AND school_status = '{SS.NOT_IN_SCHOOL}' AND age < 60 AND u(pk, 58) < 0.7 AS working
FROM lab
"""

# ID numbers: the county of the village, the birth date, a sequence unique per (county, birth
# date, sex) whose parity gives the sex, and the check digit. A piece of an area (Spec.part of
# Spec.parts, drawn apart) takes every parts-th sequence number from its part on, with the
# area's offset, so the pieces of one county never give the same number.
IDS = f"""
CREATE OR REPLACE TABLE ids AS
WITH n AS (
  SELECT pk, v.county || strftime(birth_date, '%Y%m%d') AS stem, male,
    row_number() OVER (PARTITION BY v.county, birth_date, male ORDER BY pk) - 1 AS nth
  FROM persons p JOIN villages v USING (vidx)
), s AS (
  SELECT pk, nth, stem || lpad(CAST(((nth * $parts + $part + hash(stem, male, $id_seed) % 500) % 500) * 2
                                     + CASE WHEN male THEN 1 ELSE 0 END AS VARCHAR), 3, '0') AS first17
  FROM n
)
SELECT pk, nth, first17 || {_check_digit('first17')} AS id_number FROM s
"""

WORK = f"""
  CASE WHEN working THEN choose(pk, 60, ['{W.LOCAL}', '{W.COUNTY}', '{W.COUNTY}', '{W.PROVINCE}',
    '{W.PROVINCE}', '{W.PROVINCE}', '{W.OUT_OF_PROVINCE}', '{W.OUT_OF_PROVINCE}']) ELSE '' END"""
