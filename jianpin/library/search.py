"""Full-text search over the library, behind one function: `search(params)`.

SQLite: an FTS5 table over jieba-segmented fields, ranked by bm25. PostgreSQL: a weighted
tsvector (`to_tsvector('simple', segmented)`, GIN-indexed), ranked by ts_rank. Filters, facets,
sorting and snippets are the same SQL/Python on both.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from jianpin.library.facets import (
    count_facets,
    labelled,
    stored_total,
    summarised,
    summary_key,
)
from jianpin.library.models import Document, DocumentAuthor, DocumentSubject, DocumentText
from jianpin.library.querylang import (
    Node,
    QueryError,
    parse,
    positive_terms,
    relax_compounds,
    title_tsquery,
    to_fts5,
    to_tsquery,
)
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q

SORTS = {"relevance": _("相关度"), "newest": _("日期（新→旧）"), "oldest": _("日期（旧→新）"),
         "views": _("浏览最多"), "downloads": _("下载最多")}
SNIPPET_WIDTH = 120
FTS5_WEIGHTS = "10.0, 4.0, 4.0, 1.0"  # title, issuer, number, body
PG_WEIGHTS = "{0.1, 0.4, 0.4, 1.0}"   # D body, C number, B issuer, A title
RANK_ALL_UP_TO = 2_000  # larger matches rank only their most recently added documents
# Matches are counted up to here; beyond, the page says "more than" (as the registry's lists).
COUNT_CAP = 10_000
NEWEST_SPAN = 6_000  # PostgreSQL: rows tried for a broad match's newest documents (see _Match)


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
    def capped(self) -> bool:
        """True when there are more than COUNT_CAP matches (total is then COUNT_CAP + 1)."""
        return self.total > COUNT_CAP and bool(self.params.q.strip())

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))

    def as_json(self) -> dict[str, Any]:
        return {"query": self.params.q, "total": self.total,
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
        qs = qs.filter(issuer__icontains=params.issuer)
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


RowFilter = tuple[str, list[Any]]


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


def has_document_filters(params: SearchParams) -> bool:
    """Filters on the document's own columns (not its subject or author rows)."""
    return has_filters(replace(params, subject="", author=""))


def text_match(qs: QuerySet[Document], node: Node) -> QuerySet[Document]:
    """qs limited to documents matching node."""
    if connection.vendor == "sqlite":
        return qs.filter(id__in=RawSQL(
            "SELECT rowid FROM library_fts WHERE library_fts MATCH %s", [to_fts5(node)]))
    if connection.vendor == "postgresql":
        titles = title_tsquery(node)
        column, tsq = ("title_tsv", titles) if titles is not None else ("tsv", to_tsquery(node))
        return qs.filter(id__in=RawSQL(
            f"SELECT document_id FROM library_documentindex "
            f"WHERE {column} @@ to_tsquery('simple', %s)", [tsq]))
    raise QueryError(f"不支持的数据库：{connection.vendor}")


@contextmanager
def gin_only() -> Iterator[None]:
    """PostgreSQL: statements inside find text matches through the GIN index only.

    The planner does not price reading a tsvector back from TOAST: for a broad match it would
    scan the index table, or walk a primary key testing rows, reading one tsvector per row. A
    GIN bitmap scan finds the rows without reading any, so sequential and plain index scans are
    switched off for these statements (SET LOCAL, restored after; a rolled-back savepoint
    restores them too). Elsewhere a no-op.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), "
                       "current_setting('enable_indexscan')")
        seqscan, indexscan = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        yield
        cursor.execute("SELECT set_config('enable_seqscan', %s, true), "
                       "set_config('enable_indexscan', %s, true)", [seqscan, indexscan])


class _Match:
    """The SQL of one text match (and optional filter subquery) on the database in use."""

    def __init__(self, node: Node, base: QuerySet[Document] | None,
                 rows: list[RowFilter] | None = None) -> None:
        subs: list[RowFilter] = list(rows or [])
        if base is not None:
            sub_sql, raw = base.order_by().values("id").query.sql_with_params()
            subs.insert(0, (sub_sql, list(raw)))
        if connection.vendor == "sqlite":
            self.where, self.params = "library_fts MATCH %s", [to_fts5(node)]
            # "+rowid": keep FTS5 driving by MATCH; a bare rowid IN would run it per id.
            column = "+rowid"
            self.table, self.id = "library_fts", "rowid"
            self.score = f"-bm25(library_fts, {FTS5_WEIGHTS})"
            self.score_params: list[Any] = []
        elif connection.vendor == "postgresql":
            tsq = to_tsquery(node)
            titles = title_tsquery(node)
            if titles is not None:
                # Only title terms: the title's own unweighted tsvector answers them exactly
                # from its GIN index, without reading each match's whole tsvector to check
                # the weight; the rank is still over the whole tsvector.
                self.where, self.params = "title_tsv @@ to_tsquery('simple', %s)", [titles]
            else:
                self.where, self.params = "tsv @@ to_tsquery('simple', %s)", [tsq]
            column = "document_id"
            self.table, self.id = "library_documentindex", "document_id"
            self.score = f"ts_rank('{PG_WEIGHTS}', tsv, to_tsquery('simple', %s), 1)"
            self.score_params = [tsq]
        else:
            raise QueryError(f"不支持的数据库：{connection.vendor}")
        for sub_sql, sub_params in subs:
            self.where += f" AND {column} IN ({sub_sql})"
            self.params += sub_params

    def _fetch(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with gin_only(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[int, float]]:
        return [(pk, float(score)) for pk, score in self._fetch(sql, params)]

    def count(self, cap: int | None = None) -> int:
        """The number of matches; with a cap, at most cap + 1 (counting stops there)."""
        if cap is None:
            return int(self._fetch(f"SELECT count(*) FROM {self.table} WHERE {self.where}",
                                   self.params)[0][0])
        return int(self._fetch(f"SELECT count(*) FROM (SELECT 1 FROM {self.table} "
                               f"WHERE {self.where} LIMIT %s) AS m", [*self.params, cap + 1])[0][0])

    def _newest_ids(self, among: int, total: int) -> list[int]:
        """PostgreSQL: the ids of the `among` most recently added matches, newest first.

        The GIN index gives the matches in no order, so taking the newest reads the id of every
        match from the table (94,659 rows for 扶贫 at 100,000 documents). When most documents
        match, the newest `among` lie among the last among × rows / total ids: the match is
        then first tried on a span of that size (+25%), up to `NEWEST_SPAN` rows (the planner
        tests the text on each row of the span, reading its tsvector, so the span is kept
        short). When the span holds fewer than `among` matches the whole match is read: the
        ids are always exactly the newest `among`.
        """
        sql = (f"SELECT document_id FROM library_documentindex WHERE {self.where}"
               " __SPAN__ ORDER BY document_id DESC LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = "
                           "'library_documentindex'::regclass")
            rows = max(int((cursor.fetchone() or (0,))[0]), total)
            if total > COUNT_CAP:  # counted no further: the planner's estimate of the match
                cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM library_documentindex "
                               f"WHERE {self.where}", self.params)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total = max(total, int(plan[0]["Plan"]["Plan Rows"]))
        span = among * rows // max(total, 1) * 5 // 4 + 100
        if span <= NEWEST_SPAN:
            with connection.cursor() as cursor:
                cursor.execute("SELECT document_id FROM library_documentindex "
                               "ORDER BY document_id DESC OFFSET %s LIMIT 1", [span])
                floor = cursor.fetchone()
            if floor is not None:
                ids = [pk for pk, in self._fetch(sql.replace("__SPAN__", "AND document_id > %s"),
                                                   [*self.params, floor[0], among])]
                if len(ids) == among:
                    return ids
        return [pk for pk, in self._fetch(sql.replace("__SPAN__", ""), [*self.params, among])]

    def ranked(self, among: int | None, start: int, size: int,
               total: int = 0) -> list[tuple[int, float]]:
        """One page by relevance, of all matches or of the `among` most recently added."""
        if among is None and size < 0:  # every match, in the same order (few: ≤ RANK_ALL_UP_TO)
            every = self._rows(f"SELECT {self.id}, {self.score} AS score FROM {self.table} "
                               f"WHERE {self.where}", [*self.score_params, *self.params])
            return sorted(every, key=lambda row: (-row[1], -row[0]))
        if among is None:
            return self._rows(
                f"SELECT {self.id}, {self.score} AS score FROM {self.table} WHERE {self.where} "
                f"ORDER BY score DESC, {self.id} DESC LIMIT %s OFFSET %s",
                [*self.score_params, *self.params, size, start])
        if connection.vendor == "sqlite":  # FTS5 walks the match by rowid and stops at `among`
            return self._rows(
                f"SELECT pk, score FROM (SELECT rowid AS pk, {self.score} AS score "
                f"FROM library_fts WHERE {self.where} ORDER BY rowid DESC LIMIT %s) "
                "ORDER BY score DESC, pk DESC LIMIT %s OFFSET %s",
                [*self.params, among, size, start])
        # PostgreSQL: pick the candidates by id alone, then read the tsvectors of those only.
        ids = self._newest_ids(among, total)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT document_id, {self.score} AS score FROM library_documentindex "
                "WHERE document_id = ANY(%s) ORDER BY score DESC, document_id DESC "
                "LIMIT %s OFFSET %s", [*self.score_params, ids, size, start])
            return [(pk, float(score)) for pk, score in cursor.fetchall()]

    def newest(self, start: int, size: int) -> list[tuple[int, float]]:
        """Matches in the order they were added, newest first (the tail of a broad match)."""
        return self._rows(
            f"SELECT {self.id}, {self.score} AS score FROM {self.table} WHERE {self.where} "
            f"ORDER BY {self.id} DESC LIMIT %s OFFSET %s",
            [*self.score_params, *self.params, size, start])


def ranked_ids(node: Node, base: QuerySet[Document] | None, start: int,
               size: int, rows: list[RowFilter] | None = None,
               ) -> tuple[list[tuple[int, float]], int]:
    """(id, score) of one page of matches, best first, and the number of matches.

    The ranking reads the text index alone (FTS5 bm25 over its own statistics, or ts_rank over
    the tsvector); filters join only as an id subquery. A broad match, more than
    `RANK_ALL_UP_TO` documents (扶贫 is in nearly every document), is not ranked in full:
    ranking costs a read of every match's positions, and a term most documents contain says
    little about which is best. Its `RANK_ALL_UP_TO` most recently added matches are ranked and
    come first, the other matches follow newest first, so paging stays one consistent order.
    """
    return ranked_page(node, base, start, size, rows)[:2]


def ranked_page(node: Node, base: QuerySet[Document] | None, start: int, size: int,
                rows: list[RowFilter] | None = None, every: bool = False,
                ) -> tuple[list[tuple[int, float]], int, list[int] | None]:
    """`ranked_ids`, and with every=True the ids of all matches when they are few enough to
    be ranked in full (the same single read: the facets then count those ids alone)."""
    match = _Match(node, base, rows)
    total = match.count(COUNT_CAP)
    if total <= RANK_ALL_UP_TO:
        if not total:
            return [], 0, [] if every else None
        if every:
            ordered = match.ranked(None, 0, -1)
            return ordered[start:start + size], total, [pk for pk, _ in ordered]
        return match.ranked(None, start, size), total, None
    found: list[tuple[int, float]] = []
    if start < RANK_ALL_UP_TO:
        found = match.ranked(RANK_ALL_UP_TO, start, min(size, RANK_ALL_UP_TO - start), total)
    if start + size > RANK_ALL_UP_TO:
        offset = max(start, RANK_ALL_UP_TO)
        found += match.newest(offset, start + size - offset)
    return found, total, None


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
    by_id = False
    page = max(1, params.page)
    start = (page - 1) * params.per_page
    if node is not None and params.sort == "relevance":
        scored, total, every = ranked_page(
            node, filtered(params, rows=False) if has_document_filters(params) else None,
            start, params.per_page, row_filters(params), every=with_facets)
        if every is not None:  # the facets count the matches found here, by id
            matched, by_id = Document.objects.filter(id__in=_ids_sql(every)), True
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
        facets = labelled(summarised(_key("facets", params), total,
                                     lambda: _counted(matched, None if by_id else node)))
    return SearchResult(params, total, hits, facets)


def _ids_sql(ids: list[int]) -> RawSQL:
    """A subquery of the given document ids (one parameter, however many ids)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def _counted(matched: QuerySet[Document], node: Node | None) -> dict[str, Any]:
    if node is None:
        return count_facets(matched)
    with gin_only():
        return count_facets(matched)


def _key(kind: str, params: SearchParams) -> str:
    parts = asdict(params)
    for name in ("sort", "page", "per_page"):
        parts.pop(name)
    parts["q"] = " ".join(params.q.split())
    return summary_key(kind, parts)


def category_counts(params: SearchParams) -> tuple[int, dict[str, int]]:
    """The resource-type tabs: the total and the count per type of the search without its type.

    With no type chosen the counts are the category facet of the search itself; with one chosen
    the match is counted again without it, so every tab shows what choosing it would find.
    """
    try:
        node = parse(params.q) if params.q.strip() else None
    except QueryError:
        return 0, {}
    params = replace(params, category="")
    base = filtered(params)

    def counter(node_: Node | None) -> Callable[[], dict[str, Any]]:
        matched = text_match(base, node_) if node_ else base

        def count() -> dict[str, Any]:
            with gin_only():
                return dict(matched.order_by().values_list("category").annotate(n=Count("id")))
        return count

    # Broad when the search without its type is: the search with it is a part of that.
    counts = summarised(_key("tabs", params), _estimate(node, base, params), counter(node))
    if node is not None and not counts and relax_compounds(node) != node:
        counts = counter(relax_compounds(node))()  # compounds written apart (as search does)
    return sum(counts.values()), counts


def _estimate(node: Node | None, base: QuerySet[Document], params: SearchParams) -> int:
    """The number of matches of a search, for choosing between counting and a summary."""
    if node is None:
        return base.count()
    return _Match(node, filtered(params, rows=False) if has_document_filters(params) else None,
                  row_filters(params)).count()
