"""Facet counts of a search (type, category, status, year, province, subject) and their summary.

Counting is one GROUP BY over the narrow facet columns of the matched documents, plus one over
the indexed subject rows. A broad search (more than `SUMMARY_FROM` matches, or no query at all)
would count most of the library on every page view, so its counts are stored in
`FacetSummary` under the search's key with the library's version: while no document changes,
the next page view reads them. Every library write increases the version, so a summary is never
stale: the first broad search after a change counts again.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from jianpin.library.models import (
    Category,
    DocType,
    Document,
    DocumentSubject,
    FacetSummary,
    LibraryState,
    Status,
)
from jianpin.library.subjects import SUBJECTS
from jianpin.regions.models import Region

SUMMARY_FROM = 2_000  # matches from which facet counts are kept per library version
Facets = dict[str, list[tuple[str, str, int]]]


def subject_labels() -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in SUBJECTS]


def summary_key(kind: str, parts: dict[str, Any]) -> str:
    """A stable key for a search: its kind (facets, tabs) and normalised query and filters."""
    text = json.dumps([kind, parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def library_version() -> int:
    state = LibraryState.objects.filter(pk=1).values_list("version", flat=True).first()
    return int(state or 0)


def stored_total(key: str) -> int | None:
    """The number of matches stored with a current summary of this key, if there is one."""
    return FacetSummary.objects.filter(key=key, version=library_version()).values_list(
        "total", flat=True).first()


def summarised(key: str, total: int | Callable[[], int],
               compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """compute(), or its stored result for this key and library version when total is broad.

    total may be given as a function: it is then called only when no current summary of this
    key is stored (a summary is stored only for a broad search, and the same library version
    has the same matches, so a stored one is what counting again would give).
    """
    if isinstance(total, int) and total < SUMMARY_FROM:
        return compute()
    version = library_version()
    stored = FacetSummary.objects.filter(key=key, version=version).values_list(
        "facets", flat=True).first()
    if stored is not None:
        return dict(stored)
    total = total if isinstance(total, int) else total()
    value = compute()
    if total < SUMMARY_FROM:
        return value
    try:
        with transaction.atomic():
            FacetSummary.objects.filter(version__lt=version).delete()  # stale since a change
            FacetSummary.objects.update_or_create(
                key=key, defaults={"version": version, "total": total, "facets": value})
    except IntegrityError:  # a concurrent page stored the same summary first
        pass
    return value


def count_facets(qs: QuerySet[Document]) -> dict[str, Any]:
    """Counts by type, category, status, year, province and subject over a matched set.

    One GROUP BY over the five narrow facet columns (province = first two code digits) lets
    the database count; only the few hundred combinations come back. Subjects are counted from
    their indexed rows. Values are JSON-ready (lists), as stored in a summary.
    """
    rows = (qs.order_by().annotate(province=Substr("region_id", 1, 2))
            .values_list("doc_type", "category", "status", "year", "province")
            .annotate(n=Count("id")))
    subjects = (DocumentSubject.objects.filter(document_id__in=qs.order_by().values("id"))
                .order_by().values_list("code").annotate(n=Count("id")))
    return _as_facets(rows, subjects)


def count_facets_of(ids: list[int]) -> dict[str, Any]:
    """`count_facets` of the given documents (a match whose ids the ranking read): the
    documents and their subject rows are each read by id, without joining one to the other."""
    value: list[int] | str = ids  # PostgreSQL: an array, whose length the planner knows
    where = "= ANY(%s)"
    if connection.vendor != "postgresql":
        where, value = "IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT doc_type, category, status, year, substr(region_id, 1, 2), "
                       f"count(*) FROM library_document WHERE id {where} "
                       "GROUP BY 1, 2, 3, 4, 5", [value])
        rows = cursor.fetchall()
        cursor.execute(f"SELECT code, count(*) FROM library_documentsubject "
                       f"WHERE document_id {where} GROUP BY code", [value])
        subjects = cursor.fetchall()
    return _as_facets(rows, subjects)


def _as_facets(rows: Iterable[tuple[Any, ...]], subjects: Iterable[tuple[Any, ...]],
               ) -> dict[str, Any]:
    counts: dict[str, Counter[str]] = {k: Counter() for k in
                                       ("doc_type", "category", "status", "year", "region")}
    for kind, category, status, year, province, n in rows:
        counts["doc_type"][kind] += n
        counts["category"][category] += n
        counts["status"][status] += n
        if year:
            counts["year"][str(year)] += n
        if province:
            counts["region"][f"{province}0000000000"] += n
    out: dict[str, Any] = {name: dict(values) for name, values in counts.items()}
    out["subject"] = dict(subjects)
    return out


def labelled(counts: dict[str, Any]) -> Facets:
    """The facet lists the page shows: (value, label, count), largest first (years newest)."""
    labels: dict[str, dict[str, Any]] = {
        "doc_type": dict(DocType.choices), "category": dict(Category.choices),
        "status": dict(Status.choices)}
    out: Facets = {}
    for name, names in labels.items():
        ranked = sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0]))
        out[name] = [(v, names.get(v, v or _("未分类")), n) for v, n in ranked]
    out["year"] = [(y, _("%(year)s年") % {"year": y}, n) for y, n in
                   sorted(counts["year"].items(), reverse=True)][:15]
    by_subject = counts["subject"]
    out["subject"] = [(code, label, by_subject[code]) for code, label in subject_labels()
                      if by_subject.get(code)]
    names = dict(Region.objects.filter(code__in=list(counts["region"]))
                 .values_list("code", "name"))
    out["region"] = [(c, names.get(c, c), n) for c, n in
                     sorted(counts["region"].items(), key=lambda kv: (-kv[1], kv[0]))]
    return out
