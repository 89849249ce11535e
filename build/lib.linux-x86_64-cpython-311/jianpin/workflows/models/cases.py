"""Cases (identification, risk elimination, household exit), their timeline and notices."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class CaseKind(models.TextChoices):
    IDENTIFICATION = "identification", _("监测对象识别纳入")
    ELIMINATION = "elimination", _("风险消除")
    EXIT = "exit", _("贫困户脱贫退出")


class Source(models.TextChoices):
    SELF_IN_PERSON = "self_in_person", _("农户自主申报（当面）")
    SELF_HOTLINE = "self_hotline", _("农户自主申报（12317热线）")
    SELF_APP = "self_app", _("农户自主申报（手机应用）")
    CADRE_SCREENING = "cadre_screening", _("干部排查")
    WARNING = "warning", _("部门筛查预警")
    GRIEVANCE = "grievance", _("信访投诉")
    ROUTINE = "routine", _("日常工作")


class Case(models.Model):
    """One household going through one workflow; at most one open case per household and kind."""

    kind = models.CharField(_("类型"), max_length=16, choices=CaseKind.choices)
    household = models.ForeignKey("registry.Household", verbose_name=_("农户"),
                                  on_delete=models.PROTECT, related_name="cases")
    region = models.ForeignKey("regions.Region", verbose_name=_("行政村"), on_delete=models.PROTECT,
                               related_name="+", db_column="region_code")
    status = models.CharField(_("状态"), max_length=24, db_index=True)
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    summary = models.TextField(_("申请事由"), blank=True)
    proposal = models.JSONField(_("拟认定内容"), default=dict, blank=True)
    flags = models.JSONField(_("标记"), default=list, blank=True)
    warning_id = models.PositiveBigIntegerField(_("预警编号"), null=True, blank=True)
    grievance = models.ForeignKey("workflows.Grievance", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="cases")
    notice = models.ForeignKey("workflows.Notice", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="cases")
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("提交人"))
    opened_at = models.DateTimeField(_("受理时间"), auto_now_add=True)
    due_on = models.DateField(_("办结期限"), db_index=True)
    decided_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("业务案件")
        verbose_name_plural = _("业务案件")
        constraints = [
            models.UniqueConstraint(fields=["household", "kind"],
                                    condition=Q(closed_at__isnull=True),
                                    name="one_open_case_per_household_kind"),
        ]
        indexes = [models.Index(fields=["region", "status"], name="case_region_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Notice(models.Model):
    """A village's public notice (公示) for one kind of case and one period (YYYY-MM)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政村"), on_delete=models.PROTECT,
                               related_name="+", db_column="region_code")
    kind = models.CharField(_("类型"), max_length=16, choices=CaseKind.choices)
    period = models.CharField(_("期次"), max_length=7)
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    mask_names = models.BooleanField(_("姓名脱敏"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "region_id"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        constraints = [models.UniqueConstraint(fields=["region", "kind", "period"],
                                               name="one_notice_per_village_kind_period")]

    def __str__(self) -> str:
        return f"{self.period} {self.get_kind_display()}公示"


class Event(models.Model):
    """One step in a record's timeline: who, when, from/to status, note, attachments."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="events")
    grievance = models.ForeignKey("workflows.Grievance", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="events")
    assessment = models.ForeignKey("workflows.ExitAssessment", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="events")
    approval = models.ForeignKey("workflows.DataApproval", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="events")
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
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")


class Attachment(models.Model):
    class Kind(models.TextChoices):
        AUTHORISATION = "authorisation", _("授权书")
        PHOTO = "photo", _("照片")
        MINUTES = "minutes", _("会议记录")
        OTHER = "other", _("其他")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(upload_to="workflows/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]


class Objection(models.Model):
    """An objection raised during the notice period; open ones block submission upward."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.CharField(_("提出人"), max_length=50, blank=True)
    content = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    resolution = models.TextField(_("核实处理结果"), blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_on", "id"]
