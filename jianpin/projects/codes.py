"""Code lists of the project library, as county libraries keep them."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    INDUSTRY = "industry", _("产业")
    EMPLOYMENT = "employment", _("就业")
    INFRASTRUCTURE = "infrastructure", _("乡村建设/基础设施")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("健康")
    HOUSING = "housing", _("住房")
    WATER = "water", _("饮水")
    RELOCATION = "relocation", _("易地搬迁后续扶持")
    FINANCE = "finance", _("金融")
    OTHER = "other", _("其他")


class Nature(models.TextChoices):
    NEW = "new", _("新建")
    REBUILD = "rebuild", _("改建")
    EXTEND = "extend", _("扩建")


class FundSource(models.TextChoices):
    CENTRAL = "central", _("中央衔接资金")
    PROVINCE = "province", _("省级衔接资金")
    CITY = "city", _("市级衔接资金")
    COUNTY = "county", _("县级衔接资金")
    EAST_WEST = "east_west", _("东西部协作资金")
    PAIRED = "paired", _("定点帮扶资金")
    SOCIAL = "social", _("社会帮扶资金")
    INTEGRATED = "integrated", _("整合涉农资金")
    SELF = "self", _("自筹")
    OTHER = "other", _("其他")
