"""A parsed member's values (`Values`, `MemberIn`), and the shapes the column reader gives
members straight from a chunk's converted columns (`Shape`).
"""
from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from jianpin.registry.codes import Relation


class Values(Mapping[str, Any]):
    """A member's values in little memory: a shared key → position map and a tuple of values."""

    __slots__ = ("_index", "_values")
    _shared: dict[tuple[str, ...], dict[str, int]] = {}

    def __init__(self, values: dict[str, Any]) -> None:
        self._index = self.index_for(tuple(values))
        self._values = tuple(values.values())

    @classmethod
    def index_for(cls, keys: tuple[str, ...]) -> dict[str, int]:
        index = cls._shared.get(keys)
        if index is None:
            index = cls._shared[keys] = {k: i for i, k in enumerate(keys)}
        return index

    @classmethod
    def restore(cls, index: dict[str, int], values: tuple[Any, ...]) -> Values:
        made = cls.__new__(cls)
        made._index, made._values = index, values
        return made

    def shape(self) -> dict[str, int]:
        """The key → position map, shared by every member with the same columns."""
        return self._index

    def values_tuple(self) -> tuple[Any, ...]:
        return self._values

    def __getitem__(self, key: str) -> Any:
        return self._values[self._index[key]]

    def get(self, key: str, default: Any = None) -> Any:
        i = self._index.get(key)
        return default if i is None else self._values[i]

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(self._index, self._values, strict=True))

    def items(self) -> zip[tuple[str, Any]]:  # type: ignore[override]  # no ItemsView copy
        return zip(self._index, self._values, strict=True)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class MemberIn:
    __slots__ = ("sheet", "row", "vals")

    def __init__(self, sheet: str, row: int, vals: dict[str, Any]) -> None:
        self.sheet, self.row, self.vals = sheet, row, Values(vals)

    @classmethod
    def restore(cls, sheet: str, row: int, index: dict[str, int],
                values: tuple[Any, ...]) -> MemberIn:
        made = cls.__new__(cls)
        made.sheet, made.row, made.vals = sheet, row, Values.restore(index, values)
        return made


def id_numbers(members: list[MemberIn]) -> list[Any]:
    """Each member's ID number (None where its values have none), read from the shared key
    map without a call per member."""
    out = []
    for m in members:
        vals = m.vals
        at = vals._index.get("id_number")
        out.append(None if at is None else vals._values[at])
    return out


_BIRTH_DATES: dict[str, dt.date] = {}


def birth_date(digits: str) -> dt.date:
    """The date in an ID's YYYYMMDD part (already validated); one shared object per date,
    so a county's members hold tens of thousands of dates rather than one per person."""
    found = _BIRTH_DATES.get(digits)
    if found is None:
        found = _BIRTH_DATES[digits] = dt.date(int(digits[:4]), int(digits[4:6]),
                                               int(digits[6:]))
    return found


class Shape:
    """The members of one blank-cell pattern of a chunk: which converted values a row keeps
    (`pick`, None for all), its keys as the row reader's dictionary has them, and the keys
    the ID number adds after them (birth date, then sex, when the file gives neither)."""

    __slots__ = ("pick", "index", "id_at", "relation_at", "added", "with_id", "derived")

    def __init__(self, names: list[str], blank: set[int]) -> None:
        kept = [i for i in range(len(names)) if i not in blank]
        keys = tuple(names[i] for i in kept)
        self.pick: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = (
            operator.itemgetter(*kept) if blank else None)
        self.index = Values.index_for(keys)
        # None: the row reader's path (a name or relation missing: errors to report)
        self.relation_at = keys.index("relation") if "name" in keys and "relation" in keys \
            else None
        self.id_at = keys.index("id_number") if "id_number" in keys else None
        self.added = tuple(k for k in ("birth_date", "sex") if k not in keys)
        self.with_id = Values.index_for(keys + self.added)
        # The values the ID number gives for the keys in `added`, in that order.
        self.derived: Callable[[str], tuple[Any, ...]] = _DERIVED[self.added]


def _sex(id_number: str) -> str:
    return "男" if int(id_number[16]) % 2 else "女"


_SEX = {str(d): "男" if d % 2 else "女" for d in range(10)}


def _birth_and_sex(n: str) -> tuple[Any, ...]:
    """(birth_date(n[6:14]), _sex(n)) with the date's memo read here, not through a call."""
    digits = n[6:14]
    return (_BIRTH_DATES.get(digits) or birth_date(digits), _SEX.get(n[16]) or _sex(n))


_DERIVED: dict[tuple[str, ...], Callable[[str], tuple[Any, ...]]] = {
    ("birth_date", "sex"): _birth_and_sex,
    ("birth_date",): lambda n: (_BIRTH_DATES.get(n[6:14]) or birth_date(n[6:14]),),
    ("sex",): lambda n: (_sex(n),),
    (): lambda n: (),
}


def heads(members: list[MemberIn]) -> list[MemberIn]:
    """The members whose relation is 本人 (`Values.get` without a call per member)."""
    head = Relation.HEAD
    out = []
    for m in members:
        v = m.vals
        i = v._index.get("relation")
        if i is not None and v._values[i] == head:
            out.append(m)
    return out
