"""Filtered searches: read from the filter's side (PostgreSQL) with the same pages, scores and
counts as the joined read; facets of a ranked match counted by id; the type tabs use the page's
parsed query and a current summary before counting anything."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.db import connection

from jianpin.library import facets, ranking
from jianpin.library import search as search_module
from jianpin.library.actions import do_update_document
from jianpin.library.facets import count_facets, count_facets_of
from jianpin.library.models import Document, FacetSummary
from jianpin.library.search import SearchParams, SearchResult, category_counts, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = pytest.mark.django_db

FILTERS: list[dict[str, Any]] = [{"region": "520000000000"}, {"category": "policy"},
                                 {"subject": "relocation"}, {"doc_type": "通知"},
                                 {"author": "汪三贵"}, {"subject": "relocation", "category": "policy"}]


def _pages(params: SearchParams, per_page: int) -> list[tuple[list[tuple[int, float]], int]]:
    """(id, score) of the hits and the total of pages 1-3."""
    out = []
    for page in (1, 2, 3):
        result = search(replace(params, page=page, per_page=per_page))
        out.append(([(h.document.pk, round(h.score, 6)) for h in result.hits], result.total))
    return out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's filter-first read")
def test_the_filter_side_read_gives_the_joined_read_pages(monkeypatch, editor) -> None:  # type: ignore[no-untyped-def]
    docs = ingest_seeds()
    matching = [h.document for h in search(SearchParams(q="脱贫")).hits]
    for doc in matching[:3]:
        do_update_document(editor, doc, {"authors": "汪三贵", "subjects": "relocation"})
    assert search(SearchParams(q="脱贫", author="汪三贵")).total == 3
    assert len(docs) > 3
    calls: list[bool] = []
    real = ranking.Match.filter_first

    def counted(self: ranking.Match, among: int) -> Any:
        found = real(self, among)
        calls.append(found is not None)
        return found

    for ranked_up_to, cap in ((2_000, 10_000), (2, 10_000), (2, 3)):
        monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", ranked_up_to)
        monkeypatch.setattr(ranking, "COUNT_CAP", cap)
        for filters in FILTERS:
            params = SearchParams(q="脱贫", **filters)
            monkeypatch.setattr(ranking.Match, "filter_first", lambda self, among: None)
            joined = _pages(params, 2)
            monkeypatch.setattr(ranking.Match, "filter_first", counted)
            assert _pages(params, 2) == joined, (ranked_up_to, cap, filters)
    assert calls and all(calls)  # every filtered search above was read from the filter's side
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 2_000)
    region = search(SearchParams(q="脱贫", region="520000000000"))
    assert region.total == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's filter-first read")
def test_a_sparse_text_is_not_read_from_the_filter_side(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    match = ranking.Match(search_module.parse("脱贫"), None,
                          [("SELECT id FROM library_document", [])])
    assert match.filter_first(2) is not None
    monkeypatch.setattr(ranking, "NEWEST_SPAN", 1)
    assert match.filter_first(2) is None


def test_facets_by_id_are_those_of_the_documents() -> None:
    docs = ingest_seeds()
    ids = sorted(d.pk for d in docs.values())
    assert count_facets_of(ids) == count_facets(Document.objects.filter(id__in=ids))
    some = ids[:2]
    assert count_facets_of(some) == count_facets(Document.objects.filter(id__in=some))
    assert count_facets_of([]) == {"doc_type": {}, "category": {}, "status": {}, "year": {},
                                   "region": {}, "subject": {}}


def test_the_type_tabs_use_the_page_search_without_parsing_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    params = SearchParams(q="脱贫", category="news")
    expected = category_counts(params)
    assert expected == (5, {"policy": 4, "news": 1})
    result = search(params, with_facets=True)

    def refused(query: str) -> None:
        raise AssertionError(f"parsed again: {query}")

    monkeypatch.setattr(search_module, "parse", refused)
    assert category_counts(params, result) == expected
    failed = SearchResult(params, 0, [], error="查询语法有误")
    assert category_counts(params, failed) == (0, {})


def test_a_current_summary_is_read_before_counting(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(facets, "SUMMARY_FROM", 1)
    params = SearchParams(q="脱贫", category="news")
    assert category_counts(params) == (5, {"policy": 4, "news": 1})
    assert FacetSummary.objects.count() == 1

    def refused(*args: Any) -> int:
        raise AssertionError("counted again")

    monkeypatch.setattr(search_module, "_estimate", refused)
    assert category_counts(params) == (5, {"policy": 4, "news": 1})
    assert facets.summarised("other", lambda: 0, lambda: {"a": 1}) == {"a": 1}
    assert FacetSummary.objects.count() == 1  # below SUMMARY_FROM: nothing stored
