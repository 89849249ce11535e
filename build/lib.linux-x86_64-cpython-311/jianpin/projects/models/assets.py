"""Assets formed by projects (扶贫项目资产, 国办函〔2021〕51号): the ledger, income, disposal."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianpin.projects.codes import AssetKind, AssetStatus, DisposalKind, Ownership
from jianpin.projects.models.library import Project

USER = settings.AUTH_USER_MODEL
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class Asset(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地"),
                               on_delete=models.PROTECT, related_name="+",
                               db_column="region_code")
    project = models.ForeignKey(Project, verbose_name=_("形成资产的项目"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="assets")
    name = models.CharField(_("资产名称"), max_length=200)
    kind = models.CharField(_("资产类别"), max_length=12, choices=AssetKind.choices)
    scale = models.CharField(_("规模（数量及单位）"), max_length=100, blank=True)
    value = models.DecimalField(_("资产原值（元）"), **MONEY)
    formed_on = models.DateField(_("形成时间"), null=True, blank=True)
    ownership = models.CharField(_("确权类型"), max_length=12, choices=Ownership.choices)
    owner_name = models.CharField(_("产权所有人"), max_length=100, blank=True)
    owner_household = models.ForeignKey("registry.Household", verbose_name=_("确权农户"),
                                        null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    custodian = models.CharField(_("管护主体"), max_length=100)
    upkeep = models.CharField(_("管护责任"), max_length=300, blank=True)
    operator = models.CharField(_("经营主体"), max_length=100, blank=True)
    operation_mode = models.CharField(_("经营方式"), max_length=50, blank=True)
    status = models.CharField(_("资产状态"), max_length=12, choices=AssetStatus.choices,
                              default=AssetStatus.IN_USE)
    disposal_kind = models.CharField(_("处置方式"), max_length=12, choices=DisposalKind.choices,
                                     blank=True)
    disposal_reason = models.CharField(_("处置原因"), max_length=300, blank=True)
    disposal_approval = models.CharField(_("处置批准文号"), max_length=100, blank=True)
    disposal_approver = models.CharField(_("批准单位"), max_length=100, blank=True)
    disposed_on = models.DateField(_("处置日期"), null=True, blank=True)
    disposal_value = models.DecimalField(_("处置收入（元）"), null=True, blank=True, **MONEY)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "id"]
        verbose_name = _("项目资产")
        verbose_name_plural = _("项目资产")
        indexes = [models.Index(fields=["region", "kind"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="asset_value_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(status="disposed") | ~models.Q(disposal_approval=""),
                name="asset_disposal_approved"),
        ]

    def __str__(self) -> str:
        return self.name


class AssetIncome(models.Model):
    """Income from operating an asset in one period (资产收益)."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="incomes")
    year = models.PositiveSmallIntegerField(_("收益年度"))
    received_on = models.DateField(_("到账日期"))
    amount = models.DecimalField(_("收益金额（元）"), **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0),
                                              name="asset_income_positive")]


class IncomeShare(models.Model):
    """The part of an income distributed to one beneficiary household (收益分配)."""

    income = models.ForeignKey(AssetIncome, on_delete=models.CASCADE, related_name="shares")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT,
                                  related_name="+")
    amount = models.DecimalField(_("分配金额（元）"), **MONEY)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="income_share_positive"),
            models.UniqueConstraint(fields=["income", "household"], name="income_share_once"),
        ]
