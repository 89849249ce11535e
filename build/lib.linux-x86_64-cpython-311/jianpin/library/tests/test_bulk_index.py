"""The bulk path of indexing stores what the row-by-row path stores.

Index rows written as plain rows, FTS5 rows written set-based with the insert trigger set
aside (SQLite), index and rank rows written by one statement (PostgreSQL): the same rows,
the same FTS5 index and tsvectors; the triggers index every other write afterwards, also
after a bulk write that failed.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from jianpin.library import bulk_rows, indexing
from jianpin.library.models import Document, DocumentAuthor, DocumentIndex, DocumentSubject
from jianpin.library.search import SearchParams, search

pytestmark = pytest.mark.django_db
SQLITE = connection.vendor == "sqlite"
ROWS = bulk_rows.FTS_SET_BASED + 10  # enough for the set-based path
TOPICS = ["防止返贫动态监测", "易地扶贫搬迁后续扶持", "東西部協作和定點幫扶", "雨露计划职业教育补助"]


def _documents(tag: str, n: int = ROWS) -> list[tuple[Document, str]]:
    pairs = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        doc = Document.objects.create(
            title=f"关于{topic}的通知（{i}）", issuer="毕节市人民政府办公室",
            doc_number=f"毕府办发〔2021〕{i}号", issued_on=dt.date(2021, 3, 1), source_name="t.txt",
            text_hash=f"{tag}-{i}", subjects="monitoring relocation" if i % 2 else "",
            authors="汪三贵、李小云" if i % 3 == 0 else "")
        pairs.append((doc, f"为{topic}，到2025年农村居民人均可支配收入达到15000元。\n第{i}条。"))
    return pairs


def _fts_tokens(ids: list[int]) -> list[list[tuple[str, str, int]]]:
    """SQLite: every token the FTS5 index holds for each document (term, column, offset)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.library_fts_instances "
                       "USING fts5vocab(main, library_fts, 'instance')")
        out = []
        for pk in ids:
            cursor.execute("SELECT term, col, \"offset\" FROM temp.library_fts_instances "
                           "WHERE doc = %s ORDER BY col, \"offset\"", [pk])
            out.append(list(cursor.fetchall()))
        return out


def _rank_pairs() -> list[tuple[int, bool]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT i.document_id, r.tsv IS NOT DISTINCT FROM i.tsv "
                       "FROM library_documentindex i LEFT JOIN library_documentrank r "
                       "USING (document_id) ORDER BY i.document_id")
        return list(cursor.fetchall())


def _rank_written() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [bulk_rows.RANK_WRITTEN])
        return str(cursor.fetchone()[0] or "")


def test_bulk_rows_are_the_rows_the_orm_wrote(monkeypatch: pytest.MonkeyPatch) -> None:
    one_by_one, bulk = _documents("a"), _documents("b")
    monkeypatch.setattr(bulk_rows, "FTS_SET_BASED", 10 ** 9)  # FTS5 rows through the trigger
    for pair in one_by_one:
        indexing.store_documents([pair])
    monkeypatch.undo()
    with transaction.atomic():
        indexing.store_documents(bulk)

    def rows(pairs: list[tuple[Document, str]]) -> list[tuple[object, ...]]:
        ids = [d.pk for d, _ in pairs]
        index = {r[0]: r[1:] for r in DocumentIndex.objects.filter(document__in=ids)
                 .values_list("document_id", "title", "issuer", "number", "body")}
        subjects = [sorted(DocumentSubject.objects.filter(document=pk)
                           .values_list("code", flat=True)) for pk in ids]
        authors = [sorted(DocumentAuthor.objects.filter(document=pk)
                          .values_list("name", flat=True)) for pk in ids]
        return [(index[pk], s, a) for pk, s, a in zip(ids, subjects, authors, strict=True)]

    assert rows(bulk) == rows(one_by_one)
    first = rows(bulk)[0]
    assert first[0][0].split()[:4] == ["关于", "防止", "返贫", "防止返贫"]
    assert (first[1], first[2]) == ([], ["李小云", "汪三贵"])
    if SQLITE:
        assert _fts_tokens([d.pk for d, _ in bulk]) == _fts_tokens([d.pk for d, _ in one_by_one])
        assert len(_fts_tokens([bulk[0][0].pk])[0]) == 48
    else:
        assert _rank_pairs() == [(d.pk, True) for d, _ in one_by_one + bulk]
        assert _rank_written() == ""
    # 東西部協作 is folded when indexed: both copies of every third document are found.
    found = search(SearchParams(q="东西部协作", per_page=200))
    assert found.total == 2 * len(range(2, ROWS, 4))


def test_the_triggers_index_other_writes_after_a_bulk_write() -> None:
    with transaction.atomic():
        indexing.store_documents(_documents("a"))
    doc = Document.objects.create(title="光伏扶贫电站收益分配", source_name="t.txt", text_hash="c")
    DocumentIndex.objects.create(document=doc, title="光伏 扶贫 电站 收益 分配")
    assert [h.document.pk for h in search(SearchParams(q="光伏")).hits] == [doc.pk]
    if not SQLITE:
        assert _rank_pairs()[-1] == (doc.pk, True)


def test_a_failed_bulk_write_leaves_nothing_and_the_triggers_in_place() -> None:
    pairs = _documents("a")
    with transaction.atomic():
        indexing.store_documents(pairs[:1])
    with pytest.raises(IntegrityError), transaction.atomic():  # the first document again
        indexing.store_documents(pairs)
    assert list(DocumentIndex.objects.values_list("document_id", flat=True)) == [pairs[0][0].pk]
    if SQLITE:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND name LIKE 'library_fts_%%' ORDER BY name")
            assert [n for n, in cursor.fetchall()] == ["library_fts_ad", "library_fts_ai",
                                                       "library_fts_au"]
    else:
        assert _rank_written() == ""
        assert _rank_pairs() == [(pairs[0][0].pk, True)]
    indexing.store_documents(pairs[1:2])
    assert search(SearchParams(q="易地扶贫搬迁")).total == 1


def test_plain_rows_of_a_model_are_the_rows_the_orm_writes() -> None:
    def document(tag: str) -> Document:
        return Document(title="关于印发《方案》的通知", issuer="贵州省扶贫办", issued_on=dt.date(2020, 5, 6),
                        date=dt.date(2020, 5, 6), year=2020, region_id=None, doc_type="通知",
                        source_name="a.txt", text_hash=tag, subjects="industry", authors="")

    Document.objects.bulk_create([document("orm")])
    bulk_rows.insert_objects([document("plain")])
    skip = {"id", "text_hash", "created_at", "updated_at"}
    orm, plain = (Document.objects.values().get(text_hash=t) for t in ("orm", "plain"))
    assert {k: v for k, v in plain.items() if k not in skip} == \
        {k: v for k, v in orm.items() if k not in skip}
    assert (plain["status"], plain["view_count"], plain["original"]) == ("有效", 0, "")
    assert plain["created_at"] is not None
