"""Security headers: a CSP with a per-response nonce on every page, no-store on personal data."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from jianpin.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def csp_nonce(response) -> str:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    match = re.search(r"script-src 'self' 'nonce-([\w-]+)'", policy)
    assert match, policy
    return match.group(1)


def test_every_inline_script_carries_this_responses_nonce(officer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(officer)
    for url in ("/", "/library/", "/library/targets/?indicator=x", "/library/regions/",
                "/registry/households/", "/accounts/login/"):
        response = client.get(url, follow=True)
        nonce = csp_nonce(response)
        body = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
        assert all(f'nonce="{nonce}"' in attrs or 'type="application/json"' in attrs
                   for attrs in inline), (url, inline)
        assert not re.search(r"\son(click|submit|change|load)=", body), url


def test_nonce_differs_per_response() -> None:
    client = Client()
    assert csp_nonce(client.get("/library/")) != csp_nonce(client.get("/library/"))


def test_personal_data_is_never_cached(officer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(officer)
    for url in ("/", "/registry/households/", "/registry/export/", "/workflows/", "/assistance/",
                "/api/households/", "/library/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_api_with_a_token_is_not_cached(officer) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer)
    response = Client().get("/api/households/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_anonymous_public_library_pages_may_be_cached() -> None:
    response = Client().get("/library/")
    assert response.status_code == 200 and "Cache-Control" not in response


def test_login_page_is_not_cached() -> None:
    response = Client().post("/accounts/login/", {"username": "x", "password": PASSWORD})
    assert response["Cache-Control"] == "no-store"
