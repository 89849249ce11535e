"""One page of a long list (100 rows unless told), with the links to the pages around it."""
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
    size: int = PAGE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def pager(request: HttpRequest, count: int, size: int = PAGE) -> Pager:
    raw = request.GET.get("page", "1")
    pages = max(1, -(-count // size))
    number = min(max(int(raw) if raw.isdigit() else 1, 1), pages)
    rest = request.GET.copy()
    rest.pop("page", None)
    return Pager(number, pages, count, rest.urlencode(), size)


def page_of(items: Any, p: Pager) -> list[Any]:
    return list(items[p.offset:p.offset + p.size])
