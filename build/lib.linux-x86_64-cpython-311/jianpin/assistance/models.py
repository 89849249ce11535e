"""Helpers (帮扶责任人), pairings, one plan per household with measures, and visits."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianpin.assistance.codes import MeasureCategory

USER = settings.AUTH_USER_MODEL


class Helper(models.Model):
    name = models.CharField(_("姓名"), max_length=50)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    position = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("帮扶区域"), on_delete=models.PROTECT,
                               related_name="+", db_column="region_code")
    user = models.OneToOneField(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="helper", verbose_name=_("登录账号"))
    active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "name", "id"]
        verbose_name = _("帮扶责任人")
        verbose_name_plural = _("帮扶责任人")

    def __str__(self) -> str:
        return self.name


class Pairing(models.Model):
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, related_name="pairings")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT,
                                  related_name="pairings")
    since = models.DateField(_("结对日期"))
    until = models.DateField(_("解除日期"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-since", "id"]
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        constraints = [models.UniqueConstraint(fields=["helper", "household"],
                                               condition=Q(until__isnull=True),
                                               name="one_active_pairing_per_helper_household")]


class Plan(models.Model):
    """一户一策: exactly one plan per household."""

    household = models.OneToOneField("registry.Household", on_delete=models.PROTECT,
                                     related_name="assistance_plan")
    goals = models.TextField(_("帮扶目标与思路"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("帮扶计划")
        verbose_name_plural = _("帮扶计划")


class Measure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    category = models.CharField(_("措施类别"), max_length=16, choices=MeasureCategory.choices)
    description = models.CharField(_("措施内容"), max_length=200)
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    on = models.DateField(_("落实日期"))
    provider = models.CharField(_("实施单位"), max_length=100, blank=True)
    policy = models.CharField(_("政策依据"), max_length=200, blank=True)
    months = models.PositiveSmallIntegerField(_("期限(月)"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("帮扶措施")
        verbose_name_plural = _("帮扶措施")


class Visit(models.Model):
    """帮扶记录卡: one visit of a helper to a household."""

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT,
                                  related_name="visits")
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("走访日期"), db_index=True)
    findings = models.TextField(_("走访情况"))
    follow_ups = models.TextField(_("后续事项"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="assistance/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
