"""Reads for the library pages: documents, related documents, hot words, rankings, browsing."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from jianpin.library.models import Document, SearchLog, Target, UsageEvent
from jianpin.library.querylang import Or, Term, is_plain
from jianpin.library.search import ranked_ids, region_prefix
from jianpin.library.text import segment
from jianpin.regions.models import PREFIX_LENGTH, Region
from jianpin.regions.scoping import get_or_404, prefix_q

PERIODS = {"week": ("本周", 7), "month": ("本月", 30), "all": ("总榜", None)}


def get_document(pk: int) -> Document:
    """A document by id with its text (the library is public), or 404."""
    return get_or_404(Document.objects.select_related("region", "content"), pk, "文献不存在")


def related_documents(doc: Document, limit: int = 5) -> list[Document]:
    """Documents sharing the most of this one's keywords, best first (content similarity)."""
    words = [w for w in doc.keywords.split() if w][:8]
    if not words:
        return []
    node = Or(tuple(Term(None, tuple(segment.query_tokens(w)) or (w,), w) for w in words))
    scored, _ = ranked_ids(node, None, 0, limit + 1)
    found = Document.objects.in_bulk([pk for pk, _ in scored])
    return [found[pk] for pk, _ in scored if pk in found and pk != doc.pk][:limit]


def hot_search_words(days: int = 30, limit: int = 15) -> list[tuple[str, int]]:
    """The plain queries that found something, most run in the last `days` days.

    Operator queries (fields, NOT, quotes ...) and searches without results are someone's
    working notes, not topics: a public list leaves them out.
    """
    since = timezone.now() - dt.timedelta(days=days)
    rows = (SearchLog.objects.filter(at__gte=since, results__gt=0).values("query")
            .annotate(n=Count("id")).order_by("-n", "query"))
    hot: list[tuple[str, int]] = []
    for row in rows.iterator():
        if is_plain(row["query"]):
            hot.append((row["query"], row["n"]))
            if len(hot) == limit:
                break
    return hot


def hot_document_words(recent: int = 50, limit: int = 15) -> list[tuple[str, int]]:
    """The keywords most shared by the most recently added documents."""
    counts: Counter[str] = Counter()
    for words in Document.objects.order_by("-created_at").values_list("keywords", flat=True)[:recent]:
        counts.update(set(words.split()))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def ranking(kind: str, period: str, limit: int = 10) -> list[tuple[Document, int]]:
    """Most viewed or downloaded documents this week, this month or of all time."""
    days = PERIODS[period][1]
    if days is None:
        column = "view_count" if kind == UsageEvent.Kind.VIEW else "download_count"
        docs = Document.objects.filter(**{f"{column}__gt": 0}).order_by(f"-{column}", "-id")
        return [(d, getattr(d, column)) for d in docs[:limit]]
    since = timezone.now() - dt.timedelta(days=days)
    rows = list(UsageEvent.objects.filter(kind=kind, at__gte=since).values("document")
                .annotate(n=Count("id")).order_by("-n", "-document")[:limit])
    docs = Document.objects.in_bulk([r["document"] for r in rows])
    return [(docs[r["document"]], r["n"]) for r in rows if r["document"] in docs]


@dataclass
class RegionCount:
    region: Region
    count: int


def region_children(code: str | None) -> list[RegionCount]:
    """Child regions of `code` (provinces for None) with their documents' counts."""
    if code:
        parent = Region.objects.get(code=code)
        children = list(Region.objects.filter(parent=parent).order_by("code"))
        scope = Document.objects.filter(prefix_q("region_id", parent.prefix))
        level = parent.level + 1
    else:
        children = list(Region.objects.filter(level=1).order_by("code"))
        scope = Document.objects.exclude(region__isnull=True)
        level = 1
    size = PREFIX_LENGTH.get(level, 12)
    counts = dict(scope.order_by().annotate(p=Substr("region_id", 1, size)).values("p")
                  .annotate(n=Count("id")).values_list("p", "n"))
    return [RegionCount(r, counts.get(r.code[:size], 0)) for r in children]


def region_documents(code: str) -> QuerySet[Document]:
    return Document.objects.filter(prefix_q("region_id", region_prefix(code)))


def timeline(code: str | None) -> list[tuple[int, list[Document]]]:
    """Documents of a region subtree grouped by year, oldest year first (policy evolution)."""
    qs = region_documents(code) if code else Document.objects.all()
    years: dict[int, list[Document]] = {}
    for doc in qs.filter(year__isnull=False).order_by("date", "id")[:2000]:
        years.setdefault(doc.year, []).append(doc)
    return sorted(years.items())


def targets(indicator: str = "", region: str = "", year: str = "",
            doc_type: str = "") -> QuerySet[Target]:
    """Targets across documents, filtered by indicator words, region subtree, year and type."""
    qs = Target.objects.select_related("document", "document__region")
    for word in indicator.split():
        qs = qs.filter(Q(indicator__icontains=word) | Q(subject__icontains=word))
    if region:
        qs = qs.filter(prefix_q("document__region_id", region_prefix(region)))
    if year.isdigit():
        qs = qs.filter(year_start=int(year))
    if doc_type:
        qs = qs.filter(document__doc_type=doc_type)
    return qs.order_by("year_start", "document_id", "position")
