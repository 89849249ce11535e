"""Bulk writes of the library's derived rows (index, subject and author rows) as plain tuples.

The ORM's bulk_create builds every value of every row through the field machinery; these rows
are a few plain columns, so they are written as they are: `executemany` of one prepared
statement on SQLite, COPY on PostgreSQL. On SQLite a batch of index rows enters the FTS5 table
in one INSERT … SELECT (`_write_index_sqlite`).

On PostgreSQL the index rows and their rank rows (migration 0010's copy of the tsvector, kept
inline for ranking) are written by one statement: the generated tsvector is computed once by
the INSERT into the index table and handed to the rank table through RETURNING. The rank
table's insert trigger (migration 0013) is told so by a setting local to the transaction,
switched on for that statement only; every other writer's rows are copied by the trigger.
The same INSERT writes the rows' filter tags (migrations 0014, 0015): the document's column
tags read from its row (written before), its subject and author tags given with the fields.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, models, transaction

INDEX_TABLE = "library_documentindex"
INDEX_COLUMNS = ("document_id", "title", "issuer", "number", "body")
RANK_WRITTEN = "jianpin.library_rank_written"  # migration 0013's insert trigger reads it
FTS_INSERT_TRIGGER = "library_fts_ai"  # migration 0002's
FTS_SET_BASED = 50  # rows from which the FTS5 rows are written set-based

_INDEX_AND_RANK = f"""
    WITH written AS (
        INSERT INTO {INDEX_TABLE} ({", ".join(INDEX_COLUMNS)}, tags)
        SELECT u.id, u.title, u.issuer, u.number, u.body,
               library_document_tags(d.category, d.doc_type, d.status, d.year,
                                          d.region_id) || u.facets::tsvector
        FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
            AS u(id, title, issuer, number, body, facets)
        LEFT JOIN library_document d ON d.id = u.id
        RETURNING document_id, tsv)
    INSERT INTO library_documentrank (document_id, tsv)
        SELECT document_id, coalesce(tsv, ''::tsvector) FROM written
        ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv"""


def insert(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows (tuples in `columns` order) into table."""
    if not rows:
        return
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        with connection.wrap_database_errors, \
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _column(field: models.Field[Any, Any]) -> str:
    """A concrete field's column (Django gives a concrete field one; the type allows None)."""
    if field.column is None:
        raise ValueError(f"{field.name} has no column")
    return field.column


def insert_objects(objs: Sequence[models.Model]) -> None:
    """New rows of one model, each value prepared by its field as the ORM would (defaults,
    auto_now, dates), written by `insert`. Automatic ids are left to the database and not read
    back: the caller finds the rows again by a unique column when it needs them."""
    if not objs:
        return
    meta = type(objs[0])._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    steps = [(f.get_db_prep_save, f.pre_save) for f in fields]
    rows = [tuple(prep(pre(obj, True), connection) for prep, pre in steps) for obj in objs]
    with connection.cursor() as cursor:
        insert(cursor, meta.db_table, [_column(f) for f in fields], rows)


# Fields whose value goes to the database as it is (a str, int, bool or None): no conversion.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
          models.ForeignKey)


def insert_columns(model: type[models.Model], names: Sequence[str],
                   rows: Sequence[Sequence[Any]]) -> None:
    """New rows of one model given as tuples of the attributes `names` (e.g. region_id); the
    other fields take what the ORM would give a new instance (defaults, auto_now time, None),
    prepared once. Values of dates are adapted as the ORM adapts them, strings and numbers go
    as they are. Automatic ids are left to the database, as in `insert_objects`."""
    if not rows:
        return
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    by_name = {f.attname: f for f in fields}
    template = model()
    given = list(names)
    fixed = [f.get_db_prep_save(f.pre_save(template, True), connection)
             for f in fields if f.attname not in names]
    # Each row is the given values, converted, then the fixed ones: picked in column order.
    pick = []
    fixed_at = len(given)
    for f in fields:
        if f.attname in names:
            pick.append(given.index(f.attname))
        else:
            pick.append(fixed_at)
            fixed_at += 1
    converters = [(i, _converter(by_name[name])) for i, name in enumerate(given)]
    converters = [(i, c) for i, c in converters if c is not None]
    tail = tuple(fixed)
    ordered = itemgetter(*pick) if len(pick) > 1 else (lambda v: (v[pick[0]],))
    out = []
    for row in rows:
        if converters:
            values = list(row)
            for i, convert in converters:
                values[i] = convert(values[i])
            out.append(ordered((*values, *tail)))
        else:
            out.append(ordered((*row, *tail)))
    with connection.cursor() as cursor:
        insert(cursor, meta.db_table, [_column(f) for f in fields], out)


def _converter(field: models.Field[Any, Any]) -> Any:
    """How a value of this field is made a database value (None: as it is)."""
    if isinstance(field, _AS_IS):
        return None
    if type(field) is models.DateField:
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def tsvector_text(tags: Sequence[str]) -> str:
    """PostgreSQL: tags as the text of a tsvector (each lexeme quoted: a name may hold spaces
    or quotes)."""
    return " ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tags)


def write_index(cursor: Any, rows: Sequence[tuple[int, str, str, str, str]],
                tags: Sequence[Sequence[str]] | None = None) -> None:
    """Index rows (document id, title, issuer, number, body: segmented) of new documents.

    tags: one list per row, the document's subject and author tags (`indexing.facet_tags`),
    written with the row on PostgreSQL (the other tags are read from the document row); none
    given, none. SQLite holds no tags.
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        _write_index_sqlite(cursor, rows)
        return
    import psycopg  # PostgreSQL only

    columns = [list(column) for column in zip(*rows, strict=True)]
    columns.append([tsvector_text(t) for t in tags] if tags is not None else [""] * len(rows))
    # A cursor binding on the server: the columns travel as arrays, not quoted into the SQL.
    # An error aborts the transaction (or savepoint), which undoes the setting with it.
    with connection.wrap_database_errors, psycopg.Cursor(cursor.cursor.connection) as raw:
        raw.execute("SELECT set_config(%s, 'on', true)", [RANK_WRITTEN])
        raw.execute(_INDEX_AND_RANK, columns)
        raw.execute("SELECT set_config(%s, '', true)", [RANK_WRITTEN])


def _write_index_sqlite(cursor: Any, rows: Sequence[tuple[int, str, str, str, str]]) -> None:
    """SQLite: many rows enter the FTS5 table by one INSERT … SELECT, its insert trigger set
    aside meanwhile (dropped and created again in the same transaction, which holds the write
    lock: no other writer sees it missing); the trigger indexing row by row costs three times
    as much. A few rows go through the trigger."""
    if len(rows) < FTS_SET_BASED:
        insert(cursor, INDEX_TABLE, INDEX_COLUMNS, rows)
        return
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                   [FTS_INSERT_TRIGGER])
    found = cursor.fetchone()
    if found is None:  # no FTS5 table here
        insert(cursor, INDEX_TABLE, INDEX_COLUMNS, rows)
        return
    with transaction.atomic():
        cursor.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
        insert(cursor, INDEX_TABLE, INDEX_COLUMNS, rows)
        cursor.execute(
            f"INSERT INTO library_fts (rowid, title, issuer, number, body) "
            f"SELECT document_id, title, issuer, number, body FROM {INDEX_TABLE} "
            "WHERE document_id IN (SELECT value FROM json_each(%s))",
            [json.dumps([row[0] for row in rows])])
        cursor.execute(found[0])
