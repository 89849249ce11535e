"""A paginator that counts no further than it needs to.

At province scale the household list of an officer holds millions of rows: an exact COUNT(*)
reads every one of them (hundreds of milliseconds on PostgreSQL, more on SQLite) for a number
nobody pages through. `CappedPaginator` counts at most `cap` + 1 rows (a LIMIT in a subquery,
served by the same index as the page) and says "more than cap" beyond that.

A page is read in two steps: the page's ids in the list's order (an index-only scan when an
index holds the order columns and the id, as `hh_village_number_id` does: skipping the rows
of earlier pages touches no table row), then those rows by id. Reading the rows of the
skipped pages instead costs a random table read each, hundreds of milliseconds deep into a
province's list.
"""
from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.rows: QuerySet[Any] = object_list
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """The number of rows, or cap + 1 when there are more than cap."""
        return int(self.rows.order_by()[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.rows.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.rows.order_by().filter(pk__in=ids)}
        return Page([rows[i] for i in ids if i in rows], number, self)
