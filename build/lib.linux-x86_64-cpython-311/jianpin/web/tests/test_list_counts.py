"""List counts carry thousands separators in Chinese as in English (zh-hans formats have none):
the warnings inbox, the case list and the audit log use the `count` filter."""
from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):  # type: ignore[no-untyped-def]
    """Every list claims 3038 entries (its pages past the first are empty)."""
    monkeypatch.setattr(Paginator, "count", 3038)


def _page(user, name: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("lang, text", [("zh-hans", "共 3,038 条"), ("en", "3,038 warnings")])
def test_inbox_count(many, officer, lang, text):  # type: ignore[no-untyped-def]
    body = _page(officer, "screening:inbox", lang)
    assert f'<small class="muted">{text}</small>' in body
    assert "3038" not in body


@pytest.mark.parametrize("lang, text", [("zh-hans", "第 1 / 61 页，共 3,038 项"),
                                        ("en", "3,038")])
def test_case_list_count(many, officer, lang, text):  # type: ignore[no-untyped-def]
    body = _page(officer, "workflows:case_list", lang)
    assert text in body and "3038" not in body


def test_audit_log_count(many, officer):  # type: ignore[no-untyped-def]
    body = _page(officer, "audit:events", "zh-hans")
    assert "第 1/61 页，共 3,038 条" in body and "3038" not in body
