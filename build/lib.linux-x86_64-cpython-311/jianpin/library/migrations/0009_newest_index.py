"""PostgreSQL: an index in the exact order of the newest-first listing (the front page).

`ORDER BY date DESC NULLS LAST, id DESC` cannot use the index on date alone (read backwards it
gives NULLS FIRST), so every front page sorted the whole library. SQLite sorts its rowid-ordered
scan cheaply and does not accept NULLS LAST in an index, so the index is PostgreSQL's only.
"""
from django.db import migrations

CREATE = ("CREATE INDEX IF NOT EXISTS library_doc_newest "
          "ON library_document (date DESC NULLS LAST, id DESC)")
DROP = "DROP INDEX IF EXISTS library_doc_newest"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0008_title_tsvector"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
