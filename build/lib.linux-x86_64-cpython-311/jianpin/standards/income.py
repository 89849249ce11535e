"""Income concepts: 人均纯收入 (net) and 人均可支配收入 (disposable), defined once.

Household records in jianpin hold net income (the 建档立卡 and monitoring systems' concept);
provincial averages and some local lines (Guangdong 2016-2020) are stated in disposable income.
Every income line of the standards table, every income indicator and every rule that reads an
income names its concept, so a comparison across concepts can be seen.
"""
from __future__ import annotations

from jianpin.rules import parse
from jianpin.rules.nodes import features
from jianpin.standards.models import IncomeConcept, StandardKey

DEFINITIONS: dict[str, tuple[str, str]] = {
    IncomeConcept.NET: (
        "家庭纯收入（工资性收入＋生产经营性收入＋财产性收入＋转移性收入－生产经营性支出）"
        "除以家庭人口数。建档立卡和防止返贫监测信息系统采集农户收入所用口径。",
        "Household net income (wages + business income + property income + transfers, "
        "less production costs) divided by household size; the concept of the household "
        "records of the registration and monitoring systems."),
    IncomeConcept.DISPOSABLE: (
        "可用于最终消费支出和储蓄的收入（工资性收入＋经营净收入＋财产净收入＋转移净收入，"
        "即扣除个人所得税、社会保障缴费等转移性支出）除以常住人口数。国家统计局住户调查口径，"
        "各省“农村居民人均可支配收入”即此口径。",
        "Income available for final consumption and saving (wages + net business income + net "
        "property income + net transfers, i.e. after income tax and social contributions) per "
        "resident; the household survey concept of the statistics bureau, in which provincial "
        "rural averages are published."),
}

# Income lines and the concept each is stated in unless a row says otherwise.
LINE_CONCEPTS: dict[str, str] = {
    StandardKey.POVERTY_LINE: IncomeConcept.NET,
    StandardKey.EXIT_INCOME: IncomeConcept.NET,
    StandardKey.MONITORING_LINE: IncomeConcept.NET,
    StandardKey.RELATIVE_LINE: IncomeConcept.DISPOSABLE,
    StandardKey.LABOUR_EXIT_INCOME: IncomeConcept.DISPOSABLE,
    StandardKey.VILLAGE_EXIT_INCOME: IncomeConcept.DISPOSABLE,
    StandardKey.RELATIVE_VILLAGE_INCOME: IncomeConcept.DISPOSABLE,
}
# Household features measured in net income.
NET_FEATURES = frozenset({"per_capita_net", "per_capita_net_prev", "net_income",
                          "income_change_ratio"})


def concepts_of(condition: str) -> set[str]:
    """The income concepts a rule-language condition reads (empty when it reads no income)."""
    if not condition.strip():
        return set()
    found: set[str] = set()
    for name in features(parse(condition)):
        if name in NET_FEATURES:
            found.add(IncomeConcept.NET)
        elif name.startswith("std_") and name[4:] in LINE_CONCEPTS:
            found.add(LINE_CONCEPTS[name[4:]])
    return found


# Chinese names for messages (error messages are Chinese whatever the page language).
CONCEPT_ZH = {IncomeConcept.NET: "人均纯收入", IncomeConcept.DISPOSABLE: "人均可支配收入"}


def concept_label(concept: str) -> str:
    return CONCEPT_ZH.get(IncomeConcept(concept), "") if concept else ""
