"""Background jobs kept in the database: no extra server needed, progress visible to pages."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


INTERRUPTED = "任务进程中断（租约过期），数据库未作任何修改；可重试"


class Job(models.Model):
    kind = models.CharField(_("任务类型"), max_length=64)
    args = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who runs it ("host:pid") and until when: a running job whose lease ran out lost its process.
    worker = models.CharField(max_length=128, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0

    @property
    def interrupted(self) -> bool:
        """Failed because its process died: the only failures worth running again."""
        return self.status == JobStatus.FAILED and self.error == INTERRUPTED


class Schedule(models.Model):
    """When a recurring job runs for one county (jobs.schedules fires it)."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+",
                               verbose_name="县级区划")
    kind = models.CharField("计划任务", max_length=64)
    enabled = models.BooleanField("启用", default=True)
    day = models.PositiveSmallIntegerField("每月几日", default=1)      # monthly kinds only
    hour = models.PositiveSmallIntegerField("时", default=2)
    minute = models.PositiveSmallIntegerField("分", default=0)
    next_run_at = models.DateTimeField("下次运行", null=True, blank=True, db_index=True)
    last_run_at = models.DateTimeField("上次运行", null=True, blank=True)
    last_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    last_error = models.CharField(max_length=500, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="one_schedule_per_kind"),
            models.CheckConstraint(condition=models.Q(day__gte=1, day__lte=28, hour__lte=23,
                                                      minute__lte=59), name="schedule_time_valid"),
        ]
