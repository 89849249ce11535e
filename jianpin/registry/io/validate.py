"""Parse rows into households with their members, and check everything the file alone can show.

Checks that need the database (IDs held elsewhere, villages outside the user's area, what
is new or changed) live in `plan`.
"""
from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice, repeat
from typing import Any, cast

from django.utils import timezone

from jianpin.kernel.cells import typed_text
from jianpin.registry import codes, income
from jianpin.registry.io import columns, monitoring
from jianpin.registry.io.coerce import BLANK, Bad, CertifiedId, bounded, max_lengths, memoised
from jianpin.registry.io.layouts import BY_KEY, label
from jianpin.registry.io.members import MemberIn, Shape, Values, birth_date
from jianpin.registry.io.members import heads as members_heads
from jianpin.registry.io.read import Sheet

TOLERANCE = Decimal("1.00")
CHUNK = 2000   # yuan: rounding in other systems' per-capita figures


@dataclass
class HouseholdIn:
    number: str
    sheet: str
    row: int
    vals: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    inc: dict[str, Any] = field(default_factory=dict)
    chk: dict[str, Any] = field(default_factory=dict)
    members: list[MemberIn] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)   # field key → row that gave it
    broken: bool = False          # a member row had an unusable relation
    raw: tuple[Any, ...] = ()     # the household cells as first seen
    flawed: bool = False          # a household cell was unusable: skip derived checks
    village_code: str | None = None
    # (persons, income.Totals) of the file's own amounts, as the income check computed them
    totals: tuple[int, income.Totals] | None = None
    amounts: dict[str, Decimal] | None = None     # `income_amounts(inc)`, as the check made it


@dataclass
class Parsed:
    households: dict[str, HouseholdIn] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_rows: set[tuple[str, int]] = field(default_factory=set)
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → header
    orphans: int = 0              # rows without a household number
    # Columns with no home in jianpin, kept with the batch so nothing in the file is lost:
    # sheet → column names, and (sheet, row, values) for each row with any value in them.
    unmapped_columns: dict[str, list[str]] = field(default_factory=dict)
    unmapped_rows: list[tuple[str, int, tuple[Any, ...]]] = field(default_factory=list)
    # Numbers held outside the importer's area: (kind, value, importing village, holder's
    # village); each becomes a county verification task, never a "held elsewhere" message.
    verifications: list[tuple[str, str, str, str]] = field(default_factory=list)
    # What the monitoring system's other sheets give (see `crosscheck`): "sheets" name →
    # [kind, header cells, kept positions]; "periods", "villages" rows to store.
    side: dict[str, Any] = field(default_factory=dict)

    def error(self, sheet: str, row: int, column: str, value: Any, code: str, message: str) -> None:
        self.errors.append({"sheet": sheet, "row": row, "column": column,
                            "value": typed_text(value),
                            "code": code, "message": message})
        self.error_rows.add((sheet, row))

    def column(self, sheet: str, key: str) -> str:
        return self.headers.get(sheet, {}).get(key, label(key))


def parse(sheets: Iterable[Sheet], progress: Callable[[int], None] | None = None,
          added: dict[str, dict[str, str]] | None = None, columnar: bool = True) -> Parsed:
    """`added`: national spellings added by county officers, by vocabulary key. `columnar`
    False reads with the older reader, cell by cell through the memo (kept to compare with)."""
    make = _ColumnReader if columnar else _RowReader
    out = Parsed()
    ids: dict[str, int] = {}
    for sheet in sheets:
        cols = sheet.header.columns
        out.unknown_columns += [c for c in sheet.header.unknown if c not in out.unknown_columns]
        out.headers[sheet.name] = {k: sheet.header.names.get(k, label(k)) for k in cols}
        if sheet.header.unknown_at:
            out.unmapped_columns[sheet.name] = list(sheet.header.kept_names)
            out.side.setdefault("sheets", {})[sheet.name] = [
                "members", sheet.header.cells, list(sheet.header.unknown_at)]
        reader = make(out, sheet.name, cols, ids, sheet.header.unknown_at, added or {})
        rows = iter(sheet.rows)
        while batch := list(islice(rows, CHUNK)):     # a chunk's rows taken in one C loop
            reader.chunk(batch)
            if progress and len(batch) == CHUNK:
                progress(out.rows)
        out.notes += sheet.notes
    today = timezone.localdate()
    # The monitoring checks only where a sheet has one of their columns (without any, a
    # household holds none of their values and each check would return at once).
    watched = any(not monitoring.WATCHED.isdisjoint(
        {BY_KEY[k].name for k in keys if BY_KEY[k].target == "hh"}) for keys in out.headers.values())
    for hh in out.households.values():
        _check_household(out, hh, today, watched)
    return out


class _RowReader:
    """Convert one sheet's rows in chunks, column by column (most cells are a memo hit);
    household columns are converted once per household."""

    def __init__(self, out: Parsed, sheet: str, cols: dict[str, int], ids: dict[str, int],
                 unknown_at: list[int] | None = None,
                 added: dict[str, dict[str, str]] | None = None) -> None:
        self.out, self.sheet, self.ids = out, sheet, ids
        self.unknown = columns.picker(unknown_at or [])
        self.keep_unknown = bool(unknown_at)
        self.width = max([*cols.values(), *(unknown_at or [])]) + 1
        added = added or {}
        plan = [(BY_KEY[k], col, memoised(bounded(BY_KEY[k], added.get(
            BY_KEY[k].vocabulary_key)))) for k, col in cols.items() if BY_KEY[k].target != "skip"]
        self.number = next(p for p in plan if p[0].key == "hh.number")
        self.members = [(f.name, f.key, col, conv) for f, col, conv in plan if f.target == "m"]
        self.names = [m[0] for m in self.members]
        self.rest = [(f.target, f.name, f.key, col, conv) for f, col, conv in plan
                     if f.target != "m" and f.key != "hh.number"]
        self.rest_cells = columns.picker([p[3] for p in self.rest])
        # The same, as `_household` walks it: where the value goes, its memo's look-up.
        self.rest_walk = [(_TARGETS.index(target), name, key, conv.memo.get, conv)
                          for target, name, key, _col, conv in self.rest]
        # A new household's values in one step (`columns.Filler`), unless two columns give
        # the same value (the second would be compared with the first).
        spots = [(w[0], w[1]) for w in self.rest_walk]
        self.fill = columns.Filler([w[0] for w in self.rest_walk], [w[1] for w in self.rest_walk],
                                   [w[2] for w in self.rest_walk]) \
            if len(set(spots)) == len(spots) else None

    def bad(self, number: int, key: str, raw: Any, bad: Bad) -> None:
        self.out.error(self.sheet, number, self.out.column(self.sheet, key), raw, bad.code,
                       bad.message)

    def chunk(self, batch: list[tuple[int, list[Any]]]) -> None:
        if not batch:
            return
        width = self.width
        padded = [c if len(c) >= width else [*c, *[""] * (width - len(c))] for _, c in batch]
        columns = list(zip(*padded, strict=False))
        values = []
        for name, key, col, conv in self.members:
            raw = columns[col]
            vals = list(map(conv.memo.get, raw))
            if None in vals:
                miss = conv.miss
                vals = [miss(r) if v is None else v for v, r in zip(vals, raw, strict=True)]
            if Bad in set(map(type, vals)):
                for i, v in enumerate(vals):
                    if v.__class__ is Bad:
                        self.bad(batch[i][0], key, raw[i], v)
                        # None: reported here, not again as a missing value
                        vals[i] = None if name in ("relation", "name") else BLANK
            values.append(vals)
        names = self.names
        for (number, _), cells, row_vals in zip(batch, padded, zip(*values, strict=True),
                                                strict=True):
            mv = {k: v for k, v in zip(names, row_vals, strict=True) if v is not BLANK}
            self.row(number, cells, mv)
        self.out.rows += len(batch)

    def row(self, number: int, cells: list[Any], mv: dict[str, Any]) -> None:
        """One row; `cells` is padded to the sheet's width."""
        _, col, conv = self.number
        self.row_of(number, cells, mv, conv(cells[col]))

    def row_of(self, number: int, cells: list[Any], mv: dict[str, Any], hh_number: Any) -> None:
        """`row` with the household number already converted."""
        out = self.out
        if self.keep_unknown:
            self.unmapped(number, cells)
        if hh_number is BLANK or hh_number.__class__ is Bad:
            out.orphans += 1
            if hh_number is BLANK:
                out.error(self.sheet, number, out.column(self.sheet, "hh.number"), "",
                          "missing_value", "户编号不能为空")
            else:
                self.bad(number, "hh.number", cells[self.number[1]], cast(Bad, hh_number))
            return
        if "name" not in mv or "relation" not in mv:
            for key in ("name", "relation"):
                if key not in mv:
                    out.error(self.sheet, number, out.column(self.sheet, f"m.{key}"), "",
                              "missing_value", f"{label('m.' + key)}不能为空")
                    mv[key] = None
        if not self._identity(number, mv):
            return
        self.join(hh_number, number, cells, MemberIn(self.sheet, number, mv))

    def unmapped(self, number: int, cells: list[Any]) -> None:
        extra = self.unknown(cells)
        if extra.count("") + extra.count(None) != len(extra):
            self.out.unmapped_rows.append((self.sheet, number, extra))

    def join(self, hh_number: str, number: int, cells: list[Any], member: MemberIn) -> None:
        """Add a checked member to its household, taking the household's cells."""
        out = self.out
        hh = out.households.get(hh_number)
        if hh is None:
            hh = out.households[hh_number] = HouseholdIn(hh_number, self.sheet, number)
        raw = self.rest_cells(cells)
        if hh.raw != raw:
            self._household(hh, number, raw, self._converted(raw))
            hh.raw = hh.raw or raw
        if member.vals["relation"] is None:
            hh.broken = True
        hh.members.append(member)

    def _identity(self, number: int, mv: dict[str, Any]) -> bool:
        id_number = mv.get("id_number")
        if not id_number:
            return True
        first = self.ids.setdefault(id_number, number)
        if first != number:
            self.out.error(self.sheet, number, self.out.column(self.sheet, "m.id_number"),
                           id_number, "id_duplicate_in_file",
                           f"身份证号与第 {first} 行重复，同一人只能出现一次")
            return False
        if id_number.__class__ is CertifiedId:    # a disability certificate number
            mv["id_number"] = str(id_number)
            mv.setdefault("disability_grade", id_number.grade)
            mv.setdefault("id_type", codes.IdType.DISABILITY)
        if "birth_date" not in mv:
            mv["birth_date"] = birth_date(id_number[6:14])
        if "sex" not in mv:
            mv["sex"] = "男" if int(id_number[16]) % 2 else "女"
        return True

    def _converted(self, raw: tuple[Any, ...]) -> Sequence[Any]:
        """The household cells of a row converted one by one (through each column's memo)."""
        out = []
        for (_target, _name, _key, known, conv), cell in zip(self.rest_walk, raw, strict=True):
            try:
                value = known(cell, _MISSING)
            except TypeError:           # an unhashable cell: the converter handles it
                value = _MISSING
            out.append(conv(cell) if value is _MISSING else value)
        return out

    def _household(self, hh: HouseholdIn, number: int, raw: tuple[Any, ...],
                   converted: Sequence[Any], clean: bool | None = None) -> None:
        """Take household values (`converted`: the cells of `raw`, converted) from the first
        row; later rows must agree. `clean`: whether `converted` is known to hold no `Bad`."""
        into = (hh.vals, hh.meta, hh.inc, hh.chk)
        seen = hh.seen
        if clean is None:
            clean = Bad not in set(map(type, converted))
        if not seen and self.fill is not None and clean:
            self.fill(into, seen, number, converted)       # a new household, nothing to report
            return
        for (target, name, key, _known, _conv), cell, value in zip(
                self.rest_walk, raw, converted, strict=True):
            if value is BLANK:
                continue
            if value.__class__ is Bad:
                self.bad(number, key, cell, value)
                hh.flawed = True
                continue
            mine = into[target]
            old = mine.get(name)
            if old is None:
                mine[name] = value
                seen[key] = number
            elif old != value:
                self.out.error(self.sheet, number, self.out.column(self.sheet, key), cell,
                               "household_conflict",
                               f"同一户（户编号 {hh.number}）第 {hh.seen[key]} 行填写为「{old}」，"
                               "与本行不一致")


_TARGETS = ("hh", "meta", "inc", "chk")     # HouseholdIn's vals, meta, inc, chk
_MISSING = object()


class _ColumnReader(_RowReader):
    """The same reading with each member column converted in one pass (`columns`), and the
    household numbers of a chunk looked up at once; what a row does with its values (and the
    order of the errors) is the row reader's."""

    def __init__(self, out: Parsed, sheet: str, cols: dict[str, int], ids: dict[str, int],
                 unknown_at: list[int] | None = None,
                 added: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__(out, sheet, cols, ids, unknown_at, added)
        limits = max_lengths()
        self.vectors = [columns.vector(conv, BY_KEY[key].kind, limits.get(key))
                        for _name, key, _col, conv in self.members]
        self.numbers = columns.memo_column(self.number[2])
        self.hh_vectors = [columns.vector(conv, BY_KEY[key].kind, limits.get(key))
                           for _target, _name, key, _col, conv in self.rest]

    def _prepare(self, padded: list[list[Any]]) -> tuple[
            list[tuple[Any, ...]], list[Any], list[bool], list[bool]]:
        """Each row's household cells, and them converted, column by column: once for each
        run of rows with the same cells (a household's rows), shared by the run's rows; and
        for each row, whether it starts a run and whether its run's values hold a `Bad`."""
        raws = list(map(self.rest_cells, padded))
        starts = [i for i, (r, before) in enumerate(zip(raws, [None, *raws], strict=False))
                  if r != before]
        fresh = [False] * len(raws)
        for i in starts:
            fresh[i] = True
        if not self.hh_vectors:
            return raws, [()] * len(raws), fresh, [False] * len(raws)
        distinct = [raws[i] for i in starts]
        values = [convert(list(col)) for convert, col in
                  zip(self.hh_vectors, zip(*distinct, strict=True), strict=True)]
        flawed: set[int] = set()    # runs with a value to report
        for vals in values:
            if Bad in set(map(type, vals)):
                flawed.update(i for i, v in enumerate(vals) if v.__class__ is Bad)
        converted: list[Any] = []
        bad: list[bool] = []
        for run, (converted_run, first, after) in enumerate(zip(
                zip(*values, strict=True), starts, [*starts[1:], len(raws)], strict=True)):
            converted += [converted_run] * (after - first)
            bad += [run in flawed] * (after - first)
        return raws, converted, fresh, bad

    def chunk(self, batch: list[tuple[int, list[Any]]]) -> None:
        if not batch:
            return
        width = self.width
        padded = [c if len(c) >= width else [*c, *[""] * (width - len(c))] for _, c in batch]
        cols = list(zip(*padded, strict=False))
        raws, converted, fresh, flawed = self._prepare(padded)
        values = []
        for (name, key, col, _conv), convert in zip(self.members, self.vectors, strict=True):
            raw = cols[col]
            vals = convert(raw)
            if Bad in set(map(type, vals)):
                for i, v in enumerate(vals):
                    if v.__class__ is Bad:
                        self.bad(batch[i][0], key, raw[i], v)
                        vals[i] = None if name in ("relation", "name") else BLANK
            values.append(vals)
        numbers = self.numbers(cols[self.number[1]])
        # Each row's member straight from its converted values: a shape per blank-cell
        # pattern (only columns where the chunk has blanks), the ID's birth date and sex
        # added after them; a row with anything to report takes the row reader's path.
        names, ids, sheet = self.names, self.ids, self.sheet
        # Each row's blank-cell pattern, made column by column (one C pass per column).
        blanks = [list(map(operator.is_, vals, repeat(BLANK))) for vals in values]
        gaps = [i for i, flags in enumerate(blanks) if True in flags]
        patterns = zip(*[blanks[i] for i in gaps], strict=True) if gaps else repeat(())
        shapes: dict[tuple[bool, ...], Shape] = {}
        keep_unknown, new_member, new_values = self.keep_unknown, MemberIn.__new__, Values.__new__
        households = self.out.households
        # The household of the row before and whether its cells were the stored ones: a
        # row continuing a run of equal cells (not `fresh`) then needs no comparison.
        last: HouseholdIn | None = None
        last_same = False
        for (number, _), cells, row_vals, hh_number, raw, hh_values, blank, new_run, bad in zip(
                batch, padded, zip(*values, strict=True), numbers, raws, converted, patterns,
                fresh, flawed, strict=True):
            shape = shapes.get(blank)
            if shape is None:
                shape = shapes[blank] = Shape(
                    names, {i for i, b in zip(gaps, blank, strict=True) if b})
            if shape.relation_at is None or hh_number is BLANK or hh_number.__class__ is Bad:
                self.row_of(number, cells, _present(names, row_vals), hh_number)
                last = None
                continue
            given = row_vals if shape.pick is None else shape.pick(row_vals)
            index = shape.index
            if shape.id_at is not None:
                id_number = given[shape.id_at]
                if id_number.__class__ is not str or not id_number or \
                        ids.setdefault(id_number, number) != number:
                    self.row_of(number, cells, _present(names, row_vals), hh_number)
                    last = None
                    continue
                given += shape.derived(id_number)
                index = shape.with_id
            if keep_unknown:
                self.unmapped(number, cells)
            # `join`, inline: the household, its cells taken or compared, the member added
            hh = households.get(hh_number)
            if hh is None:
                hh = households[hh_number] = HouseholdIn(hh_number, sheet, number)
            if hh is last and last_same and not new_run:
                pass                            # the same cells as the row before
            elif hh.raw != raw:
                stored = hh.raw
                self._household(hh, number, raw, hh_values, not bad)
                hh.raw = stored or raw
                last_same = not stored
            else:
                last_same = True
            last = hh
            if given[shape.relation_at] is None:
                hh.broken = True
            member = new_member(MemberIn)       # MemberIn.restore, without its two calls
            member.sheet, member.row = sheet, number
            member.vals = kept = new_values(Values)
            kept._index, kept._values = index, given
            hh.members.append(member)
        self.out.rows += len(batch)


def _present(names: list[str], row_vals: tuple[Any, ...]) -> dict[str, Any]:
    return {k: v for k, v in zip(names, row_vals, strict=True) if v is not BLANK}


def _check_household(out: Parsed, hh: HouseholdIn, today: dt.date | None = None,
                     watched: bool = True) -> None:
    if watched:
        monitoring.collect_risks(hh)
        monitoring.check(out, hh, today)
    heads = members_heads(hh.members)
    if not hh.broken and not heads:
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "m.relation"), "", "no_head",
                  f"户编号 {hh.number} 的成员中没有户主（与户主关系为“本人”的成员）")
    for extra in heads[1:]:
        out.error(extra.sheet, extra.row, out.column(extra.sheet, "m.relation"), "本人",
                  "two_heads", f"户编号 {hh.number} 有两名户主（第 {heads[0].row} 行已是户主）")
    if len(heads) == 1:
        head = heads[0].vals
        name = head.get("name")
        head_name = hh.vals.get("head_name")
        if head_name and name and head_name != name:
            out.error(hh.sheet, hh.row, out.column(hh.sheet, "hh.head_name"), head_name,
                      "head_name_mismatch",
                      f"户主姓名「{head_name}」与户主成员姓名「{name}」不一致")
        hh.vals["head_name"] = name or head_name
        head_id = hh.chk.get("head_id")
        if head_id and head.get("id_number") and head_id != head["id_number"]:
            out.error(hh.sheet, hh.row, out.column(hh.sheet, "chk.head_id"), head_id,
                      "head_id_mismatch", "户主证件号码与户主成员的证件号码不一致")
    size = hh.chk.get("size")
    if size is not None and size != len(hh.members) and not out.orphans:
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "chk.size"), size, "size_mismatch",
                  f"家庭人口填写为 {size} 人，但表中该户有 {len(hh.members)} 名成员")
    annual = hh.vals.get("annual_size")
    if annual == 0 or (annual is not None and annual > 2 * max(size or 0, len(hh.members)) + 2):
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "hh.annual_size"), annual,
                  "annual_size_mismatch",
                  f"年度家庭人口数填写为 {annual} 人，与当前家庭人口 {size or len(hh.members)} 人"
                  "相差过大（年度人口只因年内出生、死亡、婚嫁等增减）")
    _check_income(out, hh)


_TRANSFER_PARTS = ("family_planning", "dibao_amount", "tekun_amount", "pension",
                   "eco_compensation", "other_transfer")
_PARTS_BUT_OTHER = _TRANSFER_PARTS[:-1]
_NOUGHT = Decimal(0)


def income_amounts(inc: dict[str, Any]) -> dict[str, Decimal]:
    """The stored components; a transfer total given with some of its parts (the monitoring
    export) leaves its remainder in other_transfer, given alone it all lands there."""
    amounts = dict(inc)
    total = amounts.pop("transfer_total", None)
    if total is not None:
        parts = _NOUGHT
        for k in _PARTS_BUT_OTHER:
            if k in amounts:
                parts += amounts[k]
        rest = total - parts
        if "other_transfer" not in amounts or rest > amounts["other_transfer"]:
            amounts["other_transfer"] = max(rest, _NOUGHT)
    return amounts


def _check_income(out: Parsed, hh: HouseholdIn) -> None:
    chk = hh.chk
    if hh.flawed or out.orphans or not hh.inc or ("per_capita_net" not in chk
                                                   and "net_income" not in chk):
        return
    persons = hh.vals.get("annual_size") or len(hh.members)
    hh.amounts = amounts = income_amounts(hh.inc)
    totals = income.compute(amounts, persons)
    hh.totals = (persons, totals)
    given_net = hh.chk.get("net_income")
    if given_net is not None and abs(given_net - totals.net_income) > TOLERANCE:
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "chk.net_income"), given_net,
                  "income_mismatch",
                  f"家庭纯收入填写为 {given_net} 元，按各项收入计算应为 {totals.net_income} 元")
    given_pc = hh.chk.get("per_capita_net")
    if given_pc is not None and abs(given_pc - totals.per_capita_net) > TOLERANCE:
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "chk.per_capita_net"), given_pc,
                  "income_mismatch",
                  f"人均纯收入填写为 {given_pc} 元，按各项收入计算应为 {totals.per_capita_net} 元"
                  f"（纯收入 {totals.net_income} 元 ÷ {persons} 人）")
