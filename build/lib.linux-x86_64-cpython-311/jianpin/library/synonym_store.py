"""The editable synonym groups as search reads them: a version number, then the groups.

Search expands a query with the groups (segment.synonyms, called once per parsed query); each
call reads the one-row
version, which every change raises, and rereads the groups only when it has moved, so all
worker processes follow an editor's change on their next search. Until the version row
exists (before the first change on a database emptied since its migration) the shipped
synonyms.txt applies, and the first change stores the shipped groups with it.
"""
from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F

from jianpin.library.models import SynonymGroup, SynonymVersion
from jianpin.library.text import segment

VERSION_PK = 1


def current_version() -> int | None:
    """The version of the stored groups; None when none are stored or no database is at hand.

    Read once per search, so it is one plain primary-key query (the ORM's own costs a
    search about fifteen times more CPU).
    """
    table = connection.ops.quote_name(SynonymVersion._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {table} WHERE id = %s", [VERSION_PK])
            row = cursor.fetchone()
    except RuntimeError:  # database access not allowed here (plain text code, unit tests)
        return None
    return int(row[0]) if row else None


def stored_lines() -> list[str]:
    return list(SynonymGroup.objects.order_by("pk").values_list("words", flat=True))


def install() -> None:
    """Make search read the stored groups (called once per process at start-up)."""
    segment.set_synonym_source(current_version, stored_lines)


def groups() -> list[SynonymGroup]:
    """The groups for the editors' page: stored ones, or the shipped ones before any change."""
    if current_version() is None:
        return [SynonymGroup(words=line) for line in segment.shipped_synonym_lines()]
    return list(SynonymGroup.objects.select_related("updated_by").order_by("pk"))


def ensure_stored() -> None:
    """Store the shipped groups and the version row if they are missing (inside a write)."""
    with transaction.atomic():
        _, created = SynonymVersion.objects.get_or_create(pk=VERSION_PK)
        if created:
            SynonymGroup.objects.all().delete()
            SynonymGroup.objects.bulk_create(
                SynonymGroup(words=line) for line in segment.shipped_synonym_lines())


def bump() -> None:
    """Raise the version (inside the write's transaction): every process rereads the groups."""
    SynonymVersion.objects.filter(pk=VERSION_PK).update(number=F("number") + 1)
