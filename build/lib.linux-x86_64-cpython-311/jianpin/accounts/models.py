"""Users, their role and the one region whose subtree they work in."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from jianpin.accounts import sealing


class Role(models.TextChoices):
    VILLAGE_CADRE = "village_cadre", _("村级干部/驻村工作队")
    TOWNSHIP_REVIEWER = "township_reviewer", _("乡镇审核员")
    COUNTY_OFFICER = "county_officer", _("县级业务人员")
    # Issues (下达), allocates and pays project funds in its area (乡级报账 or the county's).
    FINANCE_OFFICER = "finance_officer", _("财务人员")
    DEPT_PROVIDER = "dept_provider", _("部门数据提供方")
    AUDITOR = "auditor", _("督查/审计")
    LIBRARY_EDITOR = "library_editor", _("政策库编辑")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):  # type: ignore[django-manager-missing]  # devices: see overrides
    role = models.CharField("角色", max_length=32, choices=Role.choices, default=Role.AUDITOR)
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

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


class TotpDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (RFC 6238 TOTP, django-otp) whose key is stored sealed (sealing.py).

    A confirmed device makes logging in need its current code; an unconfirmed one is an
    enrolment in progress. A code is accepted once: the time step it matched is claimed by a
    conditional UPDATE, so the same code, even sent twice at once, logs in only once.
    """
    sealed_key = models.TextField()
    step = models.PositiveSmallIntegerField(default=30)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "身份验证器"
        verbose_name_plural = "身份验证器"

    @property
    def bin_key(self) -> bytes:
        return sealing.unseal(self.sealed_key)

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def verify_token(self, token: object) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        text = "".join(str(token or "").split())
        totp = TOTP(self.bin_key, self.step, 0, self.digits, self.drift)
        if len(text) == self.digits and text.isdigit() and totp.verify(
                int(text), self.tolerance, self.last_t + 1):
            t, now = totp.t(), timezone.now()
            won = TotpDevice.objects.filter(pk=self.pk, last_t__lt=t).update(
                last_t=t, drift=totp.drift, throttling_failure_count=0,
                throttling_failure_timestamp=None, last_used_at=now)
            if won:
                self.last_t, self.drift, self.last_used_at = t, totp.drift, now
                self.throttling_failure_count, self.throttling_failure_timestamp = 0, None
                return True
        _count_failure(self)
        return False


class RecoveryCodes(StaticDevice):
    """django-otp's static device holding HMAC digests of the recovery codes, never the codes.

    Each code works once: it is consumed by a DELETE whose row count decides, so two uses of
    the same code at the same moment succeed only once.
    """

    class Meta:
        proxy = True
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def verify_token(self, token: object) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        digest = sealing.code_digest(str(token or ""))
        used, _ = StaticToken.objects.filter(device_id=self.pk, token=digest).delete()
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save(update_fields=["throttling_failure_count", "throttling_failure_timestamp",
                                     "last_used_at"])
            return True
        _count_failure(self)
        return False


def _count_failure(device: ThrottlingMixin) -> None:
    """One more failure for django-otp's back-off, written as an increment of that column only:
    a full save of a device read before another request used a code would put back its old
    last_t and open that code again."""
    device.throttle_increment(commit=False)
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=models.F("throttling_failure_count") + 1,
        throttling_failure_timestamp=device.throttling_failure_timestamp)
