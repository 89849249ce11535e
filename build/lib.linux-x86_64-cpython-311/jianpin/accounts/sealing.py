"""Second-factor secrets at rest: authenticator keys sealed with Fernet, recovery codes keyed-hashed.

The key is `settings.OTP_SEAL_KEY` (`JIANPIN_OTP_KEY`), or one derived from `SECRET_KEY` when it
is unset, so a copy of the database alone (a dump, a backup) reveals no secret and no code.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _key() -> bytes:
    if settings.OTP_SEAL_KEY:
        return str(settings.OTP_SEAL_KEY).encode()
    derived = hashlib.sha256(b"jianpin-otp-seal:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(derived)


def seal(secret: bytes) -> str:
    """A Fernet token (text) for the secret bytes."""
    return Fernet(_key()).encrypt(secret).decode()


def unseal(token: str) -> bytes:
    """The secret bytes; ValueError when the token was sealed with another key or altered."""
    try:
        return Fernet(_key()).decrypt(token.encode())
    except InvalidToken:
        raise ValueError("无法解密双因素认证密钥：密钥不对或数据被改动") from None


def code_digest(code: str) -> str:
    """16 characters (80 bits) of HMAC-SHA256 over a normalised recovery code."""
    normal = "".join(code.split()).replace("-", "").lower()
    mac = hmac.new(_key(), b"recovery:" + normal.encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:16].lower()
