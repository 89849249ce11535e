from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from jianpin.accounts.models import User
from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD

pytestmark = pytest.mark.django_db
MANAGE = str(Path(__file__).resolve().parents[3] / "manage.py")


def post_login(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


def test_login_page_is_chinese() -> None:
    body = Client().get("/accounts/login/").content.decode()
    assert "登录" in body and "用户名" in body and 'lang="zh-Hans"' in body


def test_login_hint_takes_its_figures_from_settings(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_MAX_FAILURES, settings.LOGIN_LOCKOUT_MINUTES = 3, 40
    settings.IDLE_TIMEOUT_SECONDS = 20 * 60
    body = Client().get("/accounts/login/").content.decode()
    assert "连续输错密码 3 次将锁定账户 40 分钟；闲置 20 分钟自动退出。" in body
    english = Client()
    english.cookies["django_language"] = "en"
    body = english.get("/accounts/login/").content.decode()
    assert ("3 wrong passwords in a row lock the account for 40 minutes; "
            "you are logged out after 20 idle minutes.") in body
    client = Client()
    for _ in range(2):
        assert post_login(client, "cadre", "wrong-password") == 200
    cadre.refresh_from_db()
    assert cadre.locked_until is None
    assert post_login(client, "cadre", "wrong-password") == 200
    cadre.refresh_from_db()
    assert cadre.locked_until is not None


def test_login_rotates_session_and_is_audited(cadre) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    assert post_login(client, "cadre", PASSWORD) == 302
    assert client.session.session_key != before
    assert AuditEvent.objects.filter(action="accounts.login", actor=cadre).count() == 1


def test_lockout_after_five_failures(cadre) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(5):
        assert post_login(client, "cadre", "wrong-password") == 200
    cadre.refresh_from_db()
    assert cadre.locked_until is not None
    response = client.post("/accounts/login/", {"username": "cadre", "password": PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["用户名或密码错误"]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.lockout").count() == 1


def test_idle_session_is_logged_out(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    assert client.get("/registry/households/").status_code == 200
    session = client.session
    session["last_seen"] = session["last_seen"] - settings.IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/registry/households/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_user_menu_shows_role_and_area(reviewer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(reviewer)
    body = client.get("/").content.decode()
    assert "乡镇审核员" in body and "水寨镇" in body


def test_weak_password_is_refused() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678", User(username="x"))


def test_deploy_check_passes_with_production_settings() -> None:
    env = {"JIANPIN_PRODUCTION": "1", "JIANPIN_SECRET_KEY": "k" * 20 + "-Zx9!" * 10,
           "JIANPIN_ALLOWED_HOSTS": "jianpin.example.org", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, MANAGE, "check", "--deploy", "--fail-level",
                             "WARNING"], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_setting_fails_fast() -> None:
    env = {"JIANPIN_IDLE_TIMEOUT_SECONDS": "half an hour", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, MANAGE, "check"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "JIANPIN_IDLE_TIMEOUT_SECONDS must be an integer" in result.stderr
