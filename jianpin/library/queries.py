"""Reads for the library pages: documents, related documents, hot words, rankings, browsing."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianpin.library.models import (
    Document,
    DocumentAuthor,
    Favourite,
    FigureKind,
    HotWordBlock,
    SearchLog,
    Target,
    UsageEvent,
)
from jianpin.library.querylang import Or, Term, is_plain
from jianpin.library.ranking import ranked_ids
from jianpin.library.search import region_prefix
from jianpin.library.text import segment
from jianpin.library.text.fold import compact, fold
from jianpin.library.text.keywords import stop_words
from jianpin.regions.models import PREFIX_LENGTH, Region
from jianpin.regions.scoping import get_or_404, prefix_q

PERIODS = {"week": (_("本周"), 7), "month": (_("本月"), 30), "all": (_("总榜"), None)}


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


def blocked_keys() -> set[str]:
    """Words editors blocked from the hot lists, folded as they are matched."""
    return {compact(w) for w in HotWordBlock.objects.values_list("word", flat=True)}


def _shown(words: list[str], blocked: set[str]) -> bool:
    """A hot entry is shown unless a word of it is blocked or all its words are stop words."""
    keys = [compact(w) for w in words if w.strip()]
    stop = stop_words()
    return bool(keys) and not any(k in blocked for k in keys) and \
        not all(k in stop for k in keys) and compact("".join(words)) not in blocked


def hot_search_words(days: int = 30, limit: int = 15) -> list[tuple[str, int]]:
    """The plain queries that found something, most run in the last `days` days.

    Operator queries (fields, NOT, quotes ...) and searches without results are someone's
    working notes, not topics: a public list leaves them out, as it leaves out queries made
    only of stop words and those holding a word editors blocked. The same query written in
    traditional characters, full-width forms or other spacing counts as one, shown as most
    often written, in simplified script (扶貧 ×3 and 扶贫 ×1 are 扶贫 ×4).
    """
    since = timezone.now() - dt.timedelta(days=days)
    rows = (SearchLog.objects.filter(at__gte=since, results__gt=0).values("query")
            .annotate(n=Count("id")).order_by("-n", "query"))
    blocked = blocked_keys()
    counts: Counter[str] = Counter()
    shown: dict[str, tuple[int, str]] = {}
    for row in rows[:5000].iterator():
        query, n = row["query"], row["n"]
        if not is_plain(query) or not _shown(query.split(), blocked):
            continue
        key = " ".join(compact(w) for w in query.split())
        counts[key] += n
        if key not in shown or n > shown[key][0]:
            shown[key] = (n, fold(query))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], shown[kv[0]][1]))
    return [(shown[key][1], n) for key, n in ranked[:limit]]


def hot_document_words(recent: int = 50, limit: int = 15) -> list[tuple[str, int]]:
    """The keywords most shared by the most recently added documents (no stop or blocked words)."""
    counts: Counter[str] = Counter()
    for words in Document.objects.order_by("-created_at").values_list("keywords", flat=True)[:recent]:
        counts.update(set(words.split()))
    blocked = blocked_keys()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(w, n) for w, n in ranked if _shown([w], blocked)][:limit]


def hot_word_blocks() -> QuerySet[HotWordBlock]:
    return HotWordBlock.objects.select_related("created_by")


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
    by_id = Document.objects.in_bulk([r["document"] for r in rows])
    return [(by_id[r["document"]], r["n"]) for r in rows if r["document"] in by_id]


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


TIMELINE_LISTED = 2_000  # documents an area's timeline lists (its bars count them all)


def year_counts(code: str | None) -> list[tuple[int, int]]:
    """(year, number of documents) of a region subtree, oldest year first: every document
    counted, not only those the timeline lists."""
    qs = region_documents(code) if code else Document.objects.all()
    rows = (qs.filter(year__isnull=False).order_by().values_list("year")
            .annotate(n=Count("id")).order_by("year"))
    return [(int(year), int(n)) for year, n in rows]


def timeline(code: str | None) -> list[tuple[int, list[Document]]]:
    """Documents of a region subtree grouped by year, oldest year first (policy evolution)."""
    qs = region_documents(code) if code else Document.objects.all()
    years: dict[int, list[Document]] = {}
    for doc in qs.filter(year__isnull=False).order_by("date", "id")[:TIMELINE_LISTED]:
        if doc.year is not None:  # filtered above; the type allows None
            years.setdefault(doc.year, []).append(doc)
    return sorted(years.items())


def targets(indicator: str = "", region: str = "", year: str = "",
            doc_type: str = "", kind: str = "") -> QuerySet[Target]:
    """Targets across documents, filtered by indicator words, region subtree, year, document
    type and kind (goal or statistic).

    A figure belongs to the area it is about (its own region); a figure without one (read
    before figures had regions, or from a document that had none then) goes with its
    document's region.
    """
    qs = Target.objects.select_related("document", "document__region", "region")
    for word in indicator.split():
        qs = qs.filter(Q(indicator__icontains=word) | Q(subject__icontains=word))
    if region:
        prefix = region_prefix(region)
        qs = qs.filter(prefix_q("region_id", prefix)
                       | (Q(region__isnull=True) & prefix_q("document__region_id", prefix)))
    if kind in FigureKind.values:
        qs = qs.filter(kind=kind)
    if year.isdigit():
        qs = qs.filter(year_start=int(year))
    if doc_type:
        qs = qs.filter(document__doc_type=doc_type)
    return qs.order_by("year_start", "document_id", "position")


def favourites_of(user: Any) -> QuerySet[Document]:
    """The user's favourite documents, latest added first (none for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return Document.objects.none()
    ids = Favourite.objects.filter(user=user).values("document_id")
    return (Document.objects.filter(id__in=ids).select_related("region")
            .order_by("-id"))


def is_favourite(user: Any, doc: Document) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and \
        Favourite.objects.filter(user=user, document=doc).exists()


def authors(limit: int = 200) -> list[tuple[str, int, int]]:
    """Authors with their number of documents and of expert views, most documents first."""
    rows = (DocumentAuthor.objects.order_by().values_list("name")
            .annotate(n=Count("id"), views=Count("id", filter=Q(document__expert_view=True))))
    ranked = sorted(rows, key=lambda row: (-row[1], row[0]))[:limit]
    return [(name, n, views) for name, n, views in ranked]


def documents_by_author(name: str) -> list[Document]:
    """Documents naming `name` among their authors (whole names only), newest first."""
    ids = DocumentAuthor.objects.filter(name=name.strip()).values("document_id")
    return list(Document.objects.filter(id__in=ids).order_by("-id")[:500])


def expert_views(limit: int = 50) -> QuerySet[Document]:
    return Document.objects.filter(expert_view=True).order_by(
        F("date").desc(nulls_last=True), "-id")[:limit]
