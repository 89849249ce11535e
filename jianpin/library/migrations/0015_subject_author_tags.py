"""PostgreSQL: the subject and author filters held as tags too, written with the index rows.

Migration 0014 put a document's type, category, status, year and region beside its text vector
(`library_documentindex.tags`, one GIN index over `(tsv, tags)`); a subject or author filter
still joined the text match with that filter's rows: 搬迁 among the relocation documents read
every text match's id. The tags now also hold `j=<subject code>` and `a=<author name>`, one per
subject and author row of the document.

The bulk writer (`bulk_rows.write_index`) computes the tags in its INSERT: the column tags from
the document row (`library_document_tags`, 0014), the subject and author tags handed in with the
index fields. The row trigger of 0014 now runs only for a writer that gives no tags (WHEN
tags IS NULL) and reads everything from the tables (`library_documentindex_tags_of`); the
document's update trigger keeps the subject and author tags; `indexing.sync_facet_rows`
rewrites the tags after it rewrote a document's subject and author rows. Existing index rows
get their subject and author tags here. Nothing changes on SQLite.
"""
from __future__ import annotations

from django.db import migrations

FACET_TAGS = """CREATE FUNCTION library_document_facet_tags(doc bigint)
    RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT 'j=' || code FROM library_documentsubject WHERE document_id = doc
        UNION SELECT 'a=' || name FROM library_documentauthor WHERE document_id = doc))
    $$"""
TAGS_OF = """CREATE FUNCTION library_documentindex_tags_of(doc bigint)
    RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT library_document_tags(d.category, d.doc_type, d.status, d.year, d.region_id)
        || library_document_facet_tags(d.id)
    FROM library_document d WHERE d.id = doc
    $$"""
INSERT_TRIGGER = """CREATE TRIGGER library_documentindex_tags BEFORE INSERT ON library_documentindex
    FOR EACH ROW WHEN (NEW.tags IS NULL) EXECUTE FUNCTION library_documentindex_tags()"""
OLD_INSERT_TRIGGER = """CREATE TRIGGER library_documentindex_tags BEFORE INSERT
    ON library_documentindex FOR EACH ROW EXECUTE FUNCTION library_documentindex_tags()"""


def _row_function(tags: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION library_documentindex_tags() RETURNS trigger
        LANGUAGE plpgsql AS $$
    BEGIN
        {tags}
        RETURN NEW;
    END $$"""


def _retag_function(extra: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION library_document_retag() RETURNS trigger
        LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE library_documentindex SET tags = library_document_tags(
            NEW.category, NEW.doc_type, NEW.status, NEW.year, NEW.region_id){extra}
            WHERE document_id = NEW.id;
        RETURN NULL;
    END $$"""


UP = [
    FACET_TAGS,
    TAGS_OF,
    _row_function("NEW.tags := library_documentindex_tags_of(NEW.document_id);"),
    "DROP TRIGGER library_documentindex_tags ON library_documentindex",
    INSERT_TRIGGER,
    _retag_function(" || library_document_facet_tags(NEW.id)"),
    # The tsvectors do not change: the rank table's update trigger (0013) is not needed here.
    "ALTER TABLE library_documentindex DISABLE TRIGGER library_documentrank_update",
    # Only documents with subject or author rows gain tags. The text index is built again
    # after (updating it row by row costs more), and the table is written anew (as in 0014).
    "DROP INDEX IF EXISTS library_documentindex_tsv_tags",
    """UPDATE library_documentindex i SET tags = i.tags || library_document_facet_tags(i.document_id)
        WHERE i.document_id IN (SELECT document_id FROM library_documentsubject
                                UNION SELECT document_id FROM library_documentauthor)""",
    "ALTER TABLE library_documentindex ENABLE TRIGGER library_documentrank_update",
    "CLUSTER library_documentindex USING library_documentindex_pkey",
    "CREATE INDEX library_documentindex_tsv_tags ON library_documentindex USING GIN (tsv, tags)",
    "ANALYZE library_documentindex",
]
# 0014's functions and trigger; the subject and author tags are left out again.
DOWN = [
    _row_function("SELECT library_document_tags(d.category, d.doc_type, d.status, d.year, "
                  "d.region_id) INTO NEW.tags FROM library_document d "
                  "WHERE d.id = NEW.document_id;"),
    "DROP TRIGGER library_documentindex_tags ON library_documentindex",
    OLD_INSERT_TRIGGER,
    _retag_function(""),
    "ALTER TABLE library_documentindex DISABLE TRIGGER library_documentrank_update",
    """UPDATE library_documentindex i SET tags = library_document_tags(
            d.category, d.doc_type, d.status, d.year, d.region_id)
        FROM library_document d WHERE d.id = i.document_id""",
    "ALTER TABLE library_documentindex ENABLE TRIGGER library_documentrank_update",
    "DROP FUNCTION library_documentindex_tags_of(bigint)",
    "DROP FUNCTION library_document_facet_tags(bigint)",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0014_filter_tags")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
