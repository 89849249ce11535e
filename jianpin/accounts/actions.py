"""Account changes made by users themselves: second factor on and off."""
from __future__ import annotations

from jianpin.accounts.models import User
from jianpin.audit.actions import record
from jianpin.kernel import totp
from jianpin.kernel.errors import DomainError


def do_enable_totp(user: User, secret: str, code: str) -> None:
    """Turn on the second factor once the user proves their app shows the right code."""
    if not totp.verify(secret, code):
        raise DomainError("otp", "动态验证码错误，请核对手机上的验证器后重试")
    user.totp_secret = secret
    user.save(update_fields=["totp_secret"])
    record(user, "accounts.totp.enable", user)


def do_disable_totp(user: User, code: str) -> None:
    if not user.totp_secret or not totp.verify(user.totp_secret, code):
        raise DomainError("otp", "动态验证码错误")
    user.totp_secret = ""
    user.save(update_fields=["totp_secret"])
    record(user, "accounts.totp.disable", user)
