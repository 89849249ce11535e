"""Ranking of text matches on the database in use: the match's SQL (`Match`), its count, and
one page of (id, score) by relevance (`ranked_page`), for the library's search (`search`) and
its list queries.

SQLite: FTS5 over jieba-segmented fields, ranked by bm25. PostgreSQL: a weighted tsvector
(GIN-indexed), ranked by ts_rank over a bounded set of candidates.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from jianpin.library.models import Document
from jianpin.library.querylang import Node, QueryError, title_tsquery, to_fts5, to_tsquery

FTS5_WEIGHTS = "10.0, 4.0, 4.0, 1.0"  # title, issuer, number, body
PG_WEIGHTS = "{0.1, 0.4, 0.4, 1.0}"   # D body, C number, B issuer, A title
RANK_ALL_UP_TO = 2_000  # larger matches rank only their most recently added documents
# Matches are counted up to here; beyond, the page says "more than" (as the registry's lists).
COUNT_CAP = 10_000
NEWEST_SPAN = 6_000  # PostgreSQL: rows tried for a broad match's newest documents (see Match)
# PostgreSQL: a match the planner estimates at four times the cap or more is not counted. The
# estimate of a word comes from the text's element statistics (扶贫: 94,523 estimated, 94,659
# found); words estimated as if independent are low when they go together, not high. A query
# with NOT (estimated as if independent too, and possibly high) is always counted.
ESTIMATED_OVER = 4 * (COUNT_CAP + 1)

RowFilter = tuple[str, list[Any]]  # (SQL of a subquery of document ids, its parameters)


def tag_query(tags: list[str]) -> str:
    """A tsquery requiring every tag (lexemes quoted: values may hold any character)."""
    return " & ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tags)


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


_GIN_SETTINGS = {"enable_seqscan": "off", "enable_indexscan": "off", "jit": "off",
                 "max_parallel_workers_per_gather": "0"}
# Counting a broad match by the documents' columns (facets, type tabs): one hash join of the
# match's ids with the documents, hashed groups. Told to avoid plain index scans, the planner
# otherwise probes the documents once per match (a nested loop of 94,659 bitmap scans for 扶贫)
# or sorts the joined rows on disk to group them.
_COUNT_SETTINGS = {**_GIN_SETTINGS, "enable_nestloop": "off", "enable_sort": "off",
                   "work_mem": "'32MB'"}


@contextmanager
def gin_only(counts: bool = False) -> Iterator[None]:
    """PostgreSQL: statements inside find text matches through the GIN index only.

    The planner does not price reading a tsvector back from TOAST: for a broad match it would
    scan the index table, or walk a primary key testing rows, reading one tsvector per row. A
    GIN bitmap scan finds the rows without reading any, so sequential and plain index scans are
    switched off for these statements (SET LOCAL, restored after; a rolled-back savepoint
    restores them too). JIT compilation is switched off with them: the huge cost the planner
    gives a plan it was told to avoid (and a broad facet count's) switches JIT on, which cost
    8-62 ms a statement at 100,000 documents, more than running it. So are parallel workers:
    the same huge costs called for them on reads of a few thousand rows (a newest span of
    2,700), whose start-up and merge cost more CPU than they share. counts=True: for a count
    of a match grouped by the documents' columns (`_COUNT_SETTINGS`). Elsewhere a no-op.
    """
    settings = _COUNT_SETTINGS if counts else _GIN_SETTINGS
    statement = "; ".join(f"SET LOCAL {name} = {value}" for name, value in settings.items())
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        # A transaction of its own: its end restores the settings (two statements fewer).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
            yield
        return
    names = list(settings)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"current_setting('{n}')" for n in names))
        saved = list(cursor.fetchone())
        cursor.execute(statement)
        yield
        cursor.execute("SELECT " + ", ".join(f"set_config('{n}', %s, true)" for n in names),
                       saved)


class Match:
    """The SQL of one text match (and optional filter subquery) on the database in use."""

    def __init__(self, node: Node, base: QuerySet[Document] | None,
                 rows: list[RowFilter] | None = None, tags: list[str] | None = None,
                 tagged: tuple[list[str], QuerySet[Document] | None] | None = None) -> None:
        """tagged: PostgreSQL, the same filters as `base` and `rows` given as tags and the
        filters left (`search.filter_tags`): counts and reads of the match go through them;
        the subject or author filter's newest ids still come from its rows (`filter_first`)."""
        subs: list[RowFilter] = list(rows or [])
        if base is not None:
            subs.insert(0, _subquery(base))
        if connection.vendor == "sqlite":
            self.where, self.params = "library_fts MATCH %s", [to_fts5(node)]
            # "+rowid": keep FTS5 driving by MATCH; a bare rowid IN would run it per id.
            column = "+rowid"
            self.table, self.id = "library_fts", "rowid"
            self.score = f"-bm25(library_fts, {FTS5_WEIGHTS})"
            self.score_params: list[Any] = []
            self.title_only = False
        elif connection.vendor == "postgresql":
            tsq = to_tsquery(node)
            titles = title_tsquery(node)
            self.title_only = titles is not None
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
        # PostgreSQL, a match with filters: one read of its newest ids, up to the count cap,
        # gives both its count and its candidates (see `newest_ids`).
        self.prefetch = bool(subs or tags or tagged) and connection.vendor == "postgresql"
        self.subs, self.text_where, self.text_params = subs, self.where, list(self.params)
        joined = subs
        if tagged is not None:
            tags, rest = tagged
            joined = [] if rest is None else [_subquery(rest)]
        if tags:
            if connection.vendor != "postgresql":
                raise QueryError("tags: PostgreSQL only")
            # Filter values held with the text (migration 0014): the text index intersects them.
            self.where += " AND tags @@ %s::tsquery"
            self.params.append(tag_query(tags))
        # The filter's side is read from a subject or author filter's rows (their index gives
        # the newest ids directly); filters on the document's columns are tags (above) or
        # joined.
        # (Not for title-only terms: the rank table holds no title vector to test them on.)
        self.row_filtered = (bool(rows) and self.prefetch and (not tags or tagged is not None)
                             and not self.title_only)
        for sub_sql, sub_params in joined:
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

    def estimate(self, text: bool = False) -> int:
        """PostgreSQL: the planner's estimate of the number of matches (text=True: of the text
        condition alone). For a frequent word it is read from the text's element statistics
        (94,523 for 扶贫, which 94,659 documents hold at 100,000)."""
        where, params = (self.text_where, self.text_params) if text else (self.where, self.params)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM library_documentindex "
                           f"WHERE {where}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    def filter_first(self, among: int) -> tuple[list[tuple[int, float]], bool] | None:
        """PostgreSQL, a broad text match with a subject or author filter: its newest matches,
        scored, read from the filter's side; None when that would test too many documents.

        Joining a broad text match (搬迁: 47,208 documents) with a subject (relocation: 41,247)
        reads every text match's row to find its id. Here the filter's newest ids come first, when
        the text is dense enough: `among` × documents / text matches (+25%; the planner's
        estimate of the text's density) at most `NEWEST_SPAN`. The span first tried is
        `among` + 25%, as if every filtered document matched. Each is tested and scored on
        the rank table (its tsvector inline) in the same read, newest first. Returns the
        (id, score) of the matches found in the span, newest first, and whether the span held
        the whole filter (then they are all the matches). When the span holds fewer than
        `among` matches and not the whole filter, one span widened by the density it showed is
        tried, then None (the caller reads the whole match as before).
        """
        matches = max(self.estimate(text=True), 1)
        rows = max(_index_rows(), matches)  # never analysed: reltuples is -1
        if among * rows // matches * 5 // 4 + 100 > NEWEST_SPAN:
            return None  # too sparse a text for the filter's side
        # Tried first as if every filtered document matched (a filter often goes with its
        # text: 搬迁 in the relocation subject), then widened by the density found.
        span = among * 5 // 4 + 100
        (first, first_params), *others = self.subs[-1:] + self.subs[:-1]  # a row filter first
        ids_sql = (f"SELECT f.id FROM ({first}) AS f(id)"
                   + "".join(f" WHERE f.id IN ({sql})" if i == 0 else f" AND f.id IN ({sql})"
                             for i, (sql, _) in enumerate(others))
                   + " ORDER BY f.id DESC LIMIT %s")
        ids_params = [*first_params, *(v for _, params in others for v in params)]
        for _ in range(2):
            if span > NEWEST_SPAN:
                return None
            with connection.cursor() as cursor:
                cursor.execute(ids_sql, [*ids_params, span])
                ids = [pk for pk, in cursor.fetchall()]
                cursor.execute(
                    f"SELECT document_id, {self.score} FROM library_documentrank "
                    f"WHERE document_id = ANY(%s) AND {self.text_where} "
                    "ORDER BY document_id DESC", [*self.score_params, ids, *self.text_params])
                found = [(pk, float(score)) for pk, score in cursor.fetchall()]
            whole = len(ids) < span
            if whole or len(found) >= among:
                return found, whole
            span = span * among // max(len(found), 1) * 5 // 4 + 100
        return None

    def newest_ids(self, limit: int) -> list[int]:
        """PostgreSQL: the ids of the `limit` most recently added matches, newest first.

        For a match with filters this is one read that serves as its count (capped at
        `limit`) and as its candidates: counting and picking the candidates apart joined the
        text match with the filter twice.
        """
        return [pk for pk, in self._fetch(
            f"SELECT document_id FROM library_documentindex WHERE {self.where} "
            "ORDER BY document_id DESC LIMIT %s", [*self.params, limit])]

    def _newest_scored(self, among: int, total: int, estimate: int | None = None,
                       ) -> tuple[list[tuple[int, float]] | None, list[int]]:
        """PostgreSQL: the `among` most recently added matches: (their scores, []) when a span
        held them, else (None, their ids) to be scored apart (the caller orders by score).

        The GIN index gives the matches in no order, so taking the newest reads the id of every
        match from the table (94,659 rows for 扶贫 at 100,000 documents). When most documents
        match, the newest `among` lie among the last among × rows / total ids: the match is
        then first tried on a span of that size (+25%), up to `NEWEST_SPAN` rows. The span is
        tested and scored in one read of `library_documentrank`, whose rows hold their
        tsvectors (no TOAST read per row, and no second read to score them). When the span
        holds fewer than `among` matches, a span widened by the density it showed is tried once
        more (a synonym OR is estimated low by the planner), then the whole match is read: the
        rows are always exactly the newest `among`. A match counted beyond `COUNT_CAP` is tried
        on `NEWEST_SPAN` rows at least. estimate: the planner's estimate, if read already.
        """
        capped = total > COUNT_CAP
        if capped:  # counted no further: the planner's estimate of the match
            total = max(total, self.estimate() if estimate is None else estimate)
        rows = max(_index_rows(), total)
        span = among * rows // max(total, 1) * 5 // 4 + 100
        if capped:
            # More than COUNT_CAP matches, but the planner's estimate asks for a span beyond
            # NEWEST_SPAN: words that go together (驻村工作队 第一书记: 42,938 documents at
            # 100,000) are estimated as if apart (20,233). NEWEST_SPAN rows are tried once,
            # which costs less than reading the whole match; too few found, it is read.
            span = min(span, NEWEST_SPAN)
        # The rank table holds the same tsvector as `tsv`; title-only matches use title_tsv.
        table = "library_documentindex" if self.title_only else "library_documentrank"
        for _ in range(2):
            if span > NEWEST_SPAN:
                break
            with connection.cursor() as cursor:  # its own read: an index-only scan
                cursor.execute("SELECT document_id FROM library_documentindex "
                               "ORDER BY document_id DESC OFFSET %s LIMIT 1", [span])
                floor = cursor.fetchone()
            if floor is None:
                break
            if self.title_only:  # no rank vector beside title_tsv: scored apart
                ids = [pk for pk, in self._fetch(
                    f"SELECT document_id FROM {table} WHERE {self.where} AND document_id > %s "
                    "ORDER BY document_id DESC LIMIT %s", [*self.params, floor[0], among])]
                if len(ids) == among:
                    return None, ids
                found = len(ids)
            else:
                scored = self._rows(
                    f"SELECT document_id, {self.score} FROM {table} WHERE {self.where} "
                    "AND document_id > %s ORDER BY document_id DESC LIMIT %s",
                    [*self.score_params, *self.params, floor[0], among])
                if len(scored) == among:
                    return scored, []
                found = len(scored)
            span = span * among // max(found, 1) * 5 // 4 + 100
        return None, [pk for pk, in self._fetch(
            f"SELECT document_id FROM library_documentindex WHERE {self.where}"
            " ORDER BY document_id DESC LIMIT %s", [*self.params, among])]

    def ranked(self, among: int | None, start: int, size: int, total: int = 0,
               newest: list[int] | None = None, estimate: int | None = None,
               ) -> list[tuple[int, float]]:
        """One page by relevance, of all matches or of the `among` most recently added.

        newest: PostgreSQL, the newest ids of the match already read (`newest_ids`).
        estimate: PostgreSQL, the planner's estimate of the match, if read already.
        """
        if connection.vendor == "postgresql":
            # Pick the candidates, then score those only, on the rank table (a broad match's
            # newest span is scored in the same read).
            if newest is not None:
                ids = newest if among is None else newest[:among]
            elif among is not None:
                found, ids = self._newest_scored(among, total, estimate)
                if found is not None:  # scored in the read that found them
                    ordered = sorted(found, key=lambda row: (-row[1], -row[0]))
                    return ordered if size < 0 else ordered[start:start + size]
            else:
                ids = [pk for pk, in self._fetch(f"SELECT document_id FROM {self.table} "
                                                  f"WHERE {self.where}", self.params)]
            if size < 0:
                return sorted(self._scored(ids, 0, len(ids)), key=lambda row: (-row[1], -row[0]))
            return self._scored(ids, start, size)
        if among is None and size < 0:  # every match, in the same order (few: ≤ RANK_ALL_UP_TO)
            every = self._rows(f"SELECT {self.id}, {self.score} AS score FROM {self.table} "
                               f"WHERE {self.where}", [*self.score_params, *self.params])
            return sorted(every, key=lambda row: (-row[1], -row[0]))
        if among is None:
            return self._rows(
                f"SELECT {self.id}, {self.score} AS score FROM {self.table} WHERE {self.where} "
                f"ORDER BY score DESC, {self.id} DESC LIMIT %s OFFSET %s",
                [*self.score_params, *self.params, size, start])
        # SQLite: FTS5 walks the match by rowid and stops at `among`.
        return self._rows(
            f"SELECT pk, score FROM (SELECT rowid AS pk, {self.score} AS score "
            f"FROM library_fts WHERE {self.where} ORDER BY rowid DESC LIMIT %s) "
            "ORDER BY score DESC, pk DESC LIMIT %s OFFSET %s",
            [*self.params, among, size, start])

    def _scored(self, ids: list[int], start: int, size: int) -> list[tuple[int, float]]:
        """PostgreSQL: one page of the given documents by ts_rank (score, then id, descending).

        The tsvectors are read from `library_documentrank`, which holds the index table's
        tsvector in its row (migration 0010): the same value, read without TOAST look-ups.
        """
        if not ids:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT document_id, {self.score} AS score FROM library_documentrank "
                "WHERE document_id = ANY(%s) ORDER BY score DESC, document_id DESC "
                "LIMIT %s OFFSET %s", [*self.score_params, ids, size, start])
            return [(pk, float(score)) for pk, score in cursor.fetchall()]

    def newest(self, start: int, size: int) -> list[tuple[int, float]]:
        """Matches in the order they were added, newest first (the tail of a broad match)."""
        return self._rows(
            f"SELECT {self.id}, {self.score} AS score FROM {self.table} WHERE {self.where} "
            f"ORDER BY {self.id} DESC LIMIT %s OFFSET %s",
            [*self.score_params, *self.params, size, start])


def _index_rows() -> int:
    """PostgreSQL: the number of rows of the text index as last analysed (-1: never)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = "
                       "'library_documentindex'::regclass")
        return int((cursor.fetchone() or (0,))[0])


def _subquery(qs: QuerySet[Document]) -> RowFilter:
    sql, params = qs.order_by().values("id").query.sql_with_params()
    return sql, list(params)


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
                tags: list[str] | None = None,
                tagged: tuple[list[str], QuerySet[Document] | None] | None = None,
                ) -> tuple[list[tuple[int, float]], int, list[int] | None]:
    """`ranked_ids`, and with every=True the ids of all matches when they are few enough to
    be ranked in full (the same single read: the facets then count those ids alone).

    tags: PostgreSQL, filters on the document's columns given as the index table's tags
    (`search.filter_tags`), in place of `base` conditions. tagged: the filters of `base` and
    `rows` as tags and the others (see `Match`)."""
    match = Match(node, base, rows, tags, tagged)
    first = match.filter_first(RANK_ALL_UP_TO) if match.row_filtered else None
    if first is not None:
        return _filter_first_page(match, first, start, size, every)
    newest = match.newest_ids(COUNT_CAP + 1) if match.prefetch else None
    estimate = None
    if newest is not None:
        total = len(newest)
    else:
        estimate = match.estimate() if connection.vendor == "postgresql" else None
        # Far more matches than the cap (by the text's statistics): not counted (see
        # `ESTIMATED_OVER`); the page says "more than 10,000" as a count would have.
        total = (COUNT_CAP + 1 if estimate is not None and estimate >= ESTIMATED_OVER
                 and "!" not in str(match.text_params[0]) else match.count(COUNT_CAP))
    if total <= RANK_ALL_UP_TO:
        if not total:
            return [], 0, [] if every else None
        if every:
            ordered = match.ranked(None, 0, -1, newest=newest)
            return ordered[start:start + size], total, [pk for pk, _ in ordered]
        return match.ranked(None, start, size, newest=newest), total, None
    found: list[tuple[int, float]] = []
    if start < RANK_ALL_UP_TO:
        found = match.ranked(RANK_ALL_UP_TO, start, min(size, RANK_ALL_UP_TO - start), total,
                             newest=newest, estimate=estimate)
    if start + size > RANK_ALL_UP_TO:
        offset = max(start, RANK_ALL_UP_TO)
        found += match.newest(offset, start + size - offset)
    return found, total, None


def _filter_first_page(match: Match, first: tuple[list[tuple[int, float]], bool], start: int,
                       size: int, every: bool,
                       ) -> tuple[list[tuple[int, float]], int, list[int] | None]:
    """`ranked_page` from `Match.filter_first`: the same candidates (the newest
    `RANK_ALL_UP_TO` matches, or all), the same scores and order (score, then id, descending),
    the same capped count (counted apart when the span did not hold the whole filter)."""
    found, whole = first
    total = min(len(found), COUNT_CAP + 1) if whole else match.count(COUNT_CAP)
    ordered = sorted(found[:RANK_ALL_UP_TO], key=lambda row: (-row[1], -row[0]))
    if total <= RANK_ALL_UP_TO:
        return ordered[start:start + size], total, [pk for pk, _ in ordered] if every else None
    page = ordered[start:start + size]
    if start + size > RANK_ALL_UP_TO:
        offset = max(start, RANK_ALL_UP_TO)
        page += match.newest(offset, start + size - offset)
    return page, total, None
