from __future__ import annotations

import time

import pytest
from django.test import Client

from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD
from jianpin.kernel import totp

pytestmark = pytest.mark.django_db


def test_enable_needs_a_valid_code_and_then_login_needs_one(reviewer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(reviewer)
    assert client.get("/accounts/totp/").status_code == 200
    secret = client.session["totp_pending"]
    current = totp.code_at(secret, time.time())
    wrong = "000000" if current != "000000" else "111111"
    refused = client.post("/accounts/totp/", {"code": wrong})
    assert "动态验证码错误" in refused.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.totp_secret == "" and not AuditEvent.objects.filter(
        action="accounts.totp.enable").exists()
    assert client.post("/accounts/totp/", {"code": totp.code_at(secret, time.time())}).status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.totp_secret == secret
    assert AuditEvent.objects.filter(action="accounts.totp.enable", actor=reviewer).count() == 1

    fresh = Client()
    without = fresh.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD})
    assert without.status_code == 200 and "动态验证码错误或已过期" in without.content.decode()
    assert "_auth_user_id" not in fresh.session
    ok = fresh.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD,
                                         "otp": totp.code_at(secret, time.time())})
    assert ok.status_code == 302 and fresh.session["_auth_user_id"] == str(reviewer.pk)


def test_anonymous_cannot_open_totp_settings() -> None:
    response = Client().get("/accounts/totp/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
