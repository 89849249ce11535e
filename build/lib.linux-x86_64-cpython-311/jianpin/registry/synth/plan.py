"""Household-level draws: status history, monitoring kind, village, family shape.

Shares follow what the policy texts describe (and what the earlier demo generator used): a
fifth of households registered poor in 2014-2016, all but 2% of them exited by 2020, one in ten
exited households monitored as 脱贫不稳定户 since 2021; among the others 3% 边缘易致贫户 and
about 0.8% 突发严重困难户 since 2023. The poor and monitored are older and less often married.
"""
from __future__ import annotations

from jianpin.registry import codes
from jianpin.registry.synth.rand import sql_list

S = codes.HouseholdStatus
K = codes.MonitoringKind

# Columns: i (0-based household), id, vidx and the household's shape.
PLAN = f"""
CREATE OR REPLACE TABLE plan AS
WITH draw AS (
  SELECT i, $base_id + i AS id, pick(i, 1, $villages) AS vidx,
    CASE WHEN u(i, 2) < 0.22 THEN choose(i, 3, [2014, 2014, 2015, 2016]) END AS identified,
    u(i, 4) < 0.02 AS stays_poor, choose(i, 5, [2016, 2017, 2018, 2018, 2019, 2020]) AS exit_year,
    u(i, 6) AS r_kind
  FROM range($n) t(i)
), kinds AS (
  SELECT *,
    CASE WHEN identified IS NULL THEN '{S.ORDINARY}' WHEN stays_poor THEN '{S.POOR}'
         ELSE '{S.EXITED}' END AS status,
    CASE WHEN identified IS NOT NULL AND NOT stays_poor THEN exit_year END AS exited,
    CASE WHEN identified IS NOT NULL THEN
           CASE WHEN NOT stays_poor AND r_kind < 0.10 THEN '{K.UNSTABLE}' ELSE '' END
         WHEN r_kind < 0.03 THEN '{K.MARGINAL}'
         WHEN r_kind < 0.038 THEN '{K.SUDDEN}' ELSE '' END AS kind
  FROM draw
), shaped AS (
  SELECT *,
    CASE kind WHEN '' THEN NULL WHEN '{K.SUDDEN}' THEN span(i, 7, 2023, $last_year)
         ELSE span(i, 7, 2021, $last_year) END AS monitored,
    identified IS NOT NULL OR kind <> '' AS needy
  FROM kinds
)
SELECT *,
  CASE WHEN needy THEN span(i, 10, 35, 86) ELSE span(i, 10, 28, 82) END AS head_age,
  -- the shock of a 突发严重困难户 in its last year: medical costs, a disaster or an accident
  CASE WHEN kind = '{K.SUDDEN}' THEN choose(i, 8, ['medical', 'medical', 'medical', 'disaster',
       'accident']) END AS shock
FROM shaped
"""

# Household-level family draws; `people.MEMBERS` turns them into members.
FAMILY = """
CREATE OR REPLACE TABLE family AS
SELECT *,
  head_age < 78 AND u(i, 11) < CASE WHEN needy THEN 0.65 ELSE 0.85 END AS has_spouse,
  head_age < 60 AS young,
  CASE WHEN head_age < 60 THEN choose(i, 12, [0, 1, 1, 2, 2, 2, 3, 3]) ELSE 0 END AS children,
  head_age < 50 AND u(i, 13) < 0.45 AS has_parent,
  head_age >= 60 AND u(i, 14) < 0.55 AS with_son,
  head_age - span(i, 15, 24, 32) AS son_age,
  choose(i, 16, [1, 1, 2, 2, 3]) AS grandchildren
FROM plan
"""

STATUS_VALUES = sql_list([s.value for s in S])
