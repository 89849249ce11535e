"""The audit trail: one event per write made through an action, and per reveal or export."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="操作人",
    )
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    region_code = models.CharField("区划", max_length=15, blank=True, db_index=True)
    diff = models.JSONField("变更", default=dict, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
