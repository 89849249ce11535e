"""Objections raised during a project's pre-implementation notice (公示期异议)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianpin.projects.models.library import Project

USER = settings.AUTH_USER_MODEL


class Objection(models.Model):
    """Who raised it is kept for the officials only; the public pages never show it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.CharField(_("提出人"), max_length=50, blank=True)
    content = models.TextField(_("异议内容"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    resolution = models.TextField(_("核实处理意见"), blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_on", "id"]
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
