"""A paginator that counts no further than it needs to.

At province scale the household list of an officer holds millions of rows: an exact COUNT(*)
reads every one of them (hundreds of milliseconds on PostgreSQL, more on SQLite) for a number
nobody pages through. `CappedPaginator` counts at most `cap` + 1 rows (a LIMIT in a subquery,
served by the same index as the page) and says "more than cap" beyond that; the pages are
still read by the list's own order, so any page up to the cap is one index range.
"""
from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The number of rows, or cap + 1 when there are more than cap."""
        return int(self.object_list.order_by()[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap
