"""PostgreSQL: the rank table holds each document's tsvector as the index table does, through
ingest, edit and deletion; filtered searches rank and count as before."""
from __future__ import annotations

import pytest
from django.db import connection

from jianpin.accounts.models import User
from jianpin.library import ranking
from jianpin.library.actions import do_delete_document, do_update_document
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = pytest.mark.django_db


def _pairs() -> list[tuple[int, bool]]:
    """(document id, rank tsvector equal to the index table's) for every indexed document."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT i.document_id, r.tsv IS NOT DISTINCT FROM i.tsv "
                       "FROM library_documentindex i LEFT JOIN library_documentrank r "
                       "USING (document_id) ORDER BY i.document_id")
        return list(cursor.fetchall())


def _rank_ids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT document_id FROM library_documentrank ORDER BY document_id")
        return [pk for pk, in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's rank table")
def test_the_rank_table_follows_the_index_table(editor: User) -> None:
    docs = ingest_seeds()
    ids = sorted(d.pk for d in docs.values())
    assert _pairs() == [(pk, True) for pk in ids]
    doc = docs["001"]
    do_update_document(editor, doc, {"title": "关于光伏扶贫电站收益分配的通知"})
    assert _pairs() == [(pk, True) for pk in ids]
    assert search(SearchParams(q="光伏扶贫电站收益分配")).hits[0].document.pk == doc.pk
    gone = doc.pk
    do_delete_document(editor, doc)
    assert _rank_ids() == [pk for pk in ids if pk != gone]


def test_a_filtered_search_counts_and_ranks_as_an_unfiltered_one_would(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    plain = search(SearchParams(q="脱贫"))
    region = search(SearchParams(q="脱贫", region="520000000000"))
    assert (plain.total, region.total) == (5, 3)
    in_region = [h.document.pk for h in plain.hits if h.document.region_id.startswith("52")]
    assert [h.document.pk for h in region.hits] == in_region
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 1)
    monkeypatch.setattr(ranking, "COUNT_CAP", 2)
    capped = search(SearchParams(q="脱贫", region="520000000000"))
    assert (capped.total, capped.capped, len(capped.hits)) == (3, True, 3)
    newest = max(in_region)
    assert capped.hits[0].document.pk == newest
    assert [h.document.pk for h in capped.hits[1:]] == sorted(set(in_region) - {newest},
                                                               reverse=True)
