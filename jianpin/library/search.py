"""Full-text search over the library, behind one function: `search(params)`.

SQLite: an FTS5 table over jieba-segmented fields, ranked by bm25. PostgreSQL: a weighted
tsvector (`to_tsvector('simple', segmented)`, GIN-indexed), ranked by ts_rank. Filters, facets,
sorting and snippets are the same SQL/Python on both.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from jianpin.library.models import Category, DocType, Document, DocumentText, Status
from jianpin.library.querylang import (
    Node,
    QueryError,
    parse,
    positive_terms,
    relax_compounds,
    to_fts5,
    to_tsquery,
)
from jianpin.library.subjects import SUBJECTS
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q

SORTS = {"relevance": _("相关度"), "newest": _("日期（新→旧）"), "oldest": _("日期（旧→新）"),
         "views": _("浏览最多"), "downloads": _("下载最多")}
SNIPPET_WIDTH = 120
FTS5_WEIGHTS = "10.0, 4.0, 4.0, 1.0"  # title, issuer, number, body
PG_WEIGHTS = "{0.1, 0.4, 0.4, 1.0}"   # D body, C number, B issuer, A title


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))

    def as_json(self) -> dict[str, Any]:
        return {"query": self.params.q, "total": self.total,
                "results": [h.as_json() for h in self.hits]}


def region_prefix(code: str) -> str:
    region = Region.objects.filter(code=code).only("prefix").first()
    return region.prefix if region else code


def filtered(params: SearchParams) -> QuerySet[Document]:
    """Documents passing the structured filters (no text condition)."""
    qs = Document.objects.all()
    if params.region:
        qs = qs.filter(prefix_q("region_id", region_prefix(params.region)))
    for name in ("doc_type", "category", "status"):
        if getattr(params, name):
            qs = qs.filter(**{name: getattr(params, name)})
    if params.issuer:
        qs = qs.filter(issuer__icontains=params.issuer)
    if params.doc_number:
        qs = qs.filter(doc_number__icontains=params.doc_number)
    if params.date_from:
        qs = qs.filter(date__gte=params.date_from)
    if params.date_to:
        qs = qs.filter(date__lte=params.date_to)
    if params.year:
        qs = qs.filter(year=params.year)
    if params.subject:
        qs = qs.filter(subjects__contains=params.subject)
    if params.author:
        qs = qs.filter(authors__contains=params.author)
    return qs


def text_match(qs: QuerySet[Document], node: Node, ranked: bool = False) -> QuerySet[Document]:
    """qs limited to documents matching node; with a `score` column when ranked (PostgreSQL)."""
    if connection.vendor == "sqlite":
        return qs.filter(id__in=RawSQL(
            "SELECT rowid FROM library_fts WHERE library_fts MATCH %s", [to_fts5(node)]))
    if connection.vendor == "postgresql":
        tsq = to_tsquery(node)
        select = ({"score": f"ts_rank('{PG_WEIGHTS}', library_documentindex.tsv, "
                            "to_tsquery('simple', %s), 1)"} if ranked else None)
        return qs.extra(select=select, select_params=[tsq] if ranked else None,
                        tables=["library_documentindex"],
                        where=["library_documentindex.document_id = library_document.id",
                               "library_documentindex.tsv @@ to_tsquery('simple', %s)"],
                        params=[tsq])
    raise QueryError(f"不支持的数据库：{connection.vendor}")


def ranked_ids(node: Node, base: QuerySet[Document] | None, start: int,
               size: int) -> tuple[list[tuple[int, float]], int]:
    """(id, score) of one page of matches, best first, and the number of matches.

    On SQLite the ranking reads the FTS5 table alone (bm25 over its own statistics); the
    document table is touched only through an id subquery when filters apply, which keeps
    broad queries fast.
    """
    if connection.vendor != "sqlite":
        # One pass: the window count rides along with the ranking (a separate COUNT would
        # repeat the text match, which PostgreSQL runs as a scan for common terms).
        qs = text_match(base if base is not None else Document.objects.all(), node, ranked=True)
        sql, sql_params = qs.order_by().values_list("id", "score").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, score, count(*) OVER () FROM ({sql}) AS m "
                           "ORDER BY score DESC, id DESC LIMIT %s OFFSET %s",
                           [*sql_params, size, start])
            found = cursor.fetchall()
        total = found[0][2] if found else qs.count()
        return [(pk, float(score)) for pk, score, _ in found], total
    where, params = "library_fts MATCH %s", [to_fts5(node)]
    if base is not None:
        sub_sql, sub_params = base.order_by().values("id").query.sql_with_params()
        # "+rowid": keep FTS5 driving by MATCH; a bare rowid IN would run the match per id.
        where += f" AND +rowid IN ({sub_sql})"
        params += list(sub_params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25(library_fts, {FTS5_WEIGHTS}) AS score FROM library_fts "
            f"WHERE {where} ORDER BY score DESC, rowid DESC LIMIT %s OFFSET %s",
            [*params, size, start])
        rows = [(pk, float(score)) for pk, score in cursor.fetchall()]
        cursor.execute(f"SELECT count(*) FROM library_fts WHERE {where}", params)
        total = cursor.fetchone()[0]
    return rows, total


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


def subject_labels() -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in SUBJECTS]


def facets(qs: QuerySet[Document]) -> dict[str, list[tuple[str, str, int]]]:
    """Counts by type, category, status, year and province over a matched set, in one query.

    One GROUP BY over the five facet columns (province = first two code digits) lets the
    database count; only the few hundred combinations come back. Five separate GROUP BY
    queries would each redo the text match; reading every matched row into Python was slower.
    """
    counts: dict[str, Counter[str]] = {k: Counter() for k in
                                       ("doc_type", "category", "status", "year", "region")}
    rows = (qs.order_by().annotate(province=Substr("region_id", 1, 2))
            .values_list("doc_type", "category", "status", "year", "province")
            .annotate(n=Count("id")))
    for kind, category, status, year, province, n in rows:
        counts["doc_type"][kind] += n
        counts["category"][category] += n
        counts["status"][status] += n
        if year:
            counts["year"][str(year)] += n
        if province:
            counts["region"][f"{province}0000000000"] += n
    labels = {"doc_type": dict(DocType.choices), "category": dict(Category.choices),
              "status": dict(Status.choices)}
    out: dict[str, list[tuple[str, str, int]]] = {}
    for name, names in labels.items():
        ranked = sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))
        out[name] = [(v, names.get(v, v or "未标注"), n) for v, n in ranked]
    out["year"] = [(y, f"{y}年", n) for y, n in sorted(counts["year"].items(), reverse=True)][:15]
    by_subject: Counter[str] = Counter()
    for codes, n in qs.order_by().exclude(subjects="").values_list("subjects").annotate(
            n=Count("id")):
        for code in codes.split():
            by_subject[code] += n
    out["subject"] = [(code, label, by_subject[code]) for code, label in subject_labels()
                      if by_subject[code]]
    names = dict(Region.objects.filter(code__in=list(counts["region"]))
                 .values_list("code", "name"))
    out["region"] = [(c, names.get(c, c), n) for c, n in
                     sorted(counts["region"].items(), key=lambda kv: (-kv[1], kv[0]))]
    return out


def has_filters(params: SearchParams) -> bool:
    return any([params.region, params.doc_type, params.category, params.status, params.issuer,
                params.doc_number, params.date_from, params.date_to, params.year,
                params.subject, params.author])


def search(params: SearchParams, with_facets: bool = False) -> SearchResult:
    """Run a library search: text query, filters, sort, page, snippets, optional facets.

    A query that finds nothing is run once more with its compound words (产业扶贫) also matched
    by their parts written apart (产业 … 扶贫, “两不愁、三保障”).
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
    return result


def _results(params: SearchParams, node: Node | None, base: QuerySet[Document],
             with_facets: bool) -> SearchResult:
    matched = text_match(base, node) if node else base
    page = max(1, params.page)
    start = (page - 1) * params.per_page
    if node is not None and params.sort == "relevance":
        scored, total = ranked_ids(node, base if has_filters(params) else None, start,
                                   params.per_page)
        found = Document.objects.in_bulk([pk for pk, _ in scored])
        rows = [(found[pk], score) for pk, score in scored if pk in found]
    else:
        page_docs = list(_ordered(matched, params.sort)[start:start + params.per_page])
        rows, total = [(d, 0.0) for d in page_docs], matched.count()
    bodies = dict(DocumentText.objects.filter(pk__in=[d.pk for d, _ in rows])
                  .values_list("pk", "text"))
    tokens = [t for term in positive_terms(node) for t in term.tokens]
    hits = []
    for doc, score in rows:
        plain, marked = snippet(bodies.get(doc.pk, ""), tokens)
        hits.append(Hit(doc, score, plain, marked))
    return SearchResult(params, total, hits, facets(matched) if with_facets else {})


def category_counts(params: SearchParams) -> tuple[int, dict[str, int]]:
    """The resource-type tabs: the total and the count per type of the search without its type.

    With no type chosen the counts are the category facet of the search itself; with one chosen
    the match is counted again without it, so every tab shows what choosing it would find.
    """
    try:
        node = parse(params.q) if params.q.strip() else None
    except QueryError:
        return 0, {}
    base = filtered(replace(params, category=""))
    counts = _category_counts(text_match(base, node) if node else base)
    if node is not None and not counts and relax_compounds(node) != node:
        counts = _category_counts(text_match(base, relax_compounds(node)))
    return sum(counts.values()), counts


def _category_counts(matched: QuerySet[Document]) -> dict[str, int]:
    rows = matched.order_by().values_list("category").annotate(n=Count("id"))
    return {category: n for category, n in rows}
