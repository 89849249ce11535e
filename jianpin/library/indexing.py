"""Build the rows derived from a document: segmented index fields, keywords, targets, and the
subject and author rows that filters and facets read."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import F

from jianpin.library import bulk_rows
from jianpin.library.models import (
    Document,
    DocumentAuthor,
    DocumentIndex,
    DocumentSubject,
    DocumentText,
    LibraryState,
    Target,
)
from jianpin.library.subjects import classify_folded
from jianpin.library.text import segment
from jianpin.library.text.fold import fold
from jianpin.library.text.keywords import keywords as keywords  # ingest and refold call it here
from jianpin.library.text.targets import Target as TextTarget

MAX_INDEXED_CHARS = 200_000  # a tsvector holds at most 1 MB; longer tails are not indexed


def text_hash(text: str) -> str:
    """Hash of the text with all whitespace removed: same text, same hash."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


AUTHOR_SPLIT = re.compile(r"[、,，;；/]+|\s{2,}")


@lru_cache(maxsize=8192)
def _segmented_field(value: str) -> str:
    """A metadata field segmented; issuers and number prefixes repeat, so they are remembered."""
    return segment.segmented(value)


Fields = tuple[str, str, str, str]


def index_fields(title: str, issuer: str, number: str, text: str) -> Fields:
    """The segmented title, issuer, number and body (a plain function: worker processes of a
    bulk load run it; segmentation is most of the cost of indexing)."""
    return (segment.segmented(title), _segmented_field(issuer), _segmented_field(number),
            segment.segmented(text[:MAX_INDEXED_CHARS]))


def prepare(title: str, issuer: str, number: str, text: str) -> tuple[str, Fields]:
    """A new document's subject codes (space-separated) and index fields, its title and text
    folded once for both (`subjects.classify` and `index_fields` fold them each)."""
    head, body = fold(title), fold(text)
    codes = " ".join(classify_folded(head, body))
    indexed = body if len(text) <= MAX_INDEXED_CHARS else fold(text[:MAX_INDEXED_CHARS])
    return codes, (" ".join(segment.index_tokens(head)), _segmented_field(issuer),
                   _segmented_field(number), " ".join(segment.index_tokens(indexed)))


def reindex_metadata(doc: Document) -> None:
    """Re-segment the metadata fields (the FTS table follows through triggers/generation)."""
    DocumentIndex.objects.filter(document=doc).update(
        title=segment.segmented(doc.title), issuer=_segmented_field(doc.issuer),
        number=_segmented_field(doc.doc_number))


def split_authors(authors: str) -> list[str]:
    """The whole names in an authors field (顿号, commas, semicolons or wide spaces between)."""
    return list(dict.fromkeys(a.strip()[:100] for a in AUTHOR_SPLIT.split(authors) if a.strip()))


def store_documents(pairs: list[tuple[Document, str]],
                    fields: list[Fields] | None = None) -> None:
    """Index rows, subject and author rows for new documents (already saved), in bulk.

    `fields`, one per pair, are index_fields() computed beforehand (in worker processes).
    """
    index = [(doc.pk, *(fields[i] if fields else index_fields(doc.title, doc.issuer,
                                                               doc.doc_number, text)))
             for i, (doc, text) in enumerate(pairs)]
    facets = [(doc.pk, doc.subjects, doc.authors) for doc, _ in pairs]
    with connection.cursor() as cursor:
        bulk_rows.write_index(cursor, index, [facet_tags(s, a) for _, s, a in facets])
        _write_facet_rows(cursor, facets)
    library_changed()


def store_new_documents(columns: Sequence[str], rows: Sequence[Sequence[Any]],
                        texts: Sequence[str], fields: Sequence[Fields]) -> list[int]:
    """New documents given as plain values, written in bulk with everything derived from them:
    document rows (`columns` are Document attribute names, `text_hash` among them; the others
    take their defaults), text rows, index rows (`fields`, from `prepare` or `index_fields`),
    subject and author rows. Returns their ids, in order. No model instance is built: at tens
    of thousands of documents the ORM's per-field work would cost more than the writes."""
    if not rows:
        return []
    bulk_rows.insert_columns(Document, columns, rows)
    at = columns.index("text_hash")
    hashes = [row[at] for row in rows]
    found = dict(Document.objects.filter(text_hash__in=hashes).values_list("text_hash", "pk"))
    ids = [found[h] for h in hashes]
    subjects_at = columns.index("subjects") if "subjects" in columns else None
    authors_at = columns.index("authors") if "authors" in columns else None
    facets = [(pk, row[subjects_at] if subjects_at is not None else "",
               row[authors_at] if authors_at is not None else "")
              for pk, row in zip(ids, rows, strict=True)]
    with connection.cursor() as cursor:
        bulk_rows.insert(cursor, DocumentText._meta.db_table, ("document_id", "text"),
                         list(zip(ids, texts, strict=True)))
        bulk_rows.write_index(cursor, [(pk, *f) for pk, f in zip(ids, fields, strict=True)],
                              [facet_tags(s, a) for _, s, a in facets])
        _write_facet_rows(cursor, facets)
    library_changed()
    return ids


def sync_facet_rows(doc: Document) -> None:
    """Rewrite a document's subject and author rows after its fields changed, and on
    PostgreSQL its index row's tags, which hold them (migration 0015)."""
    DocumentSubject.objects.filter(document=doc).delete()
    DocumentAuthor.objects.filter(document=doc).delete()
    with connection.cursor() as cursor:
        _write_facet_rows(cursor, [(doc.pk, doc.subjects, doc.authors)])
        if connection.vendor == "postgresql":
            cursor.execute("UPDATE library_documentindex "
                           "SET tags = library_documentindex_tags_of(document_id) "
                           "WHERE document_id = %s", [doc.pk])


def facet_tags(subjects: str, authors: str) -> list[str]:
    """The subject and author filters' tags of a document (`j=relocation`, `a=汪三贵`): one per
    subject and author row `_write_facet_rows` writes (PostgreSQL's index holds them)."""
    return ([f"j={code}" for code in dict.fromkeys(subjects.split())]
            + [f"a={name}" for name in split_authors(authors)])


def _write_facet_rows(cursor: Any, docs: Iterable[tuple[int, str, str]]) -> None:
    """Subject and author rows of (document id, subjects, authors)."""
    docs = list(docs)
    bulk_rows.insert(cursor, DocumentSubject._meta.db_table, ("document_id", "code"),
                     [(pk, code) for pk, codes, _ in docs for code in dict.fromkeys(codes.split())])
    bulk_rows.insert(cursor, DocumentAuthor._meta.db_table, ("document_id", "name"),
                     [(pk, name) for pk, _, names in docs for name in split_authors(names)])


def library_changed() -> None:
    """Count a change of the library: stored facet summaries of earlier versions are stale."""
    if not LibraryState.objects.filter(pk=1).update(version=F("version") + 1):
        LibraryState.objects.get_or_create(pk=1, defaults={"version": 1})


def target_rows(doc: Document, targets: list[TextTarget]) -> list[Target]:
    rows = []
    for i, t in enumerate(targets):
        start = t.year.split("-")[0] if t.year else ""
        rows.append(Target(
            document=doc, position=i, year=t.year or "",
            year_start=int(start) if start.isdigit() else None,
            subject=(t.subject or "")[:100], indicator=t.indicator[:100], value=t.value,
            unit=t.unit, qualifier=(t.qualifier or "")[:20], sentence=t.sentence[:2000],
            kind=t.kind, region_id=t.region_code,
        ))
    return rows
