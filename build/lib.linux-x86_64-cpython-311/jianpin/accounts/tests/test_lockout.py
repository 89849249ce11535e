"""Lockout under concurrency: parallel guesses check at most LOGIN_MAX_FAILURES passwords,
locked and unknown accounts answer alike, and client addresses are throttled too."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from jianpin.accounts.models import LoginThrottle, Role, User
from jianpin.audit.models import AuditEvent
from jianpin.conftest import PASSWORD, VILLAGE, make_user


@pytest.fixture
def checks(monkeypatch) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Every real password check, by username (thread-safe)."""
    seen: list[str] = []
    lock = threading.Lock()
    original = User.check_password

    def counted(self: User, raw: str) -> bool:
        with lock:
            seen.append(self.username)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counted)
    yield seen


def login(username: str, password: str, ip: str = "10.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.post("/accounts/login/", {"username": username, "password": password})
    return client


def in_parallel(attempts: list[tuple[str, str]]) -> int:
    """Send all attempts at once from separate threads; the number that logged in."""
    barrier = threading.Barrier(len(attempts))
    logged_in: list[bool] = []

    def one(username: str, password: str) -> None:
        try:
            barrier.wait()
            logged_in.append("_auth_user_id" in login(username, password).session)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=a) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(logged_in) == len(attempts)
    return sum(logged_in)


def needs_concurrent_writers() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database takes one writer; see the file test below")


@pytest.mark.slow
def test_parallel_wrong_guesses_lock_a_sqlite_file_database(tmp_path: Path) -> None:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               JIANPIN_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "jianpin.accounts.tests.parallel_login",
                             "24", "8"], env=env, capture_output=True, text=True, check=False,
                            cwd=Path(__file__).resolve().parents[3])
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "logins_wrong": 0, "logins_right": 0, "checks": 5, "locked": True, "lockouts": 1}


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_guesses_lock_after_exactly_the_limit(checks, settings) -> None:  # type: ignore[no-untyped-def]
    needs_concurrent_writers()
    settings.LOGIN_MAX_FAILURES_PER_IP = 1000
    make_user("cadre", Role.VILLAGE_CADRE, VILLAGE)
    assert in_parallel([("cadre", f"wrong-{i}") for i in range(24)]) == 0
    assert checks == ["cadre"] * 5
    cadre = User.objects.get(username="cadre")
    assert cadre.locked_until is not None and cadre.failed_logins == 0
    assert AuditEvent.objects.filter(action="accounts.lockout").count() == 1

    assert in_parallel([("cadre", PASSWORD)] * 8) == 0
    assert checks == ["cadre"] * 5


@pytest.mark.django_db(transaction=True)
def test_wrong_and_right_together_never_check_more_than_the_limit(checks, settings) -> None:  # type: ignore[no-untyped-def]
    needs_concurrent_writers()
    settings.LOGIN_MAX_FAILURES_PER_IP = 1000
    make_user("cadre", Role.VILLAGE_CADRE, VILLAGE)
    attempts = [("cadre", f"wrong-{i}") for i in range(15)] + [("cadre", PASSWORD)] * 5
    logins = in_parallel(attempts)
    # A right password resets the count, so each login buys at most 5 more checks.
    assert len(checks) <= 5 * (logins + 1)
    assert 0 <= logins <= 5


def test_locked_and_unknown_accounts_answer_alike(cadre, checks) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        login("cadre", f"wrong-{i}")
    locked = Client(REMOTE_ADDR="10.0.0.2").post(
        "/accounts/login/", {"username": "cadre", "password": PASSWORD})
    unknown = Client(REMOTE_ADDR="10.0.0.2").post(
        "/accounts/login/", {"username": "nobody", "password": PASSWORD})
    assert locked.context["form"].non_field_errors() == ["用户名或密码错误"]
    assert unknown.context["form"].non_field_errors() == ["用户名或密码错误"]
    assert checks == ["cadre"] * 5
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_one_address_is_throttled_across_accounts(cadre, reviewer, checks, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for name in ("cadre", "reviewer", "nobody"):
        login(name, "wrong-password", ip="10.9.9.9")
    assert LoginThrottle.objects.get(ip="10.9.9.9").locked_until is not None
    assert "_auth_user_id" not in login("reviewer", PASSWORD, ip="10.9.9.9").session
    assert checks == ["cadre", "reviewer"]  # the unknown name ran no real check either
    assert "_auth_user_id" in login("reviewer", PASSWORD, ip="10.9.9.10").session
    assert User.objects.get(username="cadre").failed_logins == 1


def test_a_login_gives_the_address_its_attempt_back(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    login("cadre", "wrong-password")
    assert "_auth_user_id" in login("cadre", PASSWORD).session
    throttle = LoginThrottle.objects.get(ip="10.0.0.1")
    assert (throttle.failed_logins, throttle.locked_until) == (1, None)
    cadre.refresh_from_db()
    assert (cadre.failed_logins, cadre.locked_until) == (0, None)


def test_failures_from_one_address_are_forgotten_after_the_lockout_window(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for _ in range(2):
        login("nobody", "wrong-password", ip="10.7.7.7")
    old = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    LoginThrottle.objects.filter(ip="10.7.7.7").update(last_failure_at=old)
    for _ in range(2):
        login("nobody", "wrong-password", ip="10.7.7.7")
    throttle = LoginThrottle.objects.get(ip="10.7.7.7")
    assert (throttle.failed_logins, throttle.locked_until) == (2, None)
    assert "_auth_user_id" in login("cadre", PASSWORD, ip="10.7.7.7").session
