"""Whole-column conversion for the member columns of an import: one pass per column.

Each function returns, for every cell of a column, exactly what the column's memoised
converter (`coerce.memoised(coerce.bounded(...))`) returns for it: the value, BLANK, or the
`Bad` with its code and message. The common cells (well-formed ID numbers, plain text) are
settled inline in one loop; every other cell goes to the converter itself, so errors and
unusual values take the one path that defines them.
"""
from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import repeat
from typing import Any

from jianpin.kernel import ids
from jianpin.registry.io.coerce import _SURELY_PAST, BLANK, CENT, MEMO_LIMIT, Memoised

Column = Callable[[Sequence[Any]], list[Any]]

# ASCII digits only (`\d` would also take full-width digits, which the converter normalises).
_ID18 = re.compile(r"[1-9][0-9]{16}[0-9X]\Z")
_CHECK = ids.CHECK_CHARS
# YYYYMMDD → True when it is a real day from 1880 until before _SURELY_PAST (always in the
# past when this runs); False otherwise (the converter then decides, asking the clock).
_BIRTH_OK: dict[str, bool] = {}


def _birth_ok(digits: str) -> bool:
    found = _BIRTH_OK.get(digits)
    if found is None:
        try:
            day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            found = 1880 <= day.year and day < _SURELY_PAST
        except ValueError:
            found = False
        _BIRTH_OK[digits] = found
    return found


def memo_column(conv: Memoised) -> Column:
    """Columns of repeated values (codes, yes/no, dates, numbers): one dictionary look-up per
    cell over the whole column, the converter only for values not seen before (once per
    value: a value new to the chunk, a household number on each of its members' rows, is
    converted at its first cell and found in the memo at the others)."""
    memo = conv.memo

    def run(raw: Sequence[Any]) -> list[Any]:
        try:
            vals = list(map(memo.get, raw))
        except TypeError:       # an unhashable cell: the converter handles it
            return list(map(conv, raw))
        if None in vals:
            # a value new to the chunk: converted at its first cell, found at the others
            get, miss = memo.get, conv.miss
            for i in [i for i, v in enumerate(vals) if v is None]:
                r = raw[i]
                found = get(r)
                vals[i] = miss(r) if found is None else found
        return vals
    return run


def id_column(conv: Memoised) -> Column:
    """ID numbers: an 18-character number with a real birth date and a correct check
    character is itself; the weighted digit sum of GB 11643 (weights 2^(17-i) mod 11) is
    twice the first 17 digits read in base 13 (13 ≡ 2 mod 11), one C call per number."""
    match, ok, check = _ID18.match, _birth_ok, _CHECK

    def run(raw: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        add = out.append
        for r in raw:
            if r.__class__ is str and match(r) and ok(r[6:14]) and \
                    check[2 * int(r[:17], 13) % 11] == r[17]:
                add(r)
            else:
                add(conv(r))
        return out
    return run


def text_column(conv: Memoised, limit: int | None) -> Column:
    """Text: a string cell is its stripped self unless it is blank, longer than `limit`, or
    starts with the quote that protects a formula character (those go to the converter)."""
    most = limit or 1 << 62

    def run(raw: Sequence[Any]) -> list[Any]:
        if _ONLY_STR == set(map(type, raw)):
            out = list(map(str.strip, raw))
            # the usual column: no blank, none too long, no quote anywhere (C passes only)
            if "" not in out and max(map(len, out)) <= most and "'" not in "".join(out):
                return out
        else:
            out = [r.strip() if r.__class__ is str else r for r in raw]
        known = conv.memo.get
        for i in [i for i, s in enumerate(out)
                  if s.__class__ is not str or not s or s[0] == "'" or len(s) > most]:
            r = raw[i]
            try:
                found = known(r)        # blank cells: the memo's BLANK after the first
            except TypeError:           # an unhashable cell: the converter handles it
                found = None
            out[i] = conv(r) if found is None else found
        return out
    return run


def money_column(conv: Memoised) -> Column:
    """Amounts (money, or signed: the same for amounts not below zero): a cell not in the
    memo that is a whole number or a finite float, not below zero, is its `Decimal` rounded to
    the cent as `coerce._money` rounds it; anything else goes to the converter."""
    memo, limit = conv.memo, MEMO_LIMIT

    def run(raw: Sequence[Any]) -> list[Any]:
        try:
            vals = list(map(memo.get, raw))
        except TypeError:       # an unhashable cell: the converter handles it
            return list(map(conv, raw))
        if None not in vals:
            return vals
        for i in [i for i, v in enumerate(vals) if v is None]:
            r = raw[i]
            kind = r.__class__
            if kind is int and r >= 0:
                value = Decimal(r).quantize(CENT, ROUND_HALF_UP)
            elif kind is float and 0 <= r < _INF:
                value = Decimal(repr(r)).quantize(CENT, ROUND_HALF_UP)
            else:
                vals[i] = conv(r)
                continue
            vals[i] = value
            if len(memo) < limit:
                memo[r] = value
        return vals
    return run


_INF = float("inf")
_ONLY_STR = {str}


def vector(conv: Memoised, kind: str, limit: int | None) -> Column:
    """The whole-column converter for a field of this kind (`limit`: its longest text)."""
    if kind == "id":
        return id_column(conv)
    if kind == "text":
        return text_column(conv, limit)
    if kind in ("money", "signed"):
        return money_column(conv)
    return memo_column(conv)


class Filler:
    """A new household's values from its first row's converted cells, with nothing to report:
    for each blank-cell pattern, the names each of the household's dictionaries takes and one
    C-level pick of their values (the same dictionaries, in the same order, as taking the
    cells one by one)."""

    def __init__(self, targets: Sequence[int], names: Sequence[str], keys: Sequence[str]) -> None:
        self.targets, self.names, self.keys = list(targets), list(names), list(keys)
        self.patterns: dict[tuple[bool, ...], tuple[list[tuple[int, tuple[str, ...], Any]],
                                                     tuple[str, ...]]] = {}

    def __call__(self, into: Sequence[dict[str, Any]], seen: dict[str, int], number: int,
                 values: Sequence[Any]) -> None:
        blank = tuple(map(operator.is_, values, repeat(BLANK)))
        parts, given = self.patterns.get(blank) or self._pattern(blank)
        for target, names, pick in parts:
            into[target].update(zip(names, pick(values), strict=True))
        seen.update(dict.fromkeys(given, number))

    def _pattern(self, blank: tuple[bool, ...]) -> tuple[
            list[tuple[int, tuple[str, ...], Any]], tuple[str, ...]]:
        parts = []
        for target in sorted(set(self.targets)):
            at = [i for i, (t, b) in enumerate(zip(self.targets, blank, strict=True))
                  if t == target and not b]
            if at:
                parts.append((target, tuple(self.names[i] for i in at), _pick(at)))
        given = tuple(k for k, b in zip(self.keys, blank, strict=True) if not b)
        made = self.patterns[blank] = (parts, given)
        return made


def _pick(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    if len(positions) > 1:
        return operator.itemgetter(*positions)
    only = positions[0]
    return lambda values: (values[only],)


def picker(columns: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The cells at `columns` as a tuple (operator.itemgetter, which returns a bare value
    for one column and needs at least one)."""
    if len(columns) > 1:
        return operator.itemgetter(*columns)
    if columns:
        only = columns[0]
        return lambda cells: (cells[only],)
    return lambda cells: ()
