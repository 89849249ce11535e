"""Login policy: lockout per account and per client address that holds under concurrency.

Every attempt first *reserves* one of the allowed failures with a single atomic
``UPDATE ... SET failures = failures + 1 ... RETURNING`` (SQLite >= 3.35 and PostgreSQL). Only
an attempt that got a reservation has its password checked, so N parallel guesses check at
most ``LOGIN_MAX_FAILURES`` passwords, whatever the timing. The attempt that uses up the last
reservation and fails locks the account (or address) for ``LOGIN_LOCKOUT_MINUTES``.

A locked account, an unknown account and a wrong password all answer alike (the same message
and a password hash computed either way), so the login form tells nobody whether an account
exists or is locked.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from jianpin.accounts.models import LoginThrottle, User
from jianpin.audit.actions import record


@dataclass
class Attempt:
    """One login attempt's reservations; `allowed` is False when the password must not be checked."""
    user_id: int | None
    ip: str
    allowed: bool


def client_ip(request: HttpRequest | None) -> str:
    """The client address: REMOTE_ADDR, or the header a trusted proxy sets (a setting)."""
    if request is None:
        return ""
    header = settings.LOGIN_CLIENT_IP_HEADER
    raw = request.META.get(header, "") if header else ""
    if raw:
        return raw.split(",")[-1].strip()[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _reserve(table: str, key_column: str, key: int | str, limit: int) -> bool:
    """Take one of `limit` attempts for the row, atomically; False when locked or used up."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET failed_logins = failed_logins + 1"  # noqa: S608 — names from _meta
            f" WHERE {key_column} = %s AND failed_logins < %s"
            " AND (locked_until IS NULL OR locked_until <= %s) RETURNING failed_logins",
            [key, limit, connection.ops.adapt_datetimefield_value(now)])
        return cursor.fetchone() is not None


def _release(table: str, key_column: str, key: int | str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET failed_logins = failed_logins - 1"  # noqa: S608
                       f" WHERE {key_column} = %s AND failed_logins > 0", [key])


def _lock_if_used_up(table: str, key_column: str, key: int | str, limit: int) -> bool:
    """Lock the row when its failures reached the limit; True when this call locked it."""
    until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET failed_logins = 0, locked_until = %s"  # noqa: S608
                       f" WHERE {key_column} = %s AND failed_logins >= %s",
                       [connection.ops.adapt_datetimefield_value(until), key, limit])
        return bool(cursor.rowcount == 1)


USERS = User._meta.db_table
THROTTLES = LoginThrottle._meta.db_table


def begin(username: str, ip: str) -> Attempt:
    """Reserve an attempt for the address and the account (if it exists)."""
    ip_ok = True
    if ip and settings.LOGIN_MAX_FAILURES_PER_IP > 0:
        LoginThrottle.objects.bulk_create([LoginThrottle(ip=ip)], ignore_conflicts=True)
        # An address shared by an office (NAT) is not locked by typos made days apart.
        forget = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        LoginThrottle.objects.filter(ip=ip, last_failure_at__lt=forget, locked_until__isnull=True) \
            .update(failed_logins=0, last_failure_at=None)
        ip_ok = _reserve(THROTTLES, "ip", ip, settings.LOGIN_MAX_FAILURES_PER_IP)
    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
    if not ip_ok:
        return Attempt(user_id, "", allowed=False)
    if user_id is not None and not _reserve(USERS, "id", user_id, settings.LOGIN_MAX_FAILURES):
        return Attempt(user_id, ip, allowed=False)  # keeps the address's reservation: a failure
    return Attempt(user_id, ip if settings.LOGIN_MAX_FAILURES_PER_IP > 0 else "", allowed=True)


def failed(attempt: Attempt) -> None:
    """The reserved attempt failed: keep the reservations, lock what is used up."""
    if attempt.user_id is not None and attempt.allowed and _lock_if_used_up(
            USERS, "id", attempt.user_id, settings.LOGIN_MAX_FAILURES):
        user = User.objects.get(pk=attempt.user_id)
        record(None, "accounts.lockout", user, region_code=user.region_id or "",
               note=f"连续登录失败{settings.LOGIN_MAX_FAILURES}次")
    if attempt.ip:
        LoginThrottle.objects.filter(ip=attempt.ip).update(last_failure_at=timezone.now())
    if attempt.ip and _lock_if_used_up(THROTTLES, "ip", attempt.ip,
                                       settings.LOGIN_MAX_FAILURES_PER_IP):
        record(None, "accounts.lockout.ip", None, object_type="accounts.ip",
               note=f"来自 {attempt.ip} 的登录失败达到{settings.LOGIN_MAX_FAILURES_PER_IP}次")


def succeeded(attempt: Attempt) -> None:
    """Right password: the account starts afresh; the address gets its reservation back."""
    if attempt.user_id is not None:
        User.objects.filter(pk=attempt.user_id).update(failed_logins=0, locked_until=None)
    if attempt.ip:
        _release(THROTTLES, "ip", attempt.ip)


def abandoned(attempt: Attempt) -> None:
    """The check itself broke (not a wrong password): give both reservations back."""
    if attempt.allowed and attempt.user_id is not None:
        _release(USERS, "id", attempt.user_id)
    if attempt.ip:
        _release(THROTTLES, "ip", attempt.ip)


@contextmanager
def guarded(username: str, ip: str, failure: type[BaseException]) -> Iterator[Attempt]:
    """Run one password check under the lockout; `failure` is the exception of a refused login."""
    attempt = begin(username, ip)
    try:
        yield attempt
    except failure:
        failed(attempt)
        raise
    except BaseException:
        abandoned(attempt)
        raise
    succeeded(attempt)


def note_success(user: User, second_factor: str | None = None) -> None:
    note = {"totp": "动态验证码", "recovery": "使用恢复码（该恢复码已作废）"}.get(second_factor or "", "")
    record(user, "accounts.login", user, region_code=user.region_id or "", note=note)
