"""All writes to the library: ingest, edit, delete, and usage counters. Edits are audited."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import changes, record, snapshot
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.library import charts, indexing, subjects
from jianpin.library.models import (
    ChartTable,
    Document,
    DocumentIndex,
    DocumentText,
    Favourite,
    HotWordBlock,
    SearchLog,
    Status,
    Target,
    UsageEvent,
)
from jianpin.library.text import Metadata, extract_metadata
from jianpin.library.text.fold import fold
from jianpin.library.text.readers import ReadError, read_upload
from jianpin.regions.models import Region
from jianpin.uploads.limits import document_limits

EDITABLE = ("title", "issuer", "doc_number", "issued_on", "published_on", "region_id",
            "doc_type", "category", "status", "publisher", "authors", "institution", "pub_year",
            "isbn", "expert_view", "subjects")
INDEXED = {"title", "issuer", "doc_number"}
NULLABLE = {"issued_on", "published_on", "region_id", "pub_year"}


@dataclass
class Ingested:
    document: Document
    metadata: Metadata
    created: bool  # False: the same text was already in the library


class SystemActor:
    """The actor for command-line ingestion (allowed everything, recorded as no user)."""

    pk = None
    is_authenticated = True
    is_active = True
    role = "admin"


def _check_editor(actor: Any) -> None:
    if not isinstance(actor, SystemActor):
        check_can(actor, Cap.EDIT_LIBRARY)


def _dated(doc: Document) -> None:
    doc.date = doc.issued_on or doc.published_on
    doc.year = doc.date.year if doc.date else None


def do_ingest(actor: Any, filename: str, data: bytes, category: str = "") -> Ingested:
    """Read a file, extract metadata and targets, store it with its index; detect duplicates."""
    _check_editor(actor)
    meta = _extracted(filename, data)
    digest = indexing.text_hash(meta.body)
    existing = Document.objects.filter(text_hash=digest).first()
    if existing:
        return Ingested(existing, meta, created=False)
    region_ok = bool(meta.region_code) and Region.objects.filter(code=meta.region_code).exists()
    doc = _new_document(actor, filename, digest, meta, category, region_ok)
    try:
        _store_batch(actor, [(filename, doc, meta, data)])
    except IntegrityError:
        # A concurrent ingest of the same text won the unique hash.
        doc.original.delete(save=False)
        return Ingested(Document.objects.get(text_hash=digest), meta, created=False)
    return Ingested(doc, meta, created=True)


INGEST_BATCH = 50  # files stored per transaction by do_ingest_many


def do_ingest_many(actor: Any, files: list[tuple[str, bytes]],
                   category: str = "") -> list[Ingested | DomainError]:
    """Ingest several files (a folder, an upload of many) as one batch: each file read and its
    metadata extracted as `do_ingest` does (a file that cannot be read, or has no body, gets its
    own error, in its place in the result), then the new documents stored together in one
    transaction: document, text, index, subject, author and figure rows in bulk, one audit
    event per document. The same text twice, or already stored, is not stored again. Callers
    pass at most INGEST_BATCH files at a time; other exceptions than DomainError propagate."""
    _check_editor(actor)
    out: list[Any] = []  # Ingested, DomainError, or the place of the first file of a text
    new: list[tuple[str, Document, Metadata, bytes]] = []
    first: dict[str, int] = {}  # text hash → place of the file that stores it
    read: list[tuple[str, bytes, Metadata | DomainError]] = []
    for filename, data in files:
        try:
            read.append((filename, data, _extracted(filename, data)))
        except DomainError as exc:
            read.append((filename, data, exc))
    digests = [indexing.text_hash(m.body) for _, _, m in read if isinstance(m, Metadata)]
    stored = {d.text_hash: d for d in Document.objects.filter(text_hash__in=digests)}
    regions = set(Region.objects.filter(
        code__in=[m.region_code for _, _, m in read if isinstance(m, Metadata) and m.region_code]
    ).values_list("code", flat=True))
    for place, (filename, data, meta) in enumerate(read):
        if not isinstance(meta, Metadata):
            out.append(meta)
            continue
        digest = indexing.text_hash(meta.body)
        if digest in stored:
            out.append(Ingested(stored[digest], meta, created=False))
        elif digest in first:
            out.append(first[digest])  # replaced by the first file's document below
        else:
            first[digest] = place
            doc = _new_document(actor, filename, digest, meta, category,
                                meta.region_code in regions)
            new.append((filename, doc, meta, data))
            out.append(Ingested(doc, meta, created=True))
    if new:
        try:
            _store_batch(actor, new)
        except Exception as exc:
            for _, doc, _, _ in new:  # the rows are rolled back; the saved files go too
                doc.original.delete(save=False)
            if not isinstance(exc, IntegrityError):
                raise
            # A concurrent ingest stored one of the texts first: one file at a time instead.
            return [r if isinstance(r, DomainError) else do_ingest(actor, *files[i], category)
                    for i, r in enumerate(out)]
    return _resolved(out, read)


def _resolved(out: list[Any], read: list[tuple[str, bytes, Any]]) -> list[Ingested | DomainError]:
    """The places of repeated texts given the first file's document (not created again)."""
    return [Ingested(out[r].document, read[i][2], created=False) if isinstance(r, int) else r
            for i, r in enumerate(out)]


def _extracted(filename: str, data: bytes) -> Metadata:
    try:
        raw = read_upload(data, filename, document_limits())
    except ReadError as exc:
        raise DomainError("unreadable", gettext("%(file)s：%(error)s")
                                        % {"file": filename, "error": exc}) from None
    meta = extract_metadata(raw.text, raw.title_hint)
    if not meta.body.strip() or not meta.title:
        raise DomainError("empty", gettext("%(file)s：没有可识别的正文") % {"file": filename})
    return meta


def _new_document(actor: Any, filename: str, digest: str, meta: Metadata, category: str,
                  region_ok: bool) -> Document:
    doc = Document(
        title=meta.title[:300], issuer=(meta.issuer or "")[:200],
        doc_number=(meta.doc_number or "")[:80], issued_on=meta.issued_on,
        published_on=meta.published_on, region_id=meta.region_code if region_ok else None,
        doc_type=meta.doc_type or "", category=category or meta.category or "policy",
        status=meta.status or Status.VALID, publisher=(meta.publisher or "")[:100],
        source_name=filename[:255], text_hash=digest,
        keywords=indexing.keywords(meta.title, meta.body)[:400],
        subjects=subjects.clean(subjects.classify(meta.title, meta.body)),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _dated(doc)
    return doc


def _store_batch(actor: Any, new: list[tuple[str, Document, Metadata, bytes]]) -> None:
    """New documents (file name, unsaved document, metadata, the file) stored in one
    transaction: originals, document and text rows, index and facet rows, figures, audit."""
    with transaction.atomic():
        for filename, doc, _, data in new:
            doc.original.save(filename[-100:], ContentFile(data), save=False)
        if len(new) == 1:
            new[0][1].save()  # the ORM's single-row insert (its id read back)
        else:
            Document.objects.bulk_create([doc for _, doc, _, _ in new])
        DocumentText.objects.bulk_create(
            [DocumentText(document=doc, text=meta.body) for _, doc, meta, _ in new])
        indexing.store_documents([(doc, meta.body) for _, doc, meta, _ in new])
        Target.objects.bulk_create(
            [row for _, doc, meta, _ in new for row in indexing.target_rows(doc, meta.targets)])
        for filename, doc, meta, _ in new:
            record(actor, "library.document.ingest", doc, region_code=doc.region_id or "",
                   diff={"source": filename, "targets": len(meta.targets)})


def do_update_document(actor: Any, doc: Document, data: dict[str, Any]) -> Document:
    """Change editable metadata; re-index when searchable fields change."""
    _check_editor(actor)
    fields = [f for f in EDITABLE if f in data]
    if "subjects" in data:
        data = {**data, "subjects": subjects.clean(data["subjects"] or "")}
    before = snapshot(doc, fields)
    for name in fields:
        value = data[name]
        setattr(doc, name, "" if value is None and name not in NULLABLE else value)
    _dated(doc)
    diff = changes(before, snapshot(doc, fields))
    if not diff:
        return doc
    with transaction.atomic():
        doc.save(update_fields=[*fields, "date", "year", "updated_at"])
        if INDEXED & set(diff):
            indexing.reindex_metadata(doc)
        if {"subjects", "authors"} & set(diff):
            indexing.sync_facet_rows(doc)
        indexing.library_changed()
        record(actor, "library.document.update", doc, region_code=doc.region_id or "",
               diff=diff)
    return doc


def do_delete_document(actor: Any, doc: Document) -> None:
    _check_editor(actor)
    with transaction.atomic():
        record(actor, "library.document.delete", doc, region_code=doc.region_id or "",
               diff={"title": doc.title, "source": doc.source_name})
        stored = doc.original.name
        doc.delete()
        indexing.library_changed()
        if stored:
            transaction.on_commit(lambda: doc.original.storage.delete(stored))


def do_count_use(doc: Document, kind: str) -> None:
    """Count a view or download (public, not audited: reads change no record)."""
    column = "view_count" if kind == UsageEvent.Kind.VIEW else "download_count"
    with transaction.atomic():
        Document.objects.filter(pk=doc.pk).update(**{column: F(column) + 1})
        UsageEvent.objects.create(document=doc, kind=kind)


def do_log_search(query: str, results: int) -> None:
    if query.strip():
        SearchLog.objects.create(query=query.strip()[:200], results=results)


def purge_usage(before: dt.datetime) -> int:
    """Drop usage events older than `before` (all-time totals stay on the documents)."""
    return UsageEvent.objects.filter(at__lt=before).delete()[0]


def do_block_hot_word(actor: Any, word: str) -> HotWordBlock | None:
    """Keep a word off the public hot lists (editors; audited). None for an empty word."""
    _check_editor(actor)
    word = word.strip()[:100]
    if not word:
        return None
    block, created = HotWordBlock.objects.get_or_create(
        word=word, defaults={"created_by": actor if getattr(actor, "pk", None) else None})
    if created:
        record(actor, "library.hotword.block", block, diff={"word": word})
    return block


def do_unblock_hot_word(actor: Any, block: HotWordBlock) -> None:
    _check_editor(actor)
    with transaction.atomic():
        record(actor, "library.hotword.unblock", block, diff={"word": block.word})
        block.delete()


def do_toggle_favourite(actor: Any, doc: Document) -> bool:
    """Add the document to the actor's favourites, or remove it; True when now a favourite.

    Favourites are the signed-in user's own list: nobody else's is touched, nothing is audited.
    """
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "pk", None):
        raise PermissionDenied("请先登录")
    with transaction.atomic():
        deleted, _ = Favourite.objects.filter(user=actor, document=doc).delete()
        if deleted:
            return False
        Favourite.objects.create(user=actor, document=doc)
        return True


def do_set_chart_table(actor: Any, doc: Document, filename: str, data: bytes) -> ChartTable:
    """Attach (or replace) a chart document's data table from an xlsx/xls/csv file (audited)."""
    _check_editor(actor)
    table = charts.read_table(filename, data)
    with transaction.atomic():
        chart, created = ChartTable.objects.update_or_create(
            document=doc, defaults={"header": table.header, "rows": table.rows,
                                    "source_name": filename[:255]})
        if doc.category != "chart":
            doc.category = "chart"
            doc.save(update_fields=["category", "updated_at"])
            indexing.library_changed()
        record(actor, "library.chart.upload", doc, region_code=doc.region_id or "",
               diff={"source": filename, "columns": len(table.header), "rows": len(table.rows),
                     "replaced": not created})
    return chart


def do_chart_from_figures(actor: Any, doc: Document) -> ChartTable:
    """Attach (or replace) the document's chart table built from its extracted figures with a
    year, and make it a chart (audited)."""
    _check_editor(actor)
    table = charts.figures_table(list(doc.targets.select_related("region")))
    with transaction.atomic():
        chart, created = ChartTable.objects.update_or_create(
            document=doc, defaults={"header": table.header, "rows": table.rows,
                                    "source_name": ""})
        if doc.category != "chart":
            doc.category = "chart"
            doc.save(update_fields=["category", "updated_at"])
        indexing.library_changed()
        record(actor, "library.chart.from_figures", doc, region_code=doc.region_id or "",
               diff={"columns": len(table.header), "rows": len(table.rows),
                     "replaced": not created})
    return chart


@dataclass
class Refolded:
    checked: int  # documents whose text or metadata fold differently from how they are stored
    changed: int  # documents whose stored text or index rows were rewritten


def do_refold(actor: Any, batch_size: int = 200, every: bool = False) -> Refolded:
    """Fold stored bodies again and rebuild index rows that the current folding would change.

    Documents stored before a folding rule was added (陜 → 陕) keep their text and index rows
    until then. Only documents with a field that `fold` still changes are segmented again; a
    row is rewritten when its text or index fields differ, so a second run changes nothing.
    every=True segments every document again (after a change of the segmenter's dictionary:
    the domain or place words, 锡盟), rewriting the rows that differ.
    Each batch is one transaction; the run is one audit event with the count (none if 0).
    """
    _check_editor(actor)
    checked = changed = 0
    stored = (Document.objects.select_related("content", "index")
              .only("pk", "title", "issuer", "doc_number", "text_hash", "content__text",
                    "index__title", "index__issuer", "index__number", "index__body"))
    for docs in _in_batches(stored, batch_size):
        with transaction.atomic():
            for doc in docs:
                text = doc.content.text
                if not every and all(fold(v) == v
                                     for v in (text, doc.title, doc.issuer, doc.doc_number)):
                    continue
                checked += 1
                changed += _refold_one(doc, text)
    if changed:
        with transaction.atomic():
            indexing.library_changed()
            record(actor, "library.document.refold", None, object_type="library.document",
                   diff={"documents": changed})
    return Refolded(checked, changed)


def _in_batches(documents: Any, size: int) -> Iterator[list[Document]]:
    """Stored documents in id order, `size` at a time, each batch read when the last is done."""
    last = 0
    while docs := list(documents.filter(pk__gt=last).order_by("pk")[:size]):
        last = docs[-1].pk
        yield docs


def _refold_one(doc: Document, text: str) -> bool:
    folded = fold(text)
    fields = indexing.index_fields(doc.title, doc.issuer, doc.doc_number, folded)
    row = doc.index
    if folded == text and fields == (row.title, row.issuer, row.number, row.body):
        return False
    if folded != text:
        DocumentText.objects.filter(document=doc).update(text=folded)
        digest = indexing.text_hash(folded)
        update: dict[str, Any] = {"keywords": indexing.keywords(doc.title, folded)[:400]}
        if not Document.objects.filter(text_hash=digest).exclude(pk=doc.pk).exists():
            update["text_hash"] = digest  # else another document holds the same text
        Document.objects.filter(pk=doc.pk).update(**update)
    DocumentIndex.objects.filter(document=doc).update(
        title=fields[0], issuer=fields[1], number=fields[2], body=fields[3])
    return True


def do_rekeyword(actor: Any, batch_size: int = 200) -> int:
    """Compute the keywords of stored documents again (after a change to the keyword rules or
    the stop-word list); returns how many changed. Each batch is one transaction; the run is one
    audit event with the count (none if 0), so a second run writes nothing."""
    _check_editor(actor)
    changed = 0
    stored = Document.objects.select_related("content").only("pk", "title", "keywords",
                                                              "content__text")
    for docs in _in_batches(stored, batch_size):
        with transaction.atomic():
            for doc in docs:
                words = indexing.keywords(doc.title, doc.content.text)[:400]
                if words != doc.keywords:
                    changed += Document.objects.filter(pk=doc.pk).update(keywords=words)
    if changed:
        with transaction.atomic():
            indexing.library_changed()
            record(actor, "library.document.keywords", None, object_type="library.document",
                   diff={"documents": changed})
    return changed
