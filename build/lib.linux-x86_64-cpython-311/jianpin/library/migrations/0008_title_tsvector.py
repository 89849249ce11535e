"""PostgreSQL: the title's own tsvector, unweighted and GIN-indexed, for title: queries.

A field query on the weighted tsvector (`'方案':A`) cannot be answered by its GIN index alone:
the index holds no weights, so every match's tsvector is read back (from TOAST) to check that
the word is in the title. A query of title terms only is matched on this column instead, exactly
and from its index. Nothing changes on SQLite (FTS5 keeps its columns apart).
"""
from __future__ import annotations

from django.db import migrations

UP = [
    """ALTER TABLE library_documentindex ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, coalesce(title, ''))) STORED""",
    "CREATE INDEX library_documentindex_title_tsv ON library_documentindex USING GIN (title_tsv)",
]
DOWN = [
    "DROP INDEX IF EXISTS library_documentindex_title_tsv",
    "ALTER TABLE library_documentindex DROP COLUMN IF EXISTS title_tsv",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0007_figure_kind_region")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
