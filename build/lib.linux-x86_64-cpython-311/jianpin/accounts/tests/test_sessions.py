"""Session lifetime: stamped at login, idle time checked on every request (the first one too),
polling does not count as activity, an absolute maximum age, a short cookie."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.conftest import PASSWORD
from jianpin.jobs.models import Job

pytestmark = pytest.mark.django_db


def age(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_stamps_the_session(cadre) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.post("/accounts/login/", {"username": "cadre", "password": PASSWORD})
    session = client.session
    assert isinstance(session["login_at"], int) and session["last_seen"] == session["login_at"]


def test_first_request_after_login_is_checked(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.post("/accounts/login/", {"username": "cadre", "password": PASSWORD})
    age(client, "last_seen", settings.IDLE_TIMEOUT_SECONDS + 5)
    response = client.get("/registry/households/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not logged_in(client)


def test_session_without_stamps_is_logged_out(cadre) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    session = client.session
    del session["last_seen"]
    session.save()
    assert client.get("/registry/households/").status_code == 302
    assert not logged_in(client)


def test_polling_progress_does_not_keep_the_session_alive(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    job = Job.objects.create(kind="test.count", args={"n": 1}, owner=cadre)
    client = Client()
    client.force_login(cadre)
    age(client, "last_seen", settings.IDLE_TIMEOUT_SECONDS - 10)
    stamped = client.session["last_seen"]
    for _ in range(3):
        assert client.get(f"/jobs/{job.pk}/progress/").status_code == 200
    assert client.session["last_seen"] == stamped
    age(client, "last_seen", 20)
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 302
    assert not logged_in(client)


def test_a_page_view_counts_as_activity(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    age(client, "last_seen", settings.IDLE_TIMEOUT_SECONDS - 10)
    assert client.get("/registry/households/").status_code == 200
    age(client, "last_seen", 20)
    assert client.get("/registry/households/").status_code == 200
    assert logged_in(client)


def test_sessions_end_after_the_maximum_age_even_when_active(cadre, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client = Client()
    client.force_login(cadre)
    age(client, "login_at", settings.SESSION_COOKIE_AGE + 1)
    assert client.get("/registry/households/").status_code == 302
    assert not logged_in(client)


def test_session_cookie_lasts_the_configured_hours(cadre) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.post("/accounts/login/", {"username": "cadre", "password": PASSWORD})
    assert client.cookies["sessionid"]["max-age"] == 8 * 3600
