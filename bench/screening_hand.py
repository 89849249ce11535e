"""The shipped rules' predicates written by hand as DuckDB SQL (the overhead baseline).

Each predicate keeps the rule language's NULL semantics: `ratio`/`/` give NULL on a zero
divisor (NULLIF), `max` is NULL when either side is NULL.
"""
from __future__ import annotations

MONITORED_OR_POOR = "(is_monitored OR status = '贫困户')"
SAFE_HOUSE = "(housing_grade IN ('A', 'B') OR relocated)"

HAND: dict[str, str] = {
    "MON-UNSTABLE": "status = '脱贫户' AND NOT is_monitored AND "
                    "(per_capita_net < std_monitoring_line OR rigid_share > std_rigid_share)",
    "MON-MARGINAL": "status = '一般农户' AND NOT is_monitored "
                    "AND per_capita_net < std_monitoring_line",
    "MON-SUDDEN": "NOT is_monitored AND (income_change_ratio <= -std_income_drop_ratio "
                  "OR rigid_share > std_rigid_share OR dept_medical_oop >= std_medical_oop_large "
                  "OR (disaster_loss IS NOT NULL AND GREATEST(disaster_loss, "
                  "COALESCE(dept_disaster_loss, 0)) >= std_disaster_loss_large))",
    "RISK-ILLNESS": "members_serious_illness + members_chronic > 0 AND "
                    "(medical_oop >= std_medical_oop_large "
                    "OR dept_medical_oop >= std_medical_oop_large "
                    "OR medical_oop / NULLIF(net_income, 0) > std_rigid_share)",
    "RISK-DISABILITY": "(members_severe_disabled > 0 OR dept_disability_cert > 0) "
                       "AND per_capita_net < std_monitoring_line",
    "RISK-SCHOOLING": "education_spending / NULLIF(net_income, 0) > std_rigid_share "
                      "OR children_out_of_school > 0 OR dept_dropout > 0",
    "RISK-DISASTER": "disaster_loss >= std_disaster_loss_large "
                     "OR dept_disaster_loss >= std_disaster_loss_large",
    "RISK-ACCIDENT": "dept_medical_oop >= std_medical_oop_large "
                     "AND members_serious_illness = 0 AND members_chronic = 0",
    "RISK-EMPLOYMENT": "wage_change_ratio <= -std_wage_drop_ratio",
    "RISK-INDUSTRY": "business_net_prev > 0 AND business_change_ratio <= -std_income_drop_ratio",
    "RISK-NO-LABOUR": "members > 0 AND members_with_labour = 0",
    "RISK-HOUSING": "(housing_grade IN ('C', 'D') AND NOT relocated) OR dept_housing_unsafe",
    "RISK-WATER": "water_safe = FALSE",
    "EXC-VEHICLE": f"{MONITORED_OR_POOR} AND dept_vehicle",
    "EXC-REAL-ESTATE": f"{MONITORED_OR_POOR} AND dept_real_estate",
    "EXC-PAYROLL": f"{MONITORED_OR_POOR} AND dept_public_payroll",
    "EXC-BUSINESS": f"{MONITORED_OR_POOR} AND dept_business",
    "EXIT-READY": "status = '贫困户' AND per_capita_net >= std_exit_income "
                  "AND per_capita_net_prev >= std_exit_income AND (members_with_labour = 0 "
                  "OR std_labour_exit_income IS NULL OR per_capita_net >= std_labour_exit_income)"
                  f" AND {SAFE_HOUSE} AND water_safe AND children_out_of_school = 0 "
                  "AND members_no_medical_insurance = 0 AND members_no_serious_insurance = 0",
    "EXIT-BLOCKED": "status = '贫困户' AND per_capita_net >= std_exit_income "
                    f"AND (NOT {SAFE_HOUSE} OR NOT water_safe OR children_out_of_school > 0 "
                    "OR members_no_medical_insurance > 0)",
    "ELIM-READY": "is_monitored AND members_with_labour > 0 "
                  "AND per_capita_net > std_monitoring_line "
                  "AND per_capita_net_prev > std_monitoring_line "
                  f"AND COALESCE(rigid_share, 0) <= std_rigid_share AND {SAFE_HOUSE} "
                  "AND water_safe AND children_out_of_school = 0 "
                  "AND members_no_medical_insurance = 0 "
                  "AND months_monitored >= std_elimination_min_months",
    "ELIM-NO-LABOUR": "is_monitored AND members > 0 AND members_with_labour = 0 "
                      "AND per_capita_net > std_monitoring_line",
    "ELIM-TOO-SOON": "is_monitored AND months_monitored < std_elimination_min_months "
                     "AND per_capita_net > std_monitoring_line",
    "DQ-NO-INCOME": "NOT has_income",
    "DQ-SIZE": "household_size <> members",
    "DQ-HEAD": "heads <> 1",
    "DQ-MISSING-ID": "members_missing_id > 0",
    "DQ-HOUSING-GRADE": "housing_grade IS NULL",
    "DQ-WATER": "water_safe IS NULL",
    "DQ-DIBAO": "dept_dibao AND attribute <> '低保户'",
    "DQ-NEGATIVE-INCOME": "per_capita_net < 0",
}


def hand_sql(codes: list[str]) -> str:
    """One UNION ALL statement: (rule index, household id) for every hit."""
    return " UNION ALL ".join(f"SELECT {i} AS r, household_id FROM features WHERE {HAND[c]}"
                              for i, c in enumerate(codes))
