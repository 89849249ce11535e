"""Yearly income records by component, in integer fen so the totals are exact.

Per-capita net income follows each household's history (as in the earlier demo generator):
ordinary households about 9,400 yuan in 2014 growing 7.5% a year; registered poor 2,100-2,800
until they exit, then 5,200-7,200 growing 9%; monitored households near the monitoring line
since the year before monitoring began; a 突发严重困难户 loses 40-65% in the year it came under
monitoring, carries the shock's medical costs or disaster loss that year, and recovers only
in part afterwards. Components: wages (three quarters where
someone works away or nearby), property 2%, transfers 12% (低保金 or 特困供养金 for those
households, 生态补偿金 for forest land, the rest pensions), production the remainder.
The totals are what `registry.income.compute` gives for the components.
"""
from __future__ import annotations

from jianpin.registry import codes

A = codes.Attribute
K = codes.MonitoringKind


def _base(year: str) -> str:
    """Per-capita yuan before any monitoring event, for `year` (an SQL expression)."""
    key = f"(i * 100 + ({year}) - 2000)"
    return f"""CASE
    WHEN identified IS NULL THEN exp(9.15 + 0.35 * normal(i, 90)) * pow(1.075, {year} - 2014)
    WHEN {year} < coalesce(exited, 9999) THEN (2100 + 700 * u({key}, 91)) * pow(1.05, {year} - 2014)
    ELSE (5200 + 2000 * u({key}, 92)) * pow(1.09, {year} - exited) END"""


PER_CAPITA = f"""CASE
  WHEN kind = '{K.MARGINAL}' AND year >= monitored - 1 THEN 6300 + 2300 * u(i * 100 + year - 2000, 93)
  WHEN kind = '{K.UNSTABLE}' AND year >= monitored - 1 THEN 6800 + 2000 * u(i * 100 + year - 2000, 94)
  WHEN kind = '{K.SUDDEN}' AND year = monitored THEN ({_base('year - 1')}) * (0.35 + 0.25 * u(i, 95))
  WHEN kind = '{K.SUDDEN}' AND year > monitored THEN ({_base('year')}) * (0.75 + 0.15 * u(i, 98))
  ELSE {_base('year')} END"""

INCOMES = f"""
WITH y AS (
  SELECT f.*, year, CAST(round(({PER_CAPITA}) * size * 100) AS BIGINT) AS net
  FROM facts f, range($first_year, $last_year + 1) r(year)
), parts AS (
  SELECT *,
    CAST(round(net * CASE WHEN workers > 0 THEN 0.75 ELSE 0.15 END) AS BIGINT) AS wage,
    CAST(round(net * 0.02) AS BIGINT) AS property,
    CAST(round(net * 0.12) AS BIGINT) AS transfer,
    kind = '{K.SUDDEN}' AND year = monitored AS shocked
  FROM y
), transfers AS (
  SELECT *,
    CASE WHEN attribute = '{A.DIBAO}' THEN CAST(round(transfer * 0.6) AS BIGINT) ELSE 0 END AS dibao,
    CASE WHEN attribute = '{A.TEKUN}' THEN CAST(round(transfer * 0.6) AS BIGINT) ELSE 0 END AS tekun,
    least(CAST(round(forest_mu * 1600) AS BIGINT), transfer // 4) AS eco,
    net - wage - property - transfer AS rest
  FROM parts
), biz AS (
  SELECT *, CAST(round(abs(rest) * 0.3) AS BIGINT) AS cost0,
    CASE WHEN shocked AND shock IN ('medical', 'accident') THEN span(i, 96, 1000000, 6000000)
         ELSE 0 END AS medical,
    CASE WHEN shocked AND shock = 'disaster' THEN span(i, 97, 1500000, 5000000) ELSE 0 END
      AS disaster
  FROM transfers
), cents AS (
  SELECT id AS household_id, year, size AS persons, wage, property, dibao, tekun, eco, medical,
    disaster, transfer - dibao - tekun - eco AS pension, greatest(rest + cost0, 0) AS business,
    cost0 - least(rest + cost0, 0) AS cost, transfer, net
  FROM biz
)
SELECT household_id, CAST(year AS SMALLINT) AS year, persons,
  {{wage}} AS wage_income, {{business}} AS business_income, {{cost}} AS business_cost,
  {{property}} AS property_income, {{zero}} AS family_planning, {{dibao}} AS dibao_amount,
  {{tekun}} AS tekun_amount, {{pension}} AS pension, {{eco}} AS eco_compensation,
  {{zero}} AS other_transfer, {{medical}} AS medical_oop, {{zero}} AS education_spending,
  {{disaster}} AS disaster_loss, {{transfer}} AS transfer_income, {{net}} AS net_income,
  {{per_capita}} AS per_capita_net, {{rigid}} AS rigid_spending,
  $now AS created_at, $now AS updated_at
FROM cents
"""

AMOUNTS = {"wage": "wage", "business": "business", "cost": "cost", "property": "property",
           "zero": "0", "dibao": "dibao", "tekun": "tekun", "pension": "pension", "eco": "eco",
           "medical": "medical", "disaster": "disaster", "transfer": "transfer", "net": "net",
           # half up, as kernel.money.per_capita (net is never negative)
           "per_capita": "(2 * net + persons) // (2 * persons)", "rigid": "medical + disaster"}


def incomes_sql(money: str) -> str:
    """The income SELECT with each amount (in fen) wrapped by `money`, a format string."""
    return INCOMES.format(**{k: money.format(v) for k, v in AMOUNTS.items()})
