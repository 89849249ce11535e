"""Known standards shipped as editable data (national values by year; seed 003 Guangdong)."""
from __future__ import annotations

NATIONAL = "000000000000"
LOCAL_DEFAULT = "全国默认值，各地可按本地政策修改"
WESTERN_PROVINCES = ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65")

# (year, region code, region prefix, key, value, note)
ROWS: list[tuple[int, str, str, str, str, str]] = [
    (2010, NATIONAL, "", "poverty_line", "2300", "国家扶贫标准，2010年不变价"),
    (2015, NATIONAL, "", "poverty_line", "2855", "2010年标准按现价约2855元"),
    (2017, NATIONAL, "", "poverty_line", "3335", "2010年标准按现价约3335元"),
    (2020, NATIONAL, "", "poverty_line", "4000", "2010年标准按现价约4000元"),
    (2015, NATIONAL, "", "exit_income", "2855", "人均纯收入稳定超过当年扶贫标准"),
    (2017, NATIONAL, "", "exit_income", "3335", "人均纯收入稳定超过当年扶贫标准"),
    (2020, NATIONAL, "", "exit_income", "4000", "人均纯收入稳定超过当年扶贫标准"),
    (2020, NATIONAL, "", "monitoring_line", "6000", "约为扶贫标准的1.5倍"),
    (2021, NATIONAL, "", "monitoring_line", "6000", "广泛采用的6000元；以后年度由各省确定"),
    (2015, NATIONAL, "", "income_drop_ratio", "0.3", LOCAL_DEFAULT),
    (2015, NATIONAL, "", "wage_drop_ratio", "0.5", LOCAL_DEFAULT),
    (2015, NATIONAL, "", "rigid_share", "0.5", LOCAL_DEFAULT),
    (2015, NATIONAL, "", "medical_oop_large", "10000", LOCAL_DEFAULT),
    (2015, NATIONAL, "", "disaster_loss_large", "10000", LOCAL_DEFAULT),
    (2020, NATIONAL, "", "elimination_min_months", "2", "纳入监测不足两个月即消除的视为存疑"),
    (2015, NATIONAL, "", "village_exit_incidence", "0.02", "贫困发生率降至2%以下"),
    *[(2015, f"{p}0000000000", p, "village_exit_incidence", "0.03", "西部地区降至3%以下")
      for p in WESTERN_PROVINCES],
    (2016, "440000000000", "44", "relative_line", "4000",
     "农村居民年人均可支配收入低于4000元（2014年不变价）"),
    (2016, "440000000000", "44", "labour_exit_income", "7365",
     "有劳动能力的相对贫困人口不低于全省农村居民人均可支配收入的45%"),
    (2016, "440000000000", "44", "village_exit_income", "9820",
     "相对贫困村不低于全省农村居民人均可支配收入的60%"),
    (2016, "440000000000", "44", "relative_village_income", "8000",
     "相对贫困村：村年人均可支配收入低于8000元（2014年不变价）"),
    (2016, "440000000000", "44", "relative_village_poor_share", "0.05",
     "相对贫困村：相对贫困人口占村户籍人口5%以上"),
]
# Day counts of the workflows (seeded by migration 0003, after the first seed).
WORKFLOW_ROWS: list[tuple[int, str, str, str, str, str]] = [
    (2015, NATIONAL, "", "notice_min_days", "5", "公示不少于5天（早期规定为7天）"),
    (2015, NATIONAL, "", "case_deadline_days", "15", "从发现到审定原则上不超过15天"),
    (2015, NATIONAL, "", "grievance_deadline_days", "15", LOCAL_DEFAULT),
    (2015, NATIONAL, "", "visit_interval_days", "90", LOCAL_DEFAULT),
]
SOURCE = "内置标准（可修改）"

# Applied by migration 0004 to the rows seeded above while they still hold the seeded value
# (rows someone edited are left as they are).
GD = "440000000000"
GD_PLAN = "五华县新时期精准扶贫精准脱贫三年攻坚实施方案（种子003）"
# (year, region code, key) -> last year in force: Guangdong's relative-poverty lines and the
# village exit thresholds belong to the campaigns that ended in 2020.
VALID_UNTIL: dict[tuple[int, str, str], int] = {
    (2016, GD, "relative_line"): 2020,
    (2016, GD, "labour_exit_income"): 2020,
    (2016, GD, "village_exit_income"): 2020,
    (2016, GD, "relative_village_income"): 2020,
    (2016, GD, "relative_village_poor_share"): 2020,
    (2015, NATIONAL, "village_exit_incidence"): 2020,
    **{(2015, f"{p}0000000000", "village_exit_incidence"): 2020 for p in WESTERN_PROVINCES},
}
# (year, region code, key) -> (seeded amount, share, reference, fixed reference year, note)
SHARES: dict[tuple[int, str, str], tuple[str, str, str, int, str]] = {
    (2016, GD, "labour_exit_income"): (
        "7365", "0.45", "rural_disposable_income", 2018,
        "有劳动能力的相对贫困人口人均可支配收入不低于全省农村居民人均可支配收入的45%（7365元）"),
    (2016, GD, "village_exit_income"): (
        "9820", "0.60", "rural_disposable_income", 2018,
        "相对贫困村人均可支配收入不低于全省农村居民人均可支配收入的60%（9820元）"),
}
# (key, year, region code, prefix, value, note): the figure the plan's lines were computed from.
REFERENCE_ROWS: list[tuple[str, int, str, str, str, str]] = [
    ("rural_disposable_income", 2018, GD, "44", "16367",
     "方案测算的2018年全省农村居民人均可支配收入：7365元÷45%≈9820元÷60%≈16367元"),
]
# New rows of migration 0004.
TEXT_ROWS: list[tuple[int, str, str, str, str, str, int | None]] = [
    # (year, code, prefix, key, value, note, valid_until)
    (2021, NATIONAL, "", "transition_period", "1",
     "脱贫攻坚目标任务完成后设立5年过渡期（2021-2025年），保持主要帮扶政策总体稳定", 2025),
    (2020, NATIONAL, "", "village_collective_income", "50000",
     "行政村集体经济收入达到5万元以上（种子001县级目标，各地可修改）", None),
    (2020, NATIONAL, "", "village_collective_income_high", "100000",
     "行政村集体经济收入达到10万元以上（种子001县级目标，各地可修改）", None),
]
REFERENCE_SOURCE = GD_PLAN
# New rows of migration 0005: the national industry share of central 衔接资金 (a share).
FUND_ROWS: list[tuple[int, str, str, str, str, str, int | None]] = [
    (2023, NATIONAL, "", "fund_industry_share", "0.60",
     "中央财政衔接推进乡村振兴补助资金用于产业发展的比重原则上不低于60%", None),
]
