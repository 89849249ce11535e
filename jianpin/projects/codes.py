"""Code lists of the project library, as county libraries keep them."""
from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    INDUSTRY = "industry", "产业"
    EMPLOYMENT = "employment", "就业"
    INFRASTRUCTURE = "infrastructure", "乡村建设/基础设施"
    EDUCATION = "education", "教育"
    HEALTH = "health", "健康"
    HOUSING = "housing", "住房"
    WATER = "water", "饮水"
    RELOCATION = "relocation", "易地搬迁后续扶持"
    FINANCE = "finance", "金融"
    OTHER = "other", "其他"


class Nature(models.TextChoices):
    NEW = "new", "新建"
    REBUILD = "rebuild", "改建"
    EXTEND = "extend", "扩建"


class FundSource(models.TextChoices):
    CENTRAL = "central", "中央衔接资金"
    PROVINCE = "province", "省级衔接资金"
    CITY = "city", "市级衔接资金"
    COUNTY = "county", "县级衔接资金"
    EAST_WEST = "east_west", "东西部协作资金"
    PAIRED = "paired", "定点帮扶资金"
    SOCIAL = "social", "社会帮扶资金"
    INTEGRATED = "integrated", "整合涉农资金"
    SELF = "self", "自筹"
    OTHER = "other", "其他"
