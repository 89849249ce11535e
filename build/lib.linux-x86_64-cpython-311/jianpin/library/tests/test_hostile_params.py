"""Public library pages answer odd query strings with a page, never a 500."""
from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/library/", "/library/targets/", "/library/targets.xlsx", "/library/rankings/",
         "/library/regions/"]
HOSTILE = ["99999999999999999999", "9223372036854775807", "-1", "abc'", "１２", "%00",
           "4414240000001234", "x" * 3000]
NAMES = ["page", "q", "region", "year", "doc_type", "category", "status", "sort", "date_from",
         "date_to", "indicator", "issuer", "doc_number"]


@pytest.mark.parametrize("path", PAGES)
def test_hostile_values_in_every_parameter(path: str) -> None:
    client = Client(raise_request_exception=False)
    failures = []
    for name in NAMES:
        for value in HOSTILE:
            status = client.get(path, {name: value, **({"q": "扶贫"} if name == "page" else {})})
            if status.status_code != 200:
                failures.append((name, value[:20], status.status_code))
    assert failures == []


def test_reported_urls() -> None:
    client = Client(raise_request_exception=False)
    for url in ("/library/?page=99999999999999999999",
                "/library/?q=%E6%89%B6%E8%B4%AB&page=9223372036854775807",
                "/library/targets/?region=abc%27"):
        assert client.get(url).status_code == 200, url


def test_a_bad_page_keeps_the_other_filters() -> None:
    response = Client().get("/library/", {"q": "扶贫", "page": "99999999999999999999"})
    assert (response.context["params"].q, response.context["params"].page) == ("扶贫", 1)
