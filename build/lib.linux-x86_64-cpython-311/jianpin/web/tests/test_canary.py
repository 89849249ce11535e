"""A canary ID number never appears in logs, URLs or redirects."""
from __future__ import annotations

import logging

import pytest
from django.test import Client

from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_id

pytestmark = pytest.mark.django_db


def test_canary_id_stays_out_of_urls_and_logs(cadre, caplog) -> None:  # type: ignore[no-untyped-def]
    canary = make_id("19660606", 606)
    caplog.set_level(logging.DEBUG)
    client = Client()
    client.force_login(cadre)
    urls: list[str] = []
    created = client.post("/registry/households/new/", {
        "village": VILLAGE, "number": "CANARY-1", "head_name": "金丝雀", "head_id": canary,
        "attribute": "一般户"})
    assert created.status_code == 302
    urls.append(created["Location"])
    duplicate = client.post("/registry/households/new/", {
        "village": VILLAGE, "number": "CANARY-2", "head_name": "金丝雀二", "head_id": canary,
        "attribute": "一般户"})
    assert duplicate.status_code == 200
    body = duplicate.content.decode()
    assert f"身份证号 {canary[:6]}************ 已登记在户 CANARY-1" in body
    found = client.post("/registry/households/", {"q": canary})
    assert found.status_code == 302
    urls.append(found["Location"])
    page = client.get(found["Location"])
    assert "CANARY-1" in page.content.decode()
    for lowercase in (canary.lower(), canary[:6] + canary[8:17]):  # x and the old 15-digit form
        urls.append(client.post("/registry/households/", {"q": lowercase})["Location"])
    for url in urls:
        assert canary not in url and canary[:17] not in url and canary[8:17] not in url
    assert canary not in caplog.text and canary[:17] not in caplog.text
