"""Full-text search over the library, behind one function: `search(params)`.

SQLite: an FTS5 table over jieba-segmented fields, ranked by bm25. PostgreSQL: a weighted
tsvector (`to_tsvector('simple', segmented)`, GIN-indexed), ranked by ts_rank. Filters, facets,
sorting and snippets are the same SQL/Python on both.
"""
from __future__ import annotations

import datetime as dt
import html
import operator
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jianpin.library import facets as library_facets
from jianpin.library import ranking
from jianpin.library.facets import (
    count_facets,
    count_facets_of,
    labelled,
    stored_total,
    summarised,
    summary_key,
)
from jianpin.library.models import Document, DocumentAuthor, DocumentSubject, DocumentText
from jianpin.library.querylang import (
    And,
    Node,
    Or,
    QueryError,
    issuer_filter_forms,
    label,
    parse,
    positive_terms,
    relax_compounds,
    words_of,
)
from jianpin.library.ranking import RowFilter, gin_only, ranked_page, text_match
from jianpin.regions.models import PREFIX_LENGTH, Region
from jianpin.regions.scoping import prefix_q

SORTS = {"relevance": _("相关度"), "newest": _("日期（新→旧）"), "oldest": _("日期（旧→新）"),
         "views": _("浏览最多"), "downloads": _("下载最多")}
SNIPPET_WIDTH = 120


@dataclass
class SearchParams:
    q: str = ""
    region: str = ""
    doc_type: str = ""
    category: str = ""
    status: str = ""
    issuer: str = ""
    doc_number: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    year: int | None = None
    subject: str = ""
    author: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    document: Document
    score: float
    snippet: str
    snippet_html: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.document.pk, "title": self.document.title,
                "source": self.document.source_name, "score": round(self.score, 4),
                "snippet": self.snippet}


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    error: str = ""
    # A search of several words that found nothing whole (see `relaxed`): the words no
    # document in the search's scope contains, left out; or any_word, documents with some.
    missing: list[str] = field(default_factory=list)
    any_word: bool = False
    # The query as parsed (before any relaxing), for counts of the same search (type tabs).
    parsed: Node | None = None

    @property
    def capped(self) -> bool:
        """True when there are more than COUNT_CAP matches (total is then COUNT_CAP + 1)."""
        return self.total > ranking.COUNT_CAP and bool(self.params.q.strip())

    @property
    def cap(self) -> str:
        """The cap as shown: 10,000."""
        return f"{ranking.COUNT_CAP:,}"

    @property
    def count(self) -> int:
        """The number of matches to show: the cap itself when there are more."""
        return ranking.COUNT_CAP if self.capped else self.total

    @property
    def count_text(self) -> str:
        """共 12 条 / 超过 10,000 条 (the command line's wording)."""
        return f"超过 {self.cap} 条" if self.capped else f"共 {self.total} 条"

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.params.per_page))

    def as_json(self) -> dict[str, Any]:
        """total is exact unless count_capped is true: then there are more than total."""
        return {"query": self.params.q, "total": self.count, "count_capped": self.capped,
                "missing": self.missing, "any_word": self.any_word,
                "results": [h.as_json() for h in self.hits]}


def region_prefix(code: str) -> str:
    region = Region.objects.filter(code=code).only("prefix").first()
    return region.prefix if region else code


def filtered(params: SearchParams, rows: bool = True) -> QuerySet[Document]:
    """Documents passing the structured filters (no text condition).

    rows=False leaves out the subject and author filters: a text match joins their rows itself
    (`row_filters`), without going through the document table.
    """
    qs = Document.objects.all()
    if params.region:
        qs = qs.filter(prefix_q("region_id", region_prefix(params.region)))
    for name in ("doc_type", "category", "status"):
        if getattr(params, name):
            qs = qs.filter(**{name: getattr(params, name)})
    if params.issuer:
        qs = qs.filter(issuer_filter(params.issuer))
    if params.doc_number:
        qs = qs.filter(doc_number__icontains=params.doc_number)
    if params.date_from:
        qs = qs.filter(date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(date__lte=params.date_to)
    if params.year:
        qs = qs.filter(year=params.year)
    if params.subject and rows:
        qs = qs.filter(id__in=DocumentSubject.objects.filter(code=params.subject)
                       .values("document_id"))
    if params.author and rows:
        qs = qs.filter(id__in=DocumentAuthor.objects.filter(name=params.author.strip())
                       .values("document_id"))
    return qs


def issuer_filter(value: str) -> Q:
    """The 发文机关 filter: the issuer holds the name as typed or in one of its short forms."""
    forms = issuer_filter_forms(value)
    return reduce(operator.or_, (Q(issuer__icontains=f) for f in forms)) if forms else Q()


def row_filters(params: SearchParams) -> list[RowFilter]:
    """The subject and author filters as subqueries of document ids over their own rows."""
    out: list[RowFilter] = []
    if params.subject:
        out.append(("SELECT document_id FROM library_documentsubject WHERE code = %s",
                    [params.subject]))
    if params.author:
        out.append(("SELECT document_id FROM library_documentauthor WHERE name = %s",
                     [params.author.strip()]))
    return out


TAGGED = {"category": "c", "doc_type": "t", "status": "s", "year": "y"}
REGION_PREFIXES = frozenset(PREFIX_LENGTH.values())


def filter_tags(params: SearchParams) -> tuple[list[str], SearchParams]:
    """PostgreSQL: the filters the text index holds as tags (migrations 0014, 0015), and the
    search without them (its other filters). Elsewhere no tags.

    Type, category, status, year, subject, author, and a region by its code prefix:
    `c=report`, `y=2021`, `j=relocation`, `a=汪三贵`, `r=1101` select the same documents as the
    column filters and the subject and author rows.
    """
    if connection.vendor != "postgresql":
        return [], params
    tags = [f"{tag}={getattr(params, name)}" for name, tag in TAGGED.items()
            if getattr(params, name)]
    tags += [f"j={params.subject}"] if params.subject else []
    tags += [f"a={params.author.strip()}"] if params.author else []
    rest = replace(params, category="", doc_type="", status="", year=None, subject="",
                   author="")
    if params.region:
        prefix = region_prefix(params.region)
        if len(prefix) in REGION_PREFIXES:
            tags.append(f"r={prefix}")
            rest = replace(rest, region="")
    return tags, rest


def has_document_filters(params: SearchParams) -> bool:
    """Filters on the document's own columns (not its subject or author rows)."""
    return has_filters(replace(params, subject="", author=""))


def _ordered(qs: QuerySet[Document], sort: str) -> QuerySet[Document]:
    """Non-relevance orders (relevance without a query falls back to newest first)."""
    if sort == "oldest":
        return qs.order_by(F("date").asc(nulls_last=True), "id")
    if sort == "views":
        return qs.order_by("-view_count", "-id")
    if sort == "downloads":
        return qs.order_by("-download_count", "-id")
    return qs.order_by(F("date").desc(nulls_last=True), "-id")


def snippet(text: str, tokens: list[str], width: int = SNIPPET_WIDTH) -> tuple[str, str]:
    """A window of text around the first matched token: plain, and HTML with <mark>."""
    flat = re.sub(r"\s+", " ", text)
    lower = flat.lower()
    hits = [p for p in (lower.find(t) for t in tokens) if p >= 0]
    start = max(0, min(hits) - 30) if hits else 0
    chunk = flat[start:start + width]
    plain = ("…" if start else "") + chunk + ("…" if start + width < len(flat) else "")
    if not tokens:
        return plain, html.escape(plain)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(set(tokens), key=len, reverse=True)),
                         re.IGNORECASE)
    pieces, last = [], 0
    for m in pattern.finditer(plain):
        pieces.append(html.escape(plain[last:m.start()]))
        pieces.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    pieces.append(html.escape(plain[last:]))
    return plain, "".join(pieces)


def has_filters(params: SearchParams) -> bool:
    return any([params.region, params.doc_type, params.category, params.status, params.issuer,
                params.doc_number, params.date_from, params.date_to, params.year,
                params.subject, params.author])


def search(params: SearchParams, with_facets: bool = False) -> SearchResult:
    """Run a library search: text query, filters, sort, page, snippets, optional facets.

    A query that finds nothing is run once more with its compound words (产业扶贫) also matched
    by their parts written apart (产业 … 扶贫, “两不愁、三保障”); a query of several words that
    still finds nothing is relaxed (`relaxed`).
    """
    try:
        node = parse(params.q) if params.q.strip() else None
    except QueryError as exc:
        return SearchResult(params, 0, [], error=exc.message)
    base = filtered(params)
    result = _results(params, node, base, with_facets)
    if node is not None and result.total == 0:
        loose = relax_compounds(node)
        if loose != node:
            result = _results(params, loose, base, with_facets)
    if node is not None and result.total == 0:
        for relaxed_node, missing, any_word in relaxed(node, params):
            result = _results(params, relaxed_node, base, with_facets)
            result.missing, result.any_word = missing, any_word
            if result.total:
                break
    result.parsed = node
    return result


def relaxed(node: Node, params: SearchParams) -> list[tuple[Node, list[str], bool]]:
    """A search of several words (AND) that found nothing: what to search instead, in turn.

    First the words that no document in the search's scope (its filters) contains are left
    out and the others must all match (易地扶贫搬迁政策 白皮书 国家发改委 → without 白皮书); then,
    when the words left still find nothing together, documents holding any of them are found,
    ranked by relevance, so those with more of the words come first. NOT parts always hold.
    Each step is (query, the words left out, any word); [] for other queries or when no word
    is found.
    """
    words = words_of(node)
    if words is None:
        return []
    positives, negatives = words
    base = filtered(params, rows=False) if has_document_filters(params) else None
    found = {i: bool(ranking.Match(relax_compounds(w), base, row_filters(params)).count(0))
             for i, w in enumerate(positives)}
    kept = [relax_compounds(w) for i, w in enumerate(positives) if found[i]]
    if not kept:
        return []
    missing = [label(w) for i, w in enumerate(positives) if not found[i]]

    def joined(parts: list[Node]) -> Node:
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    steps = [(joined([*kept, *negatives]), missing, False)] if missing else []
    if len(kept) > 1:
        steps.append((joined([Or(tuple(kept)), *negatives]), missing, True))
    return steps


def _results(params: SearchParams, node: Node | None, base: QuerySet[Document],
             with_facets: bool) -> SearchResult:
    matched = text_match(base, node) if node else base
    found_ids: list[int] | None = None
    page = max(1, params.page)
    start = (page - 1) * params.per_page
    if node is not None and params.sort == "relevance":
        tags, rest = filter_tags(params)
        rows_ = row_filters(params)
        if rows_ and tags:
            # PostgreSQL, a subject or author filter: its newest ids are read from its rows
            # (`Match.filter_first`), counts and other reads go through the tags.
            scored, total, every = ranked_page(
                node, filtered(params, rows=False) if has_document_filters(params) else None,
                start, params.per_page, rows_, every=with_facets,
                tagged=(tags, filtered(rest, rows=False) if has_filters(rest) else None))
        else:
            scored, total, every = ranked_page(
                node, filtered(rest, rows=False) if has_document_filters(rest) else None,
                start, params.per_page, rows_, every=with_facets, tags=tags or None)
        if every is not None:  # the facets count the matches found here, by id
            found_ids = every
        found = Document.objects.in_bulk([pk for pk, _ in scored])
        rows = [(found[pk], score) for pk, score in scored if pk in found]
    else:
        page_docs = list(_ordered(matched, params.sort)[start:start + params.per_page])
        # A broad listing (the front page) was counted with its facets while nothing changed.
        known = stored_total(_key("facets", params))
        rows = [(d, 0.0) for d in page_docs]
        total = known if known is not None else matched.count()
    bodies = dict(DocumentText.objects.filter(pk__in=[d.pk for d, _ in rows])
                  .values_list("pk", "text"))
    tokens = [t for term in positive_terms(node) for t in term.tokens]
    hits = []
    for doc, score in rows:
        plain, marked = snippet(bodies.get(doc.pk, ""), tokens)
        hits.append(Hit(doc, score, plain, marked))
    facets: dict[str, list[tuple[str, str, int]]] = {}
    if with_facets:
        facets = labelled(summarised(
            _key("facets", params), total,
            lambda: _counted(matched, node) if found_ids is None else count_facets_of(found_ids)))
    return SearchResult(params, total, hits, facets)


def _counted(matched: QuerySet[Document], node: Node | None) -> dict[str, Any]:
    if node is None:
        return count_facets(matched)
    with gin_only(counts=True):
        return count_facets(matched)


def _key(kind: str, params: SearchParams) -> str:
    parts = asdict(params)
    for name in ("sort", "page", "per_page"):
        parts.pop(name)
    parts["q"] = " ".join(params.q.split())
    return summary_key(kind, parts)


def category_counts(params: SearchParams, searched: SearchResult | None = None,
                    ) -> tuple[int, dict[str, int]]:
    """The resource-type tabs: the total and the count per type of the search without its type.

    With no type chosen the counts are the category facet of the search itself; with one chosen
    the match is counted again without it, so every tab shows what choosing it would find.
    searched: the search of the same page, whose parsed query is used (not parsed again).
    """
    if searched is not None and searched.error:
        return 0, {}
    try:
        node = searched.parsed if searched is not None else (
            parse(params.q) if params.q.strip() else None)
    except QueryError:
        return 0, {}
    params = replace(params, category="")
    base = filtered(params)

    def counter(node_: Node | None) -> Callable[[], dict[str, Any]]:
        matched = text_match(base, node_) if node_ else base

        def count() -> dict[str, Any]:
            with gin_only(counts=True):
                return dict(matched.order_by().values_list("category").annotate(n=Count("id")))
        return count

    # Broad when the search without its type is: the search with it is a part of that. A
    # current summary is read before anything is counted.
    counts = summarised(_key("tabs", params), lambda: _estimate(node, base, params),
                        counter(node))
    if node is not None and not counts and relax_compounds(node) != node:
        counts = counter(relax_compounds(node))()  # compounds written apart (as search does)
    for relaxed_node, *_rest in relaxed(node, params) if node is not None and not counts else []:
        counts = counter(relaxed_node)()  # several words, relaxed as search does
        if counts:
            break
    return sum(counts.values()), counts


def _estimate(node: Node | None, base: QuerySet[Document], params: SearchParams) -> int:
    """The number of matches of a search, for choosing between counting and a summary (counted
    no further than `facets.SUMMARY_FROM`: past it the answer is the same)."""
    if node is None:
        return base.count()
    columns = filtered(params, rows=False) if has_document_filters(params) else None
    return ranking.Match(node, columns, row_filters(params)).count(library_facets.SUMMARY_FROM)
