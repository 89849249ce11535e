"""Periods of migrant work (已外出务工信息) of the members who work away from their township.

Recorded, as the monitoring system records them, for the working members (of working age, able
to work, out of school: `people.PERSONS`' `working`) of the households it follows
(`households.COVERED`) who work in the county outside their township, elsewhere in the province
or in another province. The period of the last income year covers exactly the member's
务工时间（月）, as the import computes it from the periods (`registry.io.periods`): a full year
started in an earlier year and still open; a shorter one either still open (to December) or
ended within the year. Some members also worked a season the year before. Where they worked is
the member's 务工地点; the monthly pay and the travel subsidy follow how far away that is.
"""
from __future__ import annotations

from jianpin.registry import codes
from jianpin.registry.synth.households import COVERED, WORK_PLACE
from jianpin.registry.synth.people import WORK
from jianpin.registry.synth.rand import sql_list

W = codes.WorkStatus
AWAY = sql_list([W.COUNTY.value, W.PROVINCE.value, W.OUT_OF_PROVINCE.value])
CHANNELS = sql_list(["自主务工", "自主务工", "自主务工", "亲友介绍", "亲友介绍", "有组织劳务输出"])

_PAY = f"""CASE WHEN work = '{W.OUT_OF_PROVINCE}' THEN span(pk, 125, 38, 68)
  WHEN work = '{W.PROVINCE}' THEN span(pk, 125, 32, 56) ELSE span(pk, 125, 24, 42) END * 100"""
_SUBSIDY = f"""CASE WHEN work = '{W.OUT_OF_PROVINCE}' AND u(pk, 126) < 0.5
    THEN choose(pk, 127, [300, 500, 800])
  WHEN work = '{W.PROVINCE}' AND u(pk, 126) < 0.3 THEN choose(pk, 127, [200, 300]) END"""

WORK_PERIODS = f"""
WITH away AS (
  SELECT p.pk, m.id AS member_id, p.age, {WORK} AS work, {WORK_PLACE} AS place,
    span(p.pk, 61, 6, 12) AS months            -- the member's 务工时间（月）
  FROM persons p JOIN member_ids m USING (pk) JOIN facts f ON f.i = p.i
  JOIN villages v ON v.vidx = p.vidx
  WHERE p.working AND {COVERED}
), current AS (
  SELECT *,
    CASE WHEN months = 12 THEN make_date($last_year - 1
                                         - CASE WHEN age >= 20 THEN pick(pk, 120, 2) ELSE 0 END,
                                         span(pk, 121, 1, 12), 1)
         WHEN u(pk, 122) < 0.6 THEN make_date($last_year, 13 - months, 1)
         ELSE make_date($last_year, 1 + pick(pk, 123, 13 - months), 1) END AS start_on
  FROM away WHERE work IN {AWAY.replace('[', '(').replace(']', ')')}
), periods AS (
  SELECT member_id, place, pk, work, start_on,
    CASE WHEN months = 12 OR u(pk, 122) < 0.6 THEN NULL
         ELSE make_date($last_year, month(start_on) + months - 1, 1) END AS end_on,
    1.0 AS pay_share
  FROM current
  UNION ALL              -- a season the year before
  SELECT member_id, place, pk, work, make_date($last_year - 1, span(pk, 128, 2, 5), 1),
    make_date($last_year - 1, span(pk, 129, 9, 12), 1), 0.95
  FROM current WHERE months < 12 AND age >= 18 AND u(pk, 124) < 0.4
)
SELECT member_id, TRUE AS working, place AS county, choose(pk, 130, {CHANNELS}) AS channel,
  start_on AS start, end_on AS "end",
  CAST(round(({_PAY}) * pay_share, -2) AS DECIMAL(10, 2)) AS monthly_income,
  CAST({_SUBSIDY} AS DECIMAL(10, 2)) AS travel_subsidy, $now AS created_at
FROM periods
ORDER BY member_id, start_on
"""
