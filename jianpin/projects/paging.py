"""One page of a long list (100 rows), with the links to the pages around it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PAGE = 100


@dataclass(frozen=True)
class Pager:
    number: int
    pages: int
    count: int
    query: str          # the request's other parameters, for the links

    @property
    def offset(self) -> int:
        return (self.number - 1) * PAGE

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def pager(request: HttpRequest, count: int) -> Pager:
    raw = request.GET.get("page", "1")
    pages = max(1, -(-count // PAGE))
    number = min(max(int(raw) if raw.isdigit() else 1, 1), pages)
    rest = request.GET.copy()
    rest.pop("page", None)
    return Pager(number, pages, count, rest.urlencode())


def page_of(items: Any, p: Pager) -> list[Any]:
    return list(items[p.offset:p.offset + PAGE])
