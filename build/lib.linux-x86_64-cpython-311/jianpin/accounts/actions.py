"""Account changes made by users themselves: second factor on and off, new recovery codes."""
from __future__ import annotations

from django.db import transaction

from jianpin.accounts import second_factor
from jianpin.accounts.models import User
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError


def do_enable_totp(user: User, code: str) -> list[str]:
    """Confirm the pending authenticator with its current code; returns the recovery codes."""
    if second_factor.enrolled(user):
        raise DomainError("otp", "双因素认证已开启")
    device = second_factor.pending_device(user)
    if not device.verify_token(code):
        raise DomainError("otp", "动态验证码错误，请核对手机上的验证器后重试")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = second_factor.issue_recovery_codes(user)
        record(user, "accounts.totp.enable", user, region_code=user.region_id or "")
    return codes


def do_disable_totp(user: User, code: str) -> None:
    """Turn the second factor off, proven by a current code or an unused recovery code."""
    if not second_factor.enrolled(user) or second_factor.verify(user, code) is None:
        raise DomainError("otp", "动态验证码错误")
    with transaction.atomic():
        second_factor.remove(user)
        record(user, "accounts.totp.disable", user, region_code=user.region_id or "")


def do_renew_recovery_codes(user: User, code: str) -> list[str]:
    """New recovery codes for an enrolled user (a current authenticator code is needed)."""
    text = "".join((code or "").split())
    if not text.isdigit() or second_factor.verify(user, text) != "totp":
        raise DomainError("otp", "动态验证码错误")
    with transaction.atomic():
        codes = second_factor.issue_recovery_codes(user)
        record(user, "accounts.totp.recovery_codes", user, region_code=user.region_id or "",
               note=f"重新生成{len(codes)}个恢复码，旧恢复码作废")
    return codes
