"""Grievances (扶贫专线 / 12317): intake, assignment, response, resolution."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("12317热线")
    IN_PERSON = "in_person", _("来访")
    LETTER = "letter", _("来信")
    ONLINE = "online", _("网上信访")
    REFERRAL = "referral", _("上级转办")


class Grievance(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区域"),
                               on_delete=models.PROTECT, related_name="+",
                               db_column="region_code")
    household = models.ForeignKey("registry.Household", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="grievances",
                                  verbose_name=_("涉及农户"))
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    complainant = models.CharField(_("反映人"), max_length=50, blank=True)
    contact = models.CharField(_("联系电话"), max_length=20, blank=True)
    subject = models.CharField(_("事项"), max_length=200)
    content = models.TextField(_("反映内容"))
    status = models.CharField(_("状态"), max_length=24, db_index=True)
    version = models.PositiveIntegerField(default=1)
    due_on = models.DateField(_("答复期限"), db_index=True)
    assignee = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("承办人"))
    response = models.TextField(_("答复意见"), blank=True)
    resolution = models.TextField(_("办结情况"), blank=True)
    record_change = models.CharField(_("引起的档案变更"), max_length=200, blank=True)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    opened_at = models.DateTimeField(_("受理时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("信访投诉")
        verbose_name_plural = _("信访投诉")

    def __str__(self) -> str:
        return f"投诉 #{self.pk} {self.subject}"
