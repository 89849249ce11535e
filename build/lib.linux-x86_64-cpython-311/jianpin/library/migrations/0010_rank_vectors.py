"""PostgreSQL: a copy of each document's weighted tsvector, kept in its row, for ranking.

The index table keeps its tsvector out of line (migration 0006) so that finding and counting a
match reads few pages. Ranking the 2,000 candidates of a broad match then reads 2,000 tsvectors
back from TOAST: a TOAST index look-up and two chunks each, 6 buffers per document, about
11 ms of the search. `library_documentrank` holds the same tsvector inline and uncompressed
(storage MAIN, rows up to a full page), clustered by document id, so `ts_rank` reads it from
the row: 2.4 buffers per document, the same value, the same scores. Triggers on the index
table keep it equal on insert, update, delete and truncate; the rows already there are copied
here. Nothing changes on SQLite.
"""
from __future__ import annotations

from django.db import migrations

UP = [
    """CREATE TABLE library_documentrank (
        document_id bigint PRIMARY KEY, tsv tsvector NOT NULL
    ) WITH (toast_tuple_target = 8160)""",
    "ALTER TABLE library_documentrank ALTER COLUMN tsv SET STORAGE MAIN",
    """CREATE FUNCTION library_documentrank_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM library_documentrank WHERE document_id = OLD.document_id;
            RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.document_id <> NEW.document_id THEN
            DELETE FROM library_documentrank WHERE document_id = OLD.document_id;
        END IF;
        INSERT INTO library_documentrank (document_id, tsv)
            VALUES (NEW.document_id, coalesce(NEW.tsv, ''::tsvector))
            ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NEW;
    END $$""",
    """CREATE FUNCTION library_documentrank_empty() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE library_documentrank;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER library_documentrank_write
        AFTER INSERT OR UPDATE OR DELETE ON library_documentindex
        FOR EACH ROW EXECUTE FUNCTION library_documentrank_write()""",
    """CREATE TRIGGER library_documentrank_empty
        AFTER TRUNCATE ON library_documentindex
        FOR EACH STATEMENT EXECUTE FUNCTION library_documentrank_empty()""",
    """INSERT INTO library_documentrank (document_id, tsv)
        SELECT document_id, coalesce(tsv, ''::tsvector) FROM library_documentindex
        ORDER BY document_id""",
    "ANALYZE library_documentrank",
]
DOWN = [
    "DROP TRIGGER IF EXISTS library_documentrank_empty ON library_documentindex",
    "DROP TRIGGER IF EXISTS library_documentrank_write ON library_documentindex",
    "DROP FUNCTION IF EXISTS library_documentrank_empty()",
    "DROP FUNCTION IF EXISTS library_documentrank_write()",
    "DROP TABLE IF EXISTS library_documentrank",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0009_newest_index")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
