"""Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote

STEP = 30
DIGITS = 6


def new_secret() -> str:
    """A random 160-bit secret in base32, as authenticator apps expect."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def code_at(secret: str, when: float) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(when // STEP)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def verify(secret: str, code: str, when: float | None = None, window: int = 1) -> bool:
    """True if code matches the current step or one step either side (clock drift)."""
    code = (code or "").strip().replace(" ", "")
    if not secret or len(code) != DIGITS or not code.isdigit():
        return False
    now = time.time() if when is None else when
    return any(hmac.compare_digest(code_at(secret, now + k * STEP), code)
               for k in range(-window, window + 1))


def uri(secret: str, account: str, issuer: str = "jianpin") -> str:
    return (f"otpauth://totp/{quote(issuer)}:{quote(account)}?secret={secret}"
            f"&issuer={quote(issuer)}&digits={DIGITS}&period={STEP}")
