"""The second factor of an account: an authenticator (TOTP) and one-time recovery codes.

Enrolment creates an unconfirmed device (its key sealed at once, never kept in the session);
the first valid code confirms it and issues the recovery codes, which are shown once and kept
only as digests. Logging in takes either a current authenticator code or an unused recovery code.
"""
from __future__ import annotations

import base64
import secrets
from io import BytesIO
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from jianpin.accounts import sealing
from jianpin.accounts.models import RecoveryCodes, TotpDevice, User

ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
RECOVERY_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def enrolled(user: User) -> bool:
    return bool(TotpDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TotpDevice:
    """The user's enrolment in progress, created with a fresh sealed key if there is none."""
    device: TotpDevice | None = TotpDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TotpDevice.objects.create(user=user, name="身份验证器", confirmed=False,
                                           sealed_key=sealing.seal(secrets.token_bytes(20)))
    return device


def confirmed_device(user: User) -> TotpDevice | None:
    device: TotpDevice | None = TotpDevice.objects.filter(user=user, confirmed=True).first()
    return device


def verify(user: User, code: str) -> str | None:
    """"totp" for a current authenticator code (digits), "recovery" for an unused recovery
    code of the user (consumed), None otherwise."""
    text = "".join((code or "").split())
    if text.isdigit():
        device = confirmed_device(user)
        return "totp" if device is not None and device.verify_token(text) else None
    codes = RecoveryCodes.objects.filter(user=user, confirmed=True).first()
    return "recovery" if codes is not None and text and codes.verify_token(text) else None


def issue_recovery_codes(user: User) -> list[str]:
    """New recovery codes (the old ones stop working); returned once, stored as digests."""
    codes = [_recovery_code() for _ in range(RECOVERY_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = RecoveryCodes.objects.create(user=user, name="恢复码", confirmed=True)
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=sealing.code_digest(c)) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def _recovery_code() -> str:
    """Ten characters, at least one a letter: a code of digits only would be read as TOTP."""
    while True:
        code = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        if not code.isdigit():
            return code


def remaining_recovery_codes(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())


def remove(user: User) -> int:
    """Delete every device of the user; returns how many there were."""
    totp, _ = TotpDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.filter(user=user).count()
    StaticDevice.objects.filter(user=user).delete()
    return int(totp) + int(static)


def provisioning_uri(device: TotpDevice, account: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    issuer = str(settings.OTP_TOTP_ISSUER)
    params = urlencode({"secret": secret_text(device), "issuer": issuer, "algorithm": "SHA1",
                        "digits": device.digits, "period": device.step})
    return f"otpauth://totp/{quote(issuer)}:{quote(account)}?{params}"


def secret_text(device: TotpDevice) -> str:
    """The key in base32, for typing into an app by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(text: str) -> str:
    """An inline SVG QR code: one path, no script, no style attribute, no external reference."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = BytesIO()
    image.save(out)
    root = ElementTree.fromstring(out.getvalue())
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)  # sized by the stylesheet (.qr)
    root.set("role", "img")
    root.set("class", "qr")
    return ElementTree.tostring(root, encoding="unicode")
