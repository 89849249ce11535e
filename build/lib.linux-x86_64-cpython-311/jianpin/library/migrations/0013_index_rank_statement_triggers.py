"""PostgreSQL: the rank table follows the index table once per statement, not once per row.

Migration 0010's row trigger ran a PL/pgSQL function and an INSERT for every indexed document.
These statement triggers read the statement's rows from its transition tables and write the
rank rows in one set-based statement: the same rows, the same tsvectors. A bulk writer that
writes the rank rows itself in the same statement (`indexing.store_documents`) sets
`jianpin.library_rank_written` for that statement; the insert trigger then leaves them to it.
Nothing changes on SQLite.
"""
from __future__ import annotations

from importlib import import_module

from django.db import migrations

WRITTEN = "jianpin.library_rank_written"
_ROW = import_module("jianpin.library.migrations.0010_rank_vectors")

UP = [
    "DROP TRIGGER IF EXISTS library_documentrank_write ON library_documentindex",
    "DROP FUNCTION IF EXISTS library_documentrank_write()",
    f"""CREATE FUNCTION library_documentrank_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('{WRITTEN}', true) = 'on' THEN
            RETURN NULL;  -- the writer wrote the rank rows in the same statement
        END IF;
        INSERT INTO library_documentrank (document_id, tsv)
            SELECT document_id, coalesce(tsv, ''::tsvector) FROM library_new_rows
            ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION library_documentrank_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM library_documentrank r USING library_old_rows o
            WHERE r.document_id = o.document_id
            AND NOT EXISTS (SELECT 1 FROM library_new_rows n
                            WHERE n.document_id = o.document_id);
        INSERT INTO library_documentrank (document_id, tsv)
            SELECT document_id, coalesce(tsv, ''::tsvector) FROM library_new_rows
            ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION library_documentrank_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM library_documentrank r USING library_old_rows o
            WHERE r.document_id = o.document_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER library_documentrank_insert AFTER INSERT ON library_documentindex
        REFERENCING NEW TABLE AS library_new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION library_documentrank_insert()""",
    """CREATE TRIGGER library_documentrank_update AFTER UPDATE ON library_documentindex
        REFERENCING OLD TABLE AS library_old_rows NEW TABLE AS library_new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION library_documentrank_update()""",
    """CREATE TRIGGER library_documentrank_delete AFTER DELETE ON library_documentindex
        REFERENCING OLD TABLE AS library_old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION library_documentrank_delete()""",
]
DOWN = [
    "DROP TRIGGER IF EXISTS library_documentrank_delete ON library_documentindex",
    "DROP TRIGGER IF EXISTS library_documentrank_update ON library_documentindex",
    "DROP TRIGGER IF EXISTS library_documentrank_insert ON library_documentindex",
    "DROP FUNCTION IF EXISTS library_documentrank_delete()",
    "DROP FUNCTION IF EXISTS library_documentrank_update()",
    "DROP FUNCTION IF EXISTS library_documentrank_insert()",
    _ROW.UP[2],  # 0010's row function and trigger
    _ROW.UP[4],
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0012_seed_synonyms")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
