"""The project library (项目库): projects, their budget by source, performance targets, events.

A project's status moves only through `jianpin.projects.machine` (see its docstring).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianpin.projects.codes import Category, FundSource, Nature

USER = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPLIED = "applied", _("村级已申报")
    RETURNED = "returned", _("已退回")
    REVIEWED = "reviewed", _("乡镇已审核")
    APPROVED = "approved", _("县级已审定")
    IN_LIBRARY = "in_library", _("已入库")
    PLANNED = "planned", _("已列入年度计划")
    NOTICED = "noticed", _("实施前公示")
    IMPLEMENTING = "implementing", _("实施中")
    ACCEPTED = "accepted", _("已验收")
    COMPLETED = "completed", _("完工公告")
    HANDED_OVER = "handed_over", _("资产已确权移交")
    EVALUATED = "evaluated", _("已绩效评价")


class Project(models.Model):
    name = models.CharField(_("项目名称"), max_length=200)
    category = models.CharField(_("项目类别"), max_length=16, choices=Category.choices)
    nature = models.CharField(_("建设性质"), max_length=8, choices=Nature.choices,
                              default=Nature.NEW)
    region = models.ForeignKey("regions.Region", verbose_name=_("建设地点"), on_delete=models.PROTECT,
                               related_name="+", db_column="region_code")
    location_detail = models.CharField(_("具体地点"), max_length=200, blank=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=100)
    responsible_person = models.CharField(_("责任人"), max_length=50)
    tasks = models.TextField(_("建设任务（内容及规模）"))
    start_on = models.DateField(_("计划开工日期"), null=True, blank=True)
    end_on = models.DateField(_("计划完工日期"), null=True, blank=True)
    plan_year = models.PositiveSmallIntegerField(_("计划年度"), null=True, blank=True)
    linkage = models.TextField(_("联农带农（带贫减贫）机制"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    notice_from = models.DateField(_("公示开始日期"), null=True, blank=True)
    started_on = models.DateField(_("实际开工日期"), null=True, blank=True)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    beneficiaries = models.ManyToManyField("registry.Household", blank=True,
                                           related_name="projects", verbose_name=_("受益农户"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        indexes = [models.Index(fields=["region", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_on__isnull=True)
                                   | models.Q(start_on__isnull=True)
                                   | models.Q(end_on__gte=models.F("start_on")),
                                   name="project_period_order"),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """Planned money for one project from one source (元)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget")
    source = models.CharField(_("资金来源"), max_length=16, choices=FundSource.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="budget_one_per_source"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]


class Target(models.Model):
    """A performance target (绩效目标): indicator, target value, actual value once known."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("绩效指标"), max_length=100)
    target_value = models.CharField(_("目标值"), max_length=50)
    actual_value = models.CharField(_("实际完成值"), max_length=50, blank=True)

    class Meta:
        ordering = ["id"]


class ProjectEvent(models.Model):
    """One step in a project's history (fields as workflows.Event, which the engine writes)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=32)
    label = models.CharField(_("环节"), max_length=32)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("意见/说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("项目办理记录")
        verbose_name_plural = _("项目办理记录")
