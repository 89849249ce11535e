"""Broad searches count their matches no further than COUNT_CAP; the order is unchanged, and
the facets of a small match are counted over the matches the ranking found."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from jianpin.library import ranking
from jianpin.library.search import SearchParams, SearchResult, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = pytest.mark.django_db


def test_a_count_past_the_cap_says_more_than_and_keeps_the_order(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 2)
    full = search(SearchParams(q="脱贫"))
    assert (full.total, full.capped) == (5, False)
    monkeypatch.setattr(ranking, "COUNT_CAP", 3)
    capped = search(SearchParams(q="脱贫"))
    assert (capped.total, capped.capped, capped.pages) == (4, True, 1)
    assert [h.document.pk for h in capped.hits] == [h.document.pk for h in full.hits]
    page = client.get("/library/", {"q": "脱贫"}).content.decode()
    assert '<p class="muted" id="result-count">超过 3 条结果（“脱贫”）</p>' in page
    assert (capped.count, capped.cap, capped.count_text) == (3, "3", "超过 3 条")
    assert capped.as_json()["total"] == 3 and capped.as_json()["count_capped"] is True
    narrow = search(SearchParams(q="两不愁三保障"))
    assert (narrow.total, narrow.capped) == (2, False)


def test_facets_of_a_small_match_are_those_of_its_documents() -> None:
    ingest_seeds()
    result = search(SearchParams(q="脱贫", author=""), with_facets=True)
    by_type = {v: n for v, _, n in result.facets["doc_type"]}
    assert sum(by_type.values()) == 5
    filtered = search(SearchParams(q="脱贫", region="520000000000"), with_facets=True)
    assert filtered.total == 3
    assert [(v, n) for v, _, n in filtered.facets["region"]] == [("520000000000", 3)]


def test_the_command_and_its_json_say_more_than_the_cap(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(ranking, "COUNT_CAP", 3)
    out = io.StringIO()
    call_command("library", "search", "脱贫", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["total"], data["count_capped"], len(data["results"])) == (3, True, 5)
    out = io.StringIO()
    call_command("library", "search", "脱贫", stdout=out)
    assert out.getvalue().splitlines()[0] == "超过 3 条"
    out = io.StringIO()
    call_command("library", "search", "两不愁三保障", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["total"], data["count_capped"]) == (2, False)
    out = io.StringIO()
    call_command("library", "search", "两不愁三保障", stdout=out)
    assert out.getvalue().splitlines()[0] == "共 2 条"
    monkeypatch.setattr(ranking, "COUNT_CAP", 10_000)
    assert search(SearchParams(q="脱贫")).cap == "10,000"


def test_the_page_writes_the_cap_with_a_thousands_separator(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(ranking, "COUNT_CAP", 4000)
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 2)
    monkeypatch.setattr(SearchResult, "capped", property(lambda self: True))
    page = client.get("/library/", {"q": "脱贫"}).content.decode()
    assert '<p class="muted" id="result-count">超过 4,000 条结果（“脱贫”）</p>' in page
