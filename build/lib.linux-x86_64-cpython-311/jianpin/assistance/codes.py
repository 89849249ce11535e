"""Measure categories (domain guide §6) and which measures answer which risk type."""
from __future__ import annotations

from django.db import models

from jianpin.registry.codes import RiskType


class MeasureCategory(models.TextChoices):
    INDUSTRY = "产业", "产业帮扶"
    EMPLOYMENT = "就业", "就业帮扶"
    PUBLIC_JOB = "公益岗位", "公益岗位"
    FINANCE = "金融", "金融帮扶（小额信贷）"
    HEALTH = "健康", "健康帮扶"
    EDUCATION = "教育", "教育帮扶"
    COMPULSORY_EDUCATION = "义务教育保障", "义务教育保障"
    HOUSING = "住房安全保障", "住房安全保障"
    WATER = "饮水安全保障", "饮水安全保障"
    RELOCATION = "搬迁", "易地搬迁"
    SAFETY_NET = "兜底", "综合保障/兜底（低保、特困）"
    SOCIAL = "社会帮扶", "社会帮扶"
    LIVING = "生产生活条件改善", "生产生活条件改善"
    INFRASTRUCTURE = "基础设施建设", "基础设施建设"


C = MeasureCategory
# A risk type is answered when the household has at least one measure of these categories.
ANSWERS: dict[str, frozenset[str]] = {
    RiskType.ILLNESS: frozenset({C.HEALTH, C.SAFETY_NET}),
    RiskType.DISABILITY: frozenset({C.HEALTH, C.SAFETY_NET, C.PUBLIC_JOB}),
    RiskType.SCHOOLING: frozenset({C.EDUCATION, C.COMPULSORY_EDUCATION}),
    RiskType.DISASTER: frozenset({C.HOUSING, C.SOCIAL, C.LIVING, C.INFRASTRUCTURE, C.SAFETY_NET}),
    RiskType.ACCIDENT: frozenset({C.HEALTH, C.SOCIAL, C.SAFETY_NET}),
    RiskType.INDUSTRY: frozenset({C.INDUSTRY, C.FINANCE}),
    RiskType.EMPLOYMENT: frozenset({C.EMPLOYMENT, C.PUBLIC_JOB}),
    RiskType.NO_LABOUR: frozenset({C.SAFETY_NET, C.PUBLIC_JOB}),
    RiskType.HOUSING: frozenset({C.HOUSING, C.RELOCATION}),
    RiskType.WATER: frozenset({C.WATER}),
    RiskType.OTHER: frozenset(C.values),
}

# Small loans (小额信贷): at most 50,000 yuan for at most 3 years.
LOAN_MAX_YUAN = 50000
LOAN_MAX_MONTHS = 36
