"""Code lists of the project library, as county libraries keep them."""
from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def labels(choices: Any) -> dict[str, str]:
    """Code -> label in the current language, translated once (a model's get_FOO_display
    hashes and translates every choice on each call, which adds up over a page of rows)."""
    return {str(code): str(label) for code, label in choices}


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


class FundLevel(models.TextChoices):
    """The level of government a source belongs to (衔接资金 by level; the rest apart)."""

    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    OTHER = "other", _("其他")


# 衔接推进乡村振兴补助资金: the four levels; the national industry-share rule reads the central one.
LINKAGE_SOURCES = frozenset({"central", "province", "city", "county"})


def level_of(source: str) -> str:
    return source if source in LINKAGE_SOURCES else FundLevel.OTHER.value


class PaymentKind(models.TextChoices):
    TRANSFER = "transfer", _("拨付")
    REIMBURSE = "reimburse", _("报账")


class AssetKind(models.TextChoices):
    """国办函〔2021〕51号: 经营性、公益性、到户类."""

    OPERATING = "operating", _("经营性资产")
    PUBLIC = "public", _("公益性资产")
    HOUSEHOLD = "household", _("到户类资产")


class Ownership(models.TextChoices):
    """确权: to whom the asset belongs."""

    COLLECTIVE = "collective", _("村集体")
    HOUSEHOLD = "household", _("农户")
    ENTERPRISE = "enterprise", _("企业")
    STATE = "state", _("国有（行业主管部门）")
    OTHER = "other", _("其他")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    IDLE = "idle", _("闲置")
    DISPOSED = "disposed", _("已处置")


class DisposalKind(models.TextChoices):
    SALE = "sale", _("出售")
    TRANSFER = "transfer", _("无偿划转")
    SCRAP = "scrap", _("报废")
    LOSS = "loss", _("报损")
