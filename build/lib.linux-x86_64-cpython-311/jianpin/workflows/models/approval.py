"""Data approval per period up the tree, and village/county exit assessments."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class DataApproval(models.Model):
    """A level's approval of one period's data; approved data is locked."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               db_column="region_code", verbose_name=_("区域"))
    period = models.CharField(_("期次"), max_length=7)
    status = models.CharField(_("状态"), max_length=16)
    version = models.PositiveIntegerField(default=1)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("审批人"))
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period", "region_id"]
        verbose_name = _("数据审批")
        verbose_name_plural = _("数据审批")
        constraints = [models.UniqueConstraint(fields=["region", "period"],
                                               name="one_approval_per_region_period")]


class ExitAssessment(models.Model):
    """Poverty incidence of a village or county against the exit threshold, plus add-ons."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               db_column="region_code", verbose_name=_("区域"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16)
    version = models.PositiveIntegerField(default=1)
    rural_population = models.PositiveIntegerField(_("农村户籍人口"), default=0)
    poor_population = models.PositiveIntegerField(_("贫困人口"), default=0)
    incidence = models.DecimalField(_("贫困发生率(%)"), max_digits=6, decimal_places=2,
                                    default=Decimal("0.00"))
    threshold = models.DecimalField(_("退出标准(%)"), max_digits=5, decimal_places=2)
    addons = models.JSONField(_("地方附加指标"), default=list, blank=True)
    passed = models.BooleanField(_("达到退出标准"), default=False)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    computed_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "region_id"]
        verbose_name = _("退出评估")
        verbose_name_plural = _("退出评估")
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               condition=models.Q(closed_at__isnull=True),
                                               name="one_open_assessment_per_region_year")]
