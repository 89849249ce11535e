"""Second factor (django-otp): enrolment by QR code, replay, wrong codes, recovery codes, resets."""
from __future__ import annotations

import base64
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import hotp

from jianpin.accounts import admin_actions as act
from jianpin.accounts import second_factor
from jianpin.accounts.models import TotpDevice, User
from jianpin.accounts.tests.factories import RFC_KEY, enrol
from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NOW = 1_900_000_000  # a fixed clock: 2030-03-17, step 63,333,333


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings):  # type: ignore[no-untyped-def]
    """django-otp reads time.time() through its oath module; tests move it by hand."""
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0  # tested below
    now = [float(NOW)]
    monkeypatch.setattr("django_otp.oath.time", lambda: now[0])
    return now


def code(key: bytes, at: float) -> str:
    """The authenticator's code at Unix time `at` (30-second steps, 6 digits)."""
    return str(hotp(key, int(at) // 30, 6)).zfill(6)


def login(username: str, otp: str = "") -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD, "otp": otp})
    return client


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_enrolment_shows_an_inline_qr_code_and_confirms_with_a_code(reviewer, clock) -> None:
    client = Client()
    client.force_login(reviewer)
    page = client.get("/accounts/totp/").content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S)
    assert svg is not None and 'class="qr"' in svg.group(0)
    assert "<script" not in svg.group(0) and "href" not in svg.group(0) and " on" not in svg.group(0)
    device = TotpDevice.objects.get(user=reviewer)
    assert device.confirmed is False and "totp_pending" not in client.session
    secret = second_factor.secret_text(device)
    assert secret in page and base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    wrong = client.post("/accounts/totp/", {"op": "enable", "code": "000000"
                                            if code(device.bin_key, NOW) != "000000" else "111111"})
    assert "动态验证码错误" in wrong.content.decode()
    assert not second_factor.enrolled(reviewer)
    assert not AuditEvent.objects.filter(action="accounts.totp.enable").exists()

    done = client.post("/accounts/totp/", {"op": "enable", "code": code(device.bin_key, NOW)})
    codes = done.context["codes"]
    assert done.status_code == 200 and len(codes) == 10 and len(set(codes)) == 10
    assert all(c in done.content.decode() for c in codes)
    assert second_factor.enrolled(reviewer) and second_factor.remaining_recovery_codes(reviewer) == 10
    assert AuditEvent.objects.filter(action="accounts.totp.enable", actor=reviewer).count() == 1
    again = client.get("/accounts/totp/").content.decode()
    assert not any(c in again for c in codes) and secret not in again  # shown once


def test_secret_and_recovery_codes_are_not_stored_in_plain_text(reviewer) -> None:
    codes = enrol(reviewer)
    hex_key, b32_key = RFC_KEY.hex(), base64.b32encode(RFC_KEY).decode().rstrip("=")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {TotpDevice._meta.db_table}")  # noqa: S608
        device_row = " ".join(str(v) for row in cursor.fetchall() for v in row)
        cursor.execute("SELECT token FROM otp_static_statictoken")
        tokens = [row[0] for row in cursor.fetchall()]
    for plain in (RFC_KEY.decode(), hex_key, b32_key):
        assert plain not in device_row
    assert len(tokens) == 10 and not set(tokens) & {c.replace("-", "") for c in codes}
    assert TotpDevice.objects.get(user=reviewer).bin_key == RFC_KEY


def test_login_needs_the_code_and_refuses_a_replay(reviewer, clock) -> None:
    enrol(reviewer)
    assert not logged_in(login("reviewer"))
    current = code(RFC_KEY, NOW)
    wrong = Client().post("/accounts/login/", {"username": "reviewer", "password": PASSWORD,
                                                "otp": "000000" if current != "000000" else "111111"})
    assert wrong.status_code == 200 and "动态验证码错误或已过期" in wrong.content.decode()
    assert logged_in(login("reviewer", current))
    replay = login("reviewer", current)
    assert not logged_in(replay)  # the same code again, still inside its 30 seconds
    earlier = login("reviewer", code(RFC_KEY, NOW - 30))  # an older step inside the tolerance
    assert not logged_in(earlier)
    clock[0] = NOW + 30
    assert logged_in(login("reviewer", code(RFC_KEY, NOW + 30)))
    reviewer.refresh_from_db()
    assert reviewer.failed_logins == 0
    assert AuditEvent.objects.filter(action="accounts.login", actor=reviewer,
                                     note="动态验证码").count() == 2


def test_a_recovery_code_logs_in_once(reviewer) -> None:
    codes = enrol(reviewer)
    assert logged_in(login("reviewer", codes[3].upper()))  # typed in capitals still works
    assert second_factor.remaining_recovery_codes(reviewer) == 9
    assert not logged_in(login("reviewer", codes[3]))
    assert not logged_in(login("reviewer", "abcde-fghjk"))
    assert second_factor.remaining_recovery_codes(reviewer) == 9
    assert AuditEvent.objects.filter(action="accounts.login", note__startswith="使用恢复码").count() == 1


def test_wrong_codes_are_throttled_by_django_otp(reviewer, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    enrol(reviewer)
    assert second_factor.verify(reviewer, "000001" if code(RFC_KEY, NOW) != "000001" else "000002") is None
    assert second_factor.verify(reviewer, code(RFC_KEY, NOW)) is None  # inside the 1 s back-off
    assert TotpDevice.objects.get(user=reviewer).throttling_failure_count == 1


def test_renew_and_disable_need_a_valid_code(reviewer, clock) -> None:
    old = enrol(reviewer)
    client = Client()
    client.force_login(reviewer)
    refused = client.post("/accounts/totp/", {"op": "renew", "code": old[0]})  # not a TOTP code
    assert refused.context["codes"] is None and second_factor.remaining_recovery_codes(reviewer) == 10
    renewed = client.post("/accounts/totp/", {"op": "renew", "code": code(RFC_KEY, NOW)})
    new = renewed.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert second_factor.verify(reviewer, old[1]) is None
    before = AuditEvent.objects.count()
    assert client.post("/accounts/totp/", {"op": "disable", "code": "zzzzz-zzzzz"}).status_code == 200
    assert second_factor.enrolled(reviewer) and AuditEvent.objects.count() == before
    assert client.post("/accounts/totp/", {"op": "disable", "code": new[0]}).status_code == 302
    assert not second_factor.enrolled(reviewer) and second_factor.remaining_recovery_codes(reviewer) == 0
    assert list(AuditEvent.objects.filter(action__startswith="accounts.totp.").order_by("id")
                .values_list("action", flat=True)) == ["accounts.totp.recovery_codes",
                                                       "accounts.totp.disable"]
    assert logged_in(login("reviewer"))


def test_reset_by_an_administrator_is_audited_and_lets_the_owner_in(reviewer, admin_user) -> None:
    enrol(reviewer)
    client = Client()
    client.force_login(admin_user)
    response = client.post(reverse("accounts:user_totp_reset", args=[reviewer.pk]))
    assert response.status_code == 302
    assert not second_factor.enrolled(reviewer) and second_factor.remaining_recovery_codes(reviewer) == 0
    event = AuditEvent.objects.get(action="accounts.user.totp_reset")
    assert (event.actor_id, event.object_id, event.region_code) == (
        admin_user.pk, str(reviewer.pk), reviewer.region_id)
    assert logged_in(login("reviewer"))
    with pytest.raises(Exception, match="未开启"):  # nothing to reset: refused, not audited again
        act.do_reset_totp(admin_user, User.objects.get(pk=reviewer.pk))
    assert AuditEvent.objects.filter(action="accounts.user.totp_reset").count() == 1


def test_anonymous_cannot_open_totp_settings() -> None:
    response = Client().get("/accounts/totp/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("enrolled", [False, True])
def test_second_factor_page_in_english(reviewer, enrolled) -> None:
    if enrolled:
        enrol(reviewer)
    client = Client()
    client.force_login(reviewer)
    client.cookies["django_language"] = "en"
    html = client.get("/accounts/totp/").content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert re.findall(r"[\u4e00-\u9fff]+", main) == []
    assert ("Turn off two-factor authentication" in main) is enrolled
    assert ("Scan this QR code" in main) is not enrolled
    login_page = Client()
    login_page.cookies["django_language"] = "en"
    shown = login_page.get("/accounts/login/").content.decode().split("<main")[1].split("</main>")[0]
    assert re.findall(r"[\u4e00-\u9fff]+", shown) == []


def test_two_requests_holding_the_same_device_accept_a_code_once(reviewer) -> None:
    """Both read the device before either wrote: the conditional UPDATE lets one through."""
    enrol(reviewer)
    first, second = (TotpDevice.objects.get(user=reviewer) for _ in range(2))
    assert first.last_t == second.last_t == -1
    current = code(RFC_KEY, NOW)
    assert first.verify_token(current) is True
    assert second.verify_token(current) is False  # its last_t is stale, the database's is not
    assert TotpDevice.objects.get(user=reviewer).last_t == NOW // 30


def test_two_requests_holding_the_same_recovery_code_use_it_once(reviewer) -> None:
    from jianpin.accounts.models import RecoveryCodes

    codes = enrol(reviewer)
    first, second = (RecoveryCodes.objects.get(user=reviewer) for _ in range(2))
    assert (first.verify_token(codes[0]), second.verify_token(codes[0])) == (True, False)
    assert second_factor.remaining_recovery_codes(reviewer) == 9
