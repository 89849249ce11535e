"""PostgreSQL: the document's filter values beside its text vector, in one GIN index.

A broad text match within a filter on the document's own columns (帮扶 among the reports: 96,618
text matches, 14,152 reports) was read as the whole text match (every matching index row's id)
joined with every report's id: about 40 ms at 100,000 documents. `library_documentindex.tags`
holds the document's type, category, status, year and region prefixes as lexemes (`c=report`,
`t=通知`, `y=2021`, `r=11`, `r=1101` …), and the text index covers (tsv, tags): the index alone
intersects the two (13,653 rows), and only those rows are read.

The tags follow the document: a row trigger fills them when an index row is written (the
document row is written first), and another rewrites them when one of those columns of the
document changes. Nothing changes on SQLite.
"""
from __future__ import annotations

from django.db import migrations

# Region codes are matched by prefix; these are the prefix lengths of its levels
# (regions.models.PREFIX_LENGTH).
_REGION = ", ".join(f"'r=' || left(region, {n})" for n in (2, 4, 6, 9, 12, 15))
TAGS = f"""CREATE FUNCTION library_document_tags(
        category text, doc_type text, status text, year integer, region text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(array_remove(ARRAY[
        'c=' || category, 't=' || doc_type, 's=' || status, 'y=' || year::text, {_REGION}],
        NULL))
    $$"""
OF_DOCUMENT = "library_document_tags(d.category, d.doc_type, d.status, d.year, d.region_id)"
CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}"
                      for c in ("category", "doc_type", "status", "year", "region_id"))

UP = [
    TAGS,
    "ALTER TABLE library_documentindex ADD COLUMN tags tsvector",
    f"""CREATE FUNCTION library_documentindex_tags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT {OF_DOCUMENT} INTO NEW.tags FROM library_document d WHERE d.id = NEW.document_id;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER library_documentindex_tags BEFORE INSERT ON library_documentindex
        FOR EACH ROW EXECUTE FUNCTION library_documentindex_tags()""",
    f"""CREATE FUNCTION library_document_retag() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE library_documentindex SET tags = library_document_tags(
            NEW.category, NEW.doc_type, NEW.status, NEW.year, NEW.region_id)
            WHERE document_id = NEW.id;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER library_document_retag AFTER UPDATE ON library_document
        FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION library_document_retag()""",
    # The tsvectors do not change: the rank table's update trigger (0013) is not needed here.
    "ALTER TABLE library_documentindex DISABLE TRIGGER library_documentrank_update",
    f"""UPDATE library_documentindex i SET tags = {OF_DOCUMENT}
        FROM library_document d WHERE d.id = i.document_id""",
    "ALTER TABLE library_documentindex ENABLE TRIGGER library_documentrank_update",
    # The update left a dead copy of every row: the table is written anew (as in 0006).
    "CLUSTER library_documentindex USING library_documentindex_pkey",
    "DROP INDEX IF EXISTS library_documentindex_tsv",
    "CREATE INDEX library_documentindex_tsv_tags ON library_documentindex USING GIN (tsv, tags)",
    "ANALYZE library_documentindex",
]
DOWN = [
    "DROP INDEX IF EXISTS library_documentindex_tsv_tags",
    "CREATE INDEX IF NOT EXISTS library_documentindex_tsv ON library_documentindex "
    "USING GIN (tsv)",
    "DROP TRIGGER IF EXISTS library_document_retag ON library_document",
    "DROP FUNCTION IF EXISTS library_document_retag()",
    "DROP TRIGGER IF EXISTS library_documentindex_tags ON library_documentindex",
    "DROP FUNCTION IF EXISTS library_documentindex_tags()",
    "ALTER TABLE library_documentindex DROP COLUMN IF EXISTS tags",
    "DROP FUNCTION IF EXISTS library_document_tags(text, text, text, integer, text)",
]


def _run(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0013_index_rank_statement_triggers")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
