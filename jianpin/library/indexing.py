"""Build the rows derived from a document: segmented index fields, keywords, targets."""
from __future__ import annotations

import hashlib
import re

from jianpin.library.models import Document, DocumentIndex, Target
from jianpin.library.text import segment
from jianpin.library.text.targets import Target as TextTarget

MAX_INDEXED_CHARS = 200_000  # a tsvector holds at most 1 MB; longer tails are not indexed
KEYWORDS = 12


def text_hash(text: str) -> str:
    """Hash of the text with all whitespace removed: same text, same hash."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def keywords(title: str, text: str) -> str:
    """The document's most frequent content words (title words counted three times)."""
    terms = segment.top_terms(f"{title}\n{title}\n{title}\n{text}", KEYWORDS)
    return " ".join(word for word, _ in terms)


def index_row(doc: Document, text: str) -> DocumentIndex:
    return DocumentIndex(
        document=doc,
        title=segment.segmented(doc.title),
        issuer=segment.segmented(doc.issuer),
        number=segment.segmented(doc.doc_number),
        body=segment.segmented(text[:MAX_INDEXED_CHARS]),
    )


def reindex_metadata(doc: Document) -> None:
    """Re-segment the metadata fields (the FTS table follows through triggers/generation)."""
    DocumentIndex.objects.filter(document=doc).update(
        title=segment.segmented(doc.title), issuer=segment.segmented(doc.issuer),
        number=segment.segmented(doc.doc_number))


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
