"""PostgreSQL: the document filters held as tags beside the text vector (migrations 0014, 0015)
follow the document, and a search filtered through them finds, ranks and counts as the column
filters and the subject and author rows do."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection

from jianpin.accounts.models import User
from jianpin.library import ranking
from jianpin.library import search as search_module
from jianpin.library.actions import do_update_document
from jianpin.library.indexing import split_authors, sync_facet_rows
from jianpin.library.models import Document, DocumentIndex
from jianpin.library.search import SearchParams, filter_tags, search
from jianpin.library.tests.factories import ingest_seeds, make_document

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tags")

FILTERS: list[dict[str, Any]] = [
    {"category": "policy"}, {"category": "report"}, {"doc_type": "通知"}, {"status": "valid"},
    {"region": "520000000000"}, {"region": "522700000000"}, {"year": 2021},
    {"category": "policy", "doc_type": "通知", "region": "520000000000"},
    {"category": "policy", "issuer": "人民政府"}, {"doc_type": "通知", "date_from": dt.date(2020, 1, 1)},
    {"category": "policy", "subject": "relocation"}, {"subject": "relocation"},
    {"subject": "industry", "year": 2021}, {"author": "汪三贵"}, {"author": " 汪三贵 "},
    {"author": "李小云", "subject": "relocation"}]


def _tags() -> dict[int, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_id, tsvector_to_array(tags) FROM library_documentindex "
                       "ORDER BY document_id")
        return {pk: sorted(tags or []) for pk, tags in cursor.fetchall()}


def _expected(doc: Document) -> list[str]:
    region = doc.region_id or ""
    tags = {f"c={doc.category}", f"t={doc.doc_type}", f"s={doc.status}"}
    tags |= {f"y={doc.year}"} if doc.year else set()
    tags |= {f"r={region[:n]}" for n in (2, 4, 6, 9, 12, 15)} if region else set()
    tags |= {f"j={code}" for code in doc.subjects.split()}
    tags |= {f"a={name}" for name in split_authors(doc.authors)}
    return sorted(tags)


def _pages(params: SearchParams) -> list[tuple[list[tuple[int, float]], int]]:
    out = []
    for page in (1, 2, 3):
        result = search(replace(params, page=page, per_page=2))
        out.append(([(h.document.pk, round(h.score, 6)) for h in result.hits], result.total))
    return out


@postgresql
def test_the_tags_follow_the_document(editor: User) -> None:
    docs = ingest_seeds()
    moved = make_document("522701000000")  # its region set by a plain UPDATE after ingest
    every = list(Document.objects.order_by("id"))
    assert _tags() == {d.pk: _expected(d) for d in every}
    assert "r=5227" in _tags()[moved.pk]
    doc = docs["001"]
    do_update_document(editor, doc, {"category": "report", "doc_type": "意见",
                                     "region_id": "520000000000"})
    doc.refresh_from_db()
    assert _tags()[doc.pk] == _expected(doc)
    assert {"c=report", "t=意见", "r=52", "r=520000000000"} <= set(_tags()[doc.pk])
    do_update_document(editor, doc, {"subjects": "relocation industry",
                                     "authors": "汪三贵、李小云;  It's Me"})
    doc.refresh_from_db()
    assert _tags()[doc.pk] == _expected(doc)
    assert {"j=relocation", "j=industry", "a=汪三贵", "a=李小云", "a=It's Me"} <= set(
        _tags()[doc.pk])
    Document.objects.filter(pk=doc.pk).update(region_id=None, year=None)  # keeps the others
    doc.refresh_from_db()
    assert _tags()[doc.pk] == _expected(doc) == sorted(
        ["c=report", "t=意见", f"s={doc.status}", "j=industry", "j=relocation",
         "a=It's Me", "a=李小云", "a=汪三贵"])
    do_update_document(editor, doc, {"subjects": "", "authors": ""})
    doc.refresh_from_db()
    assert _tags()[doc.pk] == _expected(doc)
    assert [t for t in _tags()[doc.pk] if t[:2] in ("j=", "a=")] == []


@postgresql
def test_a_writer_that_gives_no_tags_gets_them_from_the_tables() -> None:
    """An index row written without tags (not by the bulk writer) is tagged by the row
    trigger from the document, subject and author rows."""
    doc = make_document("522701000000")
    doc.authors, doc.subjects = "汪三贵", "relocation"
    doc.save()
    sync_facet_rows(doc)
    DocumentIndex.objects.filter(document=doc).delete()
    DocumentIndex.objects.create(document=doc, title="光伏 扶贫")
    assert _tags()[doc.pk] == _expected(doc)
    assert {"a=汪三贵", "j=relocation", "r=5227"} <= set(_tags()[doc.pk])


@postgresql
def test_a_search_through_the_tags_gives_the_column_filters_pages(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    docs = ingest_seeds()
    make_document("522701000000")
    for key, authors in (("001", "汪三贵"), ("002", "汪三贵、李小云"), ("003", "李小云")):
        Document.objects.filter(pk=docs[key].pk).update(authors=authors)
        docs[key].refresh_from_db()
        sync_facet_rows(docs[key])
    used: list[list[str]] = []
    real = search_module.filter_tags

    def recorded(params: SearchParams) -> tuple[list[str], SearchParams]:
        found = real(params)
        used.append(found[0])
        return found

    for ranked_up_to, cap in ((2_000, 10_000), (2, 10_000), (2, 3)):
        monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", ranked_up_to)
        monkeypatch.setattr(ranking, "COUNT_CAP", cap)
        for query in ("脱贫", "帮扶", "title:通知"):
            for filters in FILTERS:
                params = SearchParams(q=query, **filters)
                monkeypatch.setattr(search_module, "filter_tags", lambda p: ([], p))
                columns = _pages(params)
                monkeypatch.setattr(search_module, "filter_tags", recorded)
                assert _pages(params) == columns, (ranked_up_to, cap, query, filters)
    assert ["c=policy", "t=通知", "r=52"] in used
    assert ["y=2021"] in used
    assert ["j=relocation", "a=李小云"] in used


def test_the_filters_held_as_tags() -> None:
    params = SearchParams(q="帮扶", category="report", doc_type="通知", status="valid",
                          year=2021, issuer="人民政府", subject="relocation", author=" 汪三贵")
    tags, rest = filter_tags(params)
    if connection.vendor != "postgresql":
        assert (tags, rest) == ([], params)
        return
    assert tags == ["c=report", "t=通知", "s=valid", "y=2021", "j=relocation", "a=汪三贵"]
    assert rest == replace(params, category="", doc_type="", status="", year=None, subject="",
                           author="")
    assert filter_tags(SearchParams(region="522700000000")) == (
        ["r=5227"], SearchParams(region=""))


def test_a_tag_query_quotes_its_lexemes() -> None:
    assert ranking.tag_query(["c=report", "t=it's", "s=a\\b"]) == (
        "'c=report' & 't=it''s' & 's=a\\\\b'")
