from __future__ import annotations

import base64

from jianpin.kernel import totp

# RFC 6238 appendix B test vectors for SHA-1 (secret "12345678901234567890"), last 6 digits.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


def test_rfc6238_vectors() -> None:
    assert totp.code_at(RFC_SECRET, 59) == "287082"
    assert totp.code_at(RFC_SECRET, 1111111109) == "081804"
    assert totp.code_at(RFC_SECRET, 1234567890) == "005924"
    assert totp.code_at(RFC_SECRET, 2000000000) == "279037"


def test_verify_accepts_one_step_of_drift_only() -> None:
    code = totp.code_at(RFC_SECRET, 1234567890)
    assert totp.verify(RFC_SECRET, code, when=1234567890 + 30)
    assert not totp.verify(RFC_SECRET, code, when=1234567890 + 90)
    assert not totp.verify(RFC_SECRET, "12345", when=1234567890)
    assert not totp.verify(RFC_SECRET, "abcdef", when=1234567890)


def test_new_secret_round_trips() -> None:
    secret = totp.new_secret()
    assert len(secret) == 32
    assert totp.verify(secret, totp.code_at(secret, 1000.0), when=1000.0)
    assert totp.uri(secret, "xiang").startswith("otpauth://totp/jianpin:xiang?secret=")
