"""Login policy: lockout after repeated failures, audited logins."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from jianpin.accounts.models import User
from jianpin.audit.actions import record


def locked_message(user: User) -> str | None:
    if user.locked_until and user.locked_until > timezone.now():
        minutes = int((user.locked_until - timezone.now()).total_seconds() // 60) + 1
        return f"登录失败次数过多，账户已锁定，请{minutes}分钟后再试"
    return None


def note_failure(username: str) -> None:
    user = User.objects.filter(username=username).first()
    if user is None:
        return
    user.failed_logins += 1
    fields = ["failed_logins"]
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        user.locked_until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.failed_logins = 0
        fields.append("locked_until")
        record(None, "accounts.lockout", user, note=f"连续登录失败{settings.LOGIN_MAX_FAILURES}次")
    user.save(update_fields=fields)


def note_success(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record(user, "accounts.login", user)
