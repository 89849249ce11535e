"""Full-text index: an FTS5 table on SQLite, a weighted tsvector with GIN on PostgreSQL.

Both index the jieba-segmented fields of library_documentindex (title, issuer, number, body).
"""
from __future__ import annotations

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE library_fts USING fts5(
        title, issuer, number, body,
        content='library_documentindex', content_rowid='document_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER library_fts_ai AFTER INSERT ON library_documentindex BEGIN
        INSERT INTO library_fts(rowid, title, issuer, number, body)
        VALUES (new.document_id, new.title, new.issuer, new.number, new.body); END""",
    """CREATE TRIGGER library_fts_ad AFTER DELETE ON library_documentindex BEGIN
        INSERT INTO library_fts(library_fts, rowid, title, issuer, number, body)
        VALUES ('delete', old.document_id, old.title, old.issuer, old.number, old.body); END""",
    """CREATE TRIGGER library_fts_au AFTER UPDATE ON library_documentindex BEGIN
        INSERT INTO library_fts(library_fts, rowid, title, issuer, number, body)
        VALUES ('delete', old.document_id, old.title, old.issuer, old.number, old.body);
        INSERT INTO library_fts(rowid, title, issuer, number, body)
        VALUES (new.document_id, new.title, new.issuer, new.number, new.body); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS library_fts_au", "DROP TRIGGER IF EXISTS library_fts_ad",
    "DROP TRIGGER IF EXISTS library_fts_ai", "DROP TABLE IF EXISTS library_fts",
]
POSTGRES_UP = [
    """ALTER TABLE library_documentindex ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(issuer, '')), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(number, '')), 'C') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'D')) STORED""",
    "CREATE INDEX library_documentindex_tsv ON library_documentindex USING GIN (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS library_documentindex_tsv",
    "ALTER TABLE library_documentindex DROP COLUMN IF EXISTS tsv",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
