"""The shipped indicators. Filters are rule-language conditions over the household-year
features of `jianpin.rules.catalog`; `seed` writes them (a data migration calls it)."""
from __future__ import annotations

from typing import Any

HAS_INCOME = "per_capita_net is not null"
PROBLEMS = ("children_out_of_school > 0 or members_no_medical_insurance > 0"
            " or housing_grade in ('C', 'D') or water_safe = false")


def _d(code: str, name: str, name_en: str, unit: str, num: tuple[str, str, str],
       den: tuple[str, str, str] = ("", "", ""), factor: int = 1, direction: str = "higher",
       threshold: str | None = None, concept: str = "",
       subject: str = "household", threshold_standard: str = "") -> dict[str, Any]:
    return {"code": code, "name": name, "name_en": name_en, "unit": unit,
            "numerator_agg": num[0], "numerator_feature": num[1], "numerator_filter": num[2],
            "denominator_agg": den[0], "denominator_feature": den[1],
            "denominator_filter": den[2], "factor": factor, "direction": direction,
            "threshold": threshold, "income_concept": concept, "subject": subject,
            "threshold_standard": threshold_standard}


SHIPPED: list[dict[str, Any]] = [
    _d("households", "建档农户数", "Registered households", "户", ("count", "", "")),
    _d("persons", "建档人口数", "Registered persons", "人", ("sum", "members", "")),
    _d("poverty_incidence", "贫困发生率", "Poverty incidence", "%",
       ("sum", "members", "status = '贫困户'"), ("sum", "members", ""), factor=100,
       direction="lower", threshold="2"),
    _d("poor_persons", "贫困人口数", "Poor persons", "人",
       ("sum", "members", "status = '贫困户'"), direction="lower"),
    _d("monitored_households", "监测对象户数", "Monitored households", "户",
       ("count", "", "is_monitored"), direction="lower"),
    _d("monitored_persons", "监测对象人数", "Monitored persons", "人",
       ("sum", "members", "is_monitored"), direction="lower"),
    _d("monitored_unstable", "脱贫不稳定户数", "Unstable exited households", "户",
       ("count", "", "monitoring_kind = '脱贫不稳定户'"), direction="lower"),
    _d("monitored_marginal", "边缘易致贫户数", "Households at the margin of poverty", "户",
       ("count", "", "monitoring_kind = '边缘易致贫户'"), direction="lower"),
    _d("monitored_sudden", "突发严重困难户数", "Households in sudden severe hardship", "户",
       ("count", "", "monitoring_kind = '突发严重困难户'"), direction="lower"),
    _d("open_problem_households", "“三保障”及饮水安全问题户数",
       "Households with open education, health, housing or water problems", "户",
       ("count", "", PROBLEMS), direction="lower", threshold="0"),
    _d("per_capita_income_median", "人均纯收入中位数", "Per-capita net income (median)", "元",
       ("median", "per_capita_net", HAS_INCOME), concept="net"),
    _d("per_capita_income_mean", "人均纯收入平均数", "Per-capita net income (mean)", "元",
       ("sum", "per_capita_net", HAS_INCOME), ("count", "", HAS_INCOME), concept="net"),
    _d("under_poverty_line_share", "低于贫困线户占比", "Households under the poverty line", "%",
       ("count", "", "per_capita_net < std_poverty_line"),
       ("count", "", f"{HAS_INCOME} and std_poverty_line is not null"), factor=100,
       direction="lower", concept="net"),
    _d("under_monitoring_line_share", "低于监测线户占比",
       "Households under the monitoring line", "%",
       ("count", "", "per_capita_net < std_monitoring_line"),
       ("count", "", f"{HAS_INCOME} and std_monitoring_line is not null"), factor=100,
       direction="lower", concept="net"),
    _d("assistance_coverage", "监测对象帮扶覆盖率", "Assistance coverage of monitored households",
       "%", ("count", "", "is_monitored and helpers_active > 0"), ("count", "", "is_monitored"),
       factor=100, threshold="100"),
]

RECORDED = '[["collective_income", "not null"]]'


def _v(code: str, name: str, name_en: str, unit: str, num: tuple[str, str, str],
       den: tuple[str, str, str] = ("", "", ""), factor: int = 1, direction: str = "higher",
       threshold: str | None = None) -> dict[str, Any]:
    return _d(code, name, name_en, unit, num, den, factor, direction, threshold,
              subject="village")


def _flag_share(field: str, code: str, name: str, name_en: str) -> dict[str, Any]:
    return _v(code, name, name_en, "%", ("count", "", f'[["{field}", "=", true]]'),
              ("count", "", ""), factor=100, threshold="100")


# Village indicators: counts and sums over village records (`jianpin.indicators.villages`).
# Collective income targets of seed 001: every village with income, ≥ 80% of villages at
# 50,000 yuan or more, ≥ 50% at 100,000 or more (lines from the standards table).
VILLAGE_SHIPPED: list[dict[str, Any]] = [
    _v("villages_recorded", "建立年度档案的行政村数", "Villages with a yearly record", "个",
       ("count", "", "")),
    _v("relative_poor_villages", "相对贫困村数", "Relatively poor villages", "个",
       ("count", "", '[["relative_poor", "=", true]]'), direction="lower"),
    _v("exited_poor_villages", "脱贫村数", "Villages out of poverty", "个",
       ("count", "", '[["exited_poor_village", "=", true]]')),
    _v("collective_income_any_share", "有集体经济收入的村占比",
       "Villages with collective income", "%",
       ("count", "", '[["collective_income", ">", 0]]'), ("count", "", RECORDED), factor=100,
       threshold="100"),
    _v("collective_income_50k_share", "集体经济收入达标村占比",
       "Villages with collective income at the target line", "%",
       ("count", "", '[["collective_income", ">=", "std:village_collective_income"]]'),
       ("count", "", RECORDED), factor=100, threshold="80"),
    _v("collective_income_100k_share", "集体经济收入较高村占比",
       "Villages with collective income at the higher line", "%",
       ("count", "", '[["collective_income", ">=", "std:village_collective_income_high"]]'),
       ("count", "", RECORDED), factor=100, threshold="50"),
    _v("collective_income_mean", "村均集体经济收入", "Collective income per village", "元",
       ("sum", "collective_income", RECORDED), ("count", "", RECORDED)),
    _flag_share("road_hardened", "road_hardened_share", "30户以上自然村通硬化路的村占比",
                "Villages whose natural villages of 30+ households have hardened roads"),
    _flag_share("safe_water", "safe_water_village_share", "饮水安全的村占比",
                "Villages with safe drinking water"),
    _flag_share("power", "power_share", "通动力电的村占比", "Villages with power supply"),
    _flag_share("broadband", "broadband_share", "通宽带的村占比", "Villages with broadband"),
    _flag_share("clinic_with_doctor", "clinic_doctor_share", "卫生室有合格村医的村占比",
                "Villages with a clinic and a qualified doctor"),
    _v("first_secretary_share", "有驻村第一书记的村占比", "Villages with a first secretary", "%",
       ("count", "", '[["has_first_secretary", "=", true]]'), ("count", "", ""), factor=100),
    _v("paired_villages_share", "有结对帮扶单位的村占比", "Villages with paired units", "%",
       ("count", "", '[["paired_units", ">", 0]]'), ("count", "", ""), factor=100),
]
SHIPPED += VILLAGE_SHIPPED
# Exit progress, for plans such as seed 003's (30% out by end 2016, 70% by 2017, 100% by 2018).
SHIPPED += [
    _d("exited_households", "脱贫户数", "Households out of poverty", "户",
       ("count", "", "status = '脱贫户'")),
    _d("exit_share", "脱贫人口占比", "Share of registered poor persons out of poverty", "%",
       ("sum", "members", "status = '脱贫户'"),
       ("sum", "members", "status in ('贫困户', '脱贫户')"), factor=100, threshold="100"),
]


def _f(code: str, name: str, name_en: str, unit: str, num: tuple[str, str],
       den: tuple[str, str] | None = None, threshold_standard: str = "") -> dict[str, Any]:
    return _d(code, name, name_en, unit, ("sum", *num),
              ("sum", *den) if den else ("", "", ""), 100 if den else 1,
              subject="funds", threshold_standard=threshold_standard)


CENTRAL = '[["source", "=", "central"]]'
LINKAGE = '[["source", "in", ["central", "province", "city", "county"]]]'
# Fund indicators (`jianpin.indicators.funds`), as the projects app's funds report defines
# them (docs/projects.md): 支出进度 = disbursed / allocated over the batches of the year, and the
# industry share of central 衔接资金 (national rule: at least the standard
# `fund_industry_share`, 60%) and of all four levels.
FUND_SHIPPED: list[dict[str, Any]] = [
    _f("fund_allocated", "项目资金安排额", "Funds arranged for projects", "元",
       ("allocated", "")),
    _f("fund_disbursed", "项目资金支出额", "Funds disbursed", "元", ("disbursed", "")),
    _f("fund_execution_rate", "资金支出进度", "Fund execution rate", "%",
       ("disbursed", ""), ("allocated", "")),
    _f("central_fund_execution_rate", "中央衔接资金支出进度",
       "Execution rate of central linkage funds", "%",
       ("disbursed", CENTRAL), ("allocated", CENTRAL)),
    _f("industry_share_central", "中央衔接资金用于产业发展的比重",
       "Share of central linkage funds for industry", "%",
       ("allocated", '[["source", "=", "central"], ["category", "=", "industry"]]'),
       ("allocated", CENTRAL), threshold_standard="fund_industry_share"),
    _f("industry_share_linkage", "衔接资金用于产业发展的比重",
       "Share of linkage funds (all levels) for industry", "%",
       ("allocated", '[["source", "in", ["central", "province", "city", "county"]],'
                     ' ["category", "=", "industry"]]'),
       ("allocated", LINKAGE)),
]
SHIPPED += FUND_SHIPPED
# Risk elimination as the national system counts it: a household marked 风险消除 keeps its
# monitoring kind there but is no longer a monitored household (`is_monitored`); the rate is
# eliminated households over all identified ones (eliminated or still monitored).
SHIPPED += [
    _d("risk_eliminated_households", "风险已消除户数", "Households whose risk is eliminated", "户",
       ("count", "", "risk_eliminated")),
    _d("risk_elimination_rate", "风险消除率", "Risk elimination rate", "%",
       ("count", "", "risk_eliminated"), ("count", "", "risk_eliminated or is_monitored"),
       factor=100),
]


def seed(indicator_model: Any) -> int:
    """Create the shipped indicators that do not exist yet (edited ones are kept)."""
    have = set(indicator_model.objects.values_list("code", flat=True))
    # A migration's historical model may lack fields added later (they are set by the
    # migration that adds them).
    fields = {f.name for f in indicator_model._meta.get_fields()}
    rows = [indicator_model(position=i, **{k: v for k, v in d.items() if k in fields})
            for i, d in enumerate(SHIPPED) if d["code"] not in have
            and ("subject" in fields or d["subject"] == "household")
            and ("threshold_standard" in fields or d["subject"] != "funds")]
    indicator_model.objects.bulk_create(rows)
    return len(rows)
