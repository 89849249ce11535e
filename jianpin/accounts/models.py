"""Users, their role and the one region whose subtree they work in."""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    VILLAGE_CADRE = "village_cadre", "村级干部/驻村工作队"
    TOWNSHIP_REVIEWER = "township_reviewer", "乡镇审核员"
    COUNTY_OFFICER = "county_officer", "县级业务人员"
    DEPT_PROVIDER = "dept_provider", "部门数据提供方"
    AUDITOR = "auditor", "督查/审计"
    LIBRARY_EDITOR = "library_editor", "政策库编辑"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.AUDITOR)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Base32 TOTP secret; when set, logging in also needs the current 6-digit code.
    totp_secret = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def is_national(self) -> bool:
        """Only administrators and auditors may be assigned the whole country."""
        return self.role in (Role.ADMIN, Role.AUDITOR)

    @property
    def label(self) -> str:
        return self.display_name or self.username


class LoginThrottle(models.Model):
    """Failed logins per client address, reserved and locked like an account's (see login.py)."""
    ip = models.CharField(max_length=45, primary_key=True)
    failed_logins = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Failures older than the lockout window are forgotten (see login.begin).
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录限流"
        verbose_name_plural = "登录限流"
