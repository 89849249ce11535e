"""Batched ingest (a folder, an upload of many files) stores what one file at a time stores.

do_ingest_many reads and extracts each file as do_ingest does and writes the new documents of
a batch together; the stored rows, index, figures and audit events are the same, each file's
result (or refusal) in its place.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from jianpin.audit.models import AuditEvent
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.library import bulk_rows, indexing
from jianpin.library.actions import Ingested, SystemActor, do_ingest, do_ingest_many
from jianpin.library.models import (
    Document,
    DocumentAuthor,
    DocumentIndex,
    DocumentSubject,
    DocumentText,
    Target,
)
from jianpin.library.subjects import SUBJECTS, classify, classify_folded
from jianpin.library.tests.factories import SAMPLES, SEEDS
from jianpin.library.text import segment
from jianpin.library.text.fold import fold

pytestmark = pytest.mark.django_db
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".docx",
                                                                   ".pdf"))
SKIPPED = {"id", "document", "document_id", "original", "created_at", "updated_at"}


def _files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in [*SEEDS, *SAMPLE_FILES]]


def _stored() -> dict[str, Any]:
    """Everything the library stores, by source name and position, without ids and times."""
    def rows(model: Any, order: str) -> list[tuple[Any, ...]]:
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIPPED]
        return list(model.objects.order_by(order, *names).values_list(order, *names))

    docs = dict(Document.objects.values_list("pk", "source_name"))
    out: dict[str, Any] = {"documents": rows(Document, "source_name")}
    for model in (DocumentText, DocumentIndex, DocumentSubject, DocumentAuthor, Target):
        out[model.__name__] = sorted(
            (docs[row[0]], *row[1:]) for row in rows(model, "document_id"))
    out["originals"] = sorted((d.source_name, d.original.read() if d.original else b"")
                              for d in Document.objects.all())
    out["audit"] = sorted((e.action, docs[int(e.object_id)], e.region_code, str(e.diff))
                          for e in AuditEvent.objects.filter(action="library.document.ingest"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT document_id, tsv::text, title_tsv::text "
                           "FROM library_documentindex")
            out["tsv"] = sorted((docs[pk], *rest) for pk, *rest in cursor.fetchall())
    return out


def test_a_batch_stores_what_one_file_at_a_time_stores() -> None:
    files = _files()
    one = [do_ingest(SystemActor(), name, data) for name, data in files]
    assert all(r.created for r in one)
    singly = _stored()
    Document.objects.all().delete()
    AuditEvent.objects.filter(action="library.document.ingest").delete()
    together = do_ingest_many(SystemActor(), files)
    assert [(r.created, r.metadata.as_json()) for r in together if isinstance(r, Ingested)] == [
        (True, r.metadata.as_json()) for r in one]
    assert _stored() == singly
    assert len(singly["documents"]) == 14 and len(singly["Target"]) == 148 + sum(
        len(r.metadata.targets) for r in one[len(SEEDS):])


def test_each_file_has_its_result_in_its_place() -> None:
    stored = do_ingest(SystemActor(), SEEDS[0].name, SEEDS[0].read_bytes()).document
    seed1 = SEEDS[1].read_bytes()
    files = [("bad.docx", b"PK\x03\x04 not really"), ("a.txt", seed1), ("again.txt", seed1),
             ("old.txt", SEEDS[0].read_bytes()), ("empty.txt", b"   \n"),
             ("b.txt", SEEDS[2].read_bytes())]
    results = do_ingest_many(SystemActor(), files)
    assert [type(r).__name__ for r in results] == [
        "DomainError", "Ingested", "Ingested", "Ingested", "DomainError", "Ingested"]
    bad, a, again, old, empty, b = results
    assert isinstance(bad, DomainError) and isinstance(empty, DomainError)
    assert (bad.code, empty.code) == ("unreadable", "empty")
    assert isinstance(a, Ingested) and isinstance(again, Ingested)
    assert isinstance(old, Ingested) and isinstance(b, Ingested)
    assert [(r.created, r.document.pk) for r in (a, again, old)] == [
        (True, a.document.pk), (False, a.document.pk), (False, stored.pk)]
    assert b.created and b.document.pk > a.document.pk
    assert sorted(Document.objects.values_list("source_name", flat=True)) == sorted(
        [SEEDS[0].name, "a.txt", "b.txt"])
    assert DocumentIndex.objects.count() == DocumentText.objects.count() == 3


def test_only_library_editors_ingest_a_batch(cadre: Any) -> None:
    with pytest.raises(PermissionDenied):
        do_ingest_many(cadre, _files()[:2])
    assert Document.objects.count() == 0
    assert not AuditEvent.objects.filter(action="library.document.ingest").exists()


def test_plain_values_store_what_model_instances_store() -> None:
    """store_new_documents (plain values, bulk_rows.insert_columns) against Document objects
    written by the ORM and store_documents: the same rows."""
    texts = [f"为做好防止返贫动态监测，到2025年，农村居民人均可支配收入达到{i}元。" for i in range(60)]
    columns = ("title", "issuer", "doc_number", "issued_on", "date", "year", "region_id",
               "source_name", "text_hash", "subjects", "authors")
    values = [(f"关于监测的通知（{i}）", "毕节市人民政府办公室", f"毕府办发〔2021〕{i}号",
               None if i % 2 else dt.date(2021, 3, i % 28 + 1),
               None, 2021 if i % 3 else None, None, "t.txt", f"h-{i}",
               "monitoring" if i % 2 else "", "汪三贵、李小云" if i % 3 == 0 else "")
              for i in range(60)]
    fields = [indexing.index_fields(v[0], v[1], v[2], t)
              for v, t in zip(values, texts, strict=True)]
    ids = indexing.store_new_documents(columns, values, texts, fields)
    assert ids == sorted(ids) and len(ids) == 60
    plain = _stored()
    Document.objects.all().delete()
    docs = [Document(**dict(zip(columns, v, strict=True))) for v in values]
    bulk_rows.insert_objects(docs)
    found = dict(Document.objects.values_list("text_hash", "pk"))
    for doc in docs:
        doc.pk = found[doc.text_hash]
    bulk_rows.insert_objects([DocumentText(document=d, text=t)
                              for d, t in zip(docs, texts, strict=True)])
    indexing.store_documents(list(zip(docs, texts, strict=True)), fields)
    assert _stored() == plain


def test_subjects_and_index_fields_with_one_fold() -> None:
    """indexing.prepare folds once; classify and index_fields give the same."""
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0]
        codes, fields = indexing.prepare(title, "發改委", "黔府发〔2021〕9号", text)
        assert codes == " ".join(classify(title, text))
        assert fields == indexing.index_fields(title, "發改委", "黔府发〔2021〕9号", text)


def test_subject_scores_are_counted_as_before() -> None:
    """classify_folded counts every subject's words in one pass; the rule is unchanged."""
    def before(head: str, body: str) -> list[str]:
        scores = {}
        for s in SUBJECTS:
            score = sum(body.count(w) for w in s.words) + 5 * sum(w in head for w in s.words)
            if score >= 3:
                scores[s.code] = score
        if not scores:
            return []
        top = max(scores.values())
        kept = sorted((c for c, v in scores.items() if v >= 0.3 * top),
                      key=lambda c: -scores[c])[:4]
        return [s.code for s in SUBJECTS if s.code in kept]

    for path in [*SEEDS, *(p for p in SAMPLE_FILES if p.suffix == ".txt")]:
        text = fold(path.read_text(encoding="utf-8"))
        for head in (text.splitlines()[0], "易地扶贫搬迁 东西部协作", ""):
            assert classify_folded(head, text) == before(head, text)


def test_remembered_words_are_the_cut() -> None:
    """The words of each run are remembered and shared with keywords: a cut after indexing
    gives jieba's words, and keywords do not depend on what was indexed before."""
    text = SEEDS[4].read_text(encoding="utf-8")
    segment._RUN_WORDS.clear()
    cold = indexing.keywords("关于印发实施方案的通知", text)
    segment.segmented(text)
    assert segment.cut(text) == list(segment.tokenizer().cut(text))
    assert indexing.keywords("关于印发实施方案的通知", text) == cold
