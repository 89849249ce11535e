"""Read a workbook's other sheets (see `sidesheets`) against its member sheet.

Runs after `validate.parse` has read the members. What has a home is applied: household
columns of 户信息 (living conditions included) fill what the member sheet left blank (and must
agree where both give a value), 务工所在县 becomes a member's work place when the member sheet
has none, 计划外出务工信息 answers become the member's. Work periods and village rows are kept
on `Parsed.side` for `periods` (months of work) and `sidewrite` (what to store). Columns with
no home are kept per sheet and row (`Parsed.unmapped_*`), so nothing in the file is lost.
Checks across sheets, each with a stable code: a household in 户信息 with no members
(`household_without_members`), a person in a side sheet who is not in the member sheet
(`side_member_missing`) or is there under another household (`side_household_mismatch`),
household sizes (`size_mismatch`), work periods that end before they start
(`work_dates_reversed`), village counts larger than their totals (`village_count_exceeds`)
and a village marked 出列 with no people (`village_without_people`).
"""
from __future__ import annotations

from typing import Any

from django.utils import timezone

from jianpin.registry.io import monitoring
from jianpin.registry.io.coerce import BLANK, Bad, bounded, converter, memoised
from jianpin.registry.io.layouts import BY_KEY, Field, label
from jianpin.registry.io.members import MemberIn, Values
from jianpin.registry.io.read import Sheet
from jianpin.registry.io.sidesheets import (
    HOUSEHOLDS,
    KIND_LABELS,
    MIGRANT,
    PLANNED,
    VILLAGE_PARTS,
    VILLAGES,
    columns_of,
)
from jianpin.registry.io.validate import HouseholdIn, Parsed

_PEOPLE_KEYS = ("hh.number", "m.id_number", "m.person_number", "m.name")
# Household fields 户信息 may fill; risk columns are folded into risk types before this runs,
# so they stay with the batch only.
_NOT_FROM_SIDE = {f"hh.risk_{i}" for i in range(1, 6)}
_PLACE_KEYS = ("meta.county_name", "meta.township_name", "meta.village_name", "meta.village_code")
_MONITORING = {"hh.risk_eliminated", "hh.elimination_method", "hh.monitoring_since",
               "hh.risk_eliminated_on", "hh.monitoring_kind"}


def apply(out: Parsed, sheets: list[tuple[str, Sheet]],
          added: dict[str, dict[str, str]] | None = None) -> None:
    """Read each (kind, sheet) and check it against the members already in `out`."""
    if not sheets:
        return
    people = _people(out)
    for kind, sheet in sheets:
        reader = _SideReader(out, kind, sheet, added or {}, people)
        for number, cells in sheet.rows:
            reader.row(number, cells)
        reader.finish()
        out.notes += sheet.notes


def _people(out: Parsed) -> dict[str, tuple[HouseholdIn, int]]:
    """ID number (and 人编号) → the household and the member's position in it."""
    found: dict[str, tuple[HouseholdIn, int]] = {}
    for hh in out.households.values():
        for i, m in enumerate(hh.members):
            for key in ("id_number", "person_number"):
                value = m.vals.get(key)
                if value:
                    found.setdefault(f"{key}:{value}", (hh, i))
    return found


class _SideReader:
    def __init__(self, out: Parsed, kind: str, sheet: Sheet, added: dict[str, dict[str, str]],
                 people: dict[str, tuple[HouseholdIn, int]]) -> None:
        self.out, self.kind, self.sheet, self.people = out, kind, sheet.name, people
        hm = sheet.header
        self.names = hm.cells
        self.width = len(hm.cells)
        self.kept = [i for i, c in enumerate(hm.cells) if c]
        wanted = [k for k in hm.columns if k in _PEOPLE_KEYS or k == "hh.status" or (
            kind == HOUSEHOLDS and (BY_KEY[k].target == "hh" or k == "chk.size")
            and k not in _NOT_FROM_SIDE) or (kind == VILLAGES and k in _PLACE_KEYS)]
        self.known = [(k, hm.columns[k], memoised(bounded(BY_KEY[k], added.get(
            BY_KEY[k].vocabulary_key)))) for k in wanted]
        # 户信息's own columns are household fields, read above as such
        self.own = [] if kind == HOUSEHOLDS else [
            (c.name, i, memoised(converter(Field(f"side.{c.name}", c.kind, None, None))))
            for c, i in columns_of(kind, hm.cells).values()]
        used = {i for k, i in hm.columns.items() if k.startswith(("meta.", "m."))} | {
            i for _k, i, _c in self.known} | {i for _name, i, _c in self.own}
        self.homeless = [i for i in self.kept if i not in used]
        homeless = [hm.cells[i] for i in self.homeless]
        out.unknown_columns += [c for c in homeless if c not in out.unknown_columns]
        if homeless:
            out.unmapped_columns[sheet.name] = homeless
        out.side.setdefault("sheets", {})[sheet.name] = [kind, hm.cells, self.homeless]
        out.headers[sheet.name] = dict(hm.names)
        self.rows = 0
        self.seen: set[str] = set()
        self.work: dict[tuple[str, int], tuple[Any, str]] = {}   # member → (start, county)
        self.refresh: set[str] = set()
        self.filled: dict[tuple[str, str], int] = {}   # (household, field) → row that gave it
        self.today = timezone.localdate()

    # -- helpers ---------------------------------------------------------------------------
    def err(self, row: int, column: str, value: Any, code: str, message: str) -> None:
        self.out.error(self.sheet, row, column, value, code, message)

    def head(self, key: str) -> str:
        return self.out.column(self.sheet, key)

    def convert(self, row: int, cells: list[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        known, own = {}, {}
        for key, col, conv in self.known:
            value = conv(cells[col])
            if value.__class__ is Bad:
                self.err(row, self.head(key), cells[col], value.code, value.message)
            elif value is not BLANK:
                known[key] = value
        for name, col, conv in self.own:
            value = conv(cells[col])
            if value.__class__ is Bad:
                self.err(row, self.names[col], cells[col], value.code, value.message)
            elif value is not BLANK:
                own[name] = value
        return known, own

    # -- rows ------------------------------------------------------------------------------
    def row(self, number: int, cells: list[Any]) -> None:
        if len(cells) < self.width:
            cells = [*cells, *[""] * (self.width - len(cells))]
        kept = tuple(cells[i] for i in self.homeless)
        if any(c not in (None, "") for c in kept):
            self.out.unmapped_rows.append((self.sheet, number, kept))
        self.rows += 1
        self.cells = cells
        known, own = self.convert(number, cells)
        if self.kind == VILLAGES:
            self.village(number, own)
            # matched to a village when the plan knows the user; kept whole if it is not
            self.out.side.setdefault("villages", []).append(
                [self.sheet, number, {k[5:]: v for k, v in known.items() if k in _PLACE_KEYS},
                 own, list(cells[:self.width])])
            return
        hh = self.household(number, known)
        person = self.person(number, known, hh)
        if self.kind == HOUSEHOLDS and hh is not None:
            self.household_values(number, known, hh)
            return
        holder = person[0] if person is not None else hh
        status = known.get("hh.status")
        if holder is not None and status is not None and holder.vals.get("status") \
                not in (None, status):
            self.err(number, self.head("hh.status"), status, "household_conflict",
                     f"户编号 {holder.number} 在成员表中户类型为「{holder.vals['status']}」，"
                     "与本表不一致")
        if self.kind == MIGRANT:
            self.migrant(number, own, person)
        elif self.kind == PLANNED and person is not None:
            self.planned(number, own, person)

    def household(self, number: int, known: dict[str, Any]) -> HouseholdIn | None:
        hh_number = known.get("hh.number")
        if hh_number is None:
            if self.kind == HOUSEHOLDS:
                self.err(number, self.head("hh.number"), "", "missing_value", "户编号不能为空")
            return None
        self.seen.add(hh_number)
        hh = self.out.households.get(hh_number)
        if hh is None and self.kind == HOUSEHOLDS:
            self.err(number, self.head("hh.number"), hh_number, "household_without_members",
                     f"户编号 {hh_number} 在成员表中没有任何成员")
        return hh

    def person(self, number: int, known: dict[str, Any],
               hh: HouseholdIn | None) -> tuple[HouseholdIn, int] | None:
        key = "m.id_number" if "m.id_number" in known else "m.person_number"
        value = known.get(key)
        if value is None:
            if self.kind in (MIGRANT, PLANNED):
                self.err(number, self.head("m.id_number"), "", "missing_value",
                         "证件号码不能为空（据此找到成员表中的这个人）")
            return None
        found = self.people.get(f"{key[2:]}:{value}")
        if found is None:
            self.err(number, self.head(key), value, "side_member_missing",
                     f"{label(key)} {value} 不在成员表中")
            return None
        holder = found[0]
        given = known.get("hh.number")
        if given is not None and given != holder.number:
            self.err(number, self.head("hh.number"), given, "side_household_mismatch",
                     f"此人在成员表中属于户编号 {holder.number}，本表填写为 {given}")
        return found

    def household_values(self, number: int, known: dict[str, Any], hh: HouseholdIn) -> None:
        size = known.get("chk.size")
        if size is not None and size != len(hh.members):
            self.err(number, self.head("chk.size"), size, "size_mismatch",
                     f"家庭人口填写为 {size} 人，但成员表中该户有 {len(hh.members)} 名成员")
        for key, value in known.items():
            f = BY_KEY[key]
            if f.target != "hh" or key == "hh.number":
                continue
            old = hh.vals.get(f.name)
            if old is None:
                hh.vals[f.name] = value
                self.filled[(hh.number, key)] = number
                if key in _MONITORING:
                    self.refresh.add(hh.number)
            elif old != value:
                mine = self.filled.get((hh.number, key))
                where = f"本表第 {mine} 行" if mine else (
                    f"成员表第 {hh.seen[key]} 行" if key in hh.seen else "成员表")
                self.err(number, self.head(key), _show(value), "household_conflict",
                         f"同一户（户编号 {hh.number}）{where}填写为「{_show(old)}」，与本表不一致")

    def migrant(self, number: int, own: dict[str, Any],
                person: tuple[HouseholdIn, int] | None) -> None:
        start, end = own.get("start"), own.get("end")
        if start is not None and end is not None and end < start:
            self.err(number, self._col("end"), self._raw("end"), "work_dates_reversed",
                     f"结束时间 {end:%Y-%m} 早于开始时间 {start:%Y-%m}")
        for name in ("start", "end"):
            when = own.get(name)
            if when is not None and when > self.today:
                self.err(number, self._col(name), self._raw(name), "future_date",
                         f"日期 {when:%Y-%m} 晚于今天")
        if person is not None and own:
            hh, i = person
            self.out.side.setdefault("periods", []).append(
                [hh.number, i, self.sheet, number, own])
        county = own.get("county")
        if person is None or not county or own.get("working") is False:
            return
        key = (person[0].number, person[1])
        earlier = self.work.get(key)
        if earlier is None or (start is not None and (earlier[0] is None or start > earlier[0])):
            self.work[key] = (start, county)

    def planned(self, number: int, own: dict[str, Any], person: tuple[HouseholdIn, int]) -> None:
        """是否计划务工 and 就业服务需求 become the member's; a second row must agree."""
        member = person[0].members[person[1]]
        for name, key in (("planning", "plans_work"), ("service_need", "work_service_need")):
            value = own.get(name)
            if value is None:
                continue
            old = member.vals.get(key)
            if old is None or old == "":
                set_member_value(member, key, value[:50] if isinstance(value, str) else value)
            elif old != value:
                self.err(number, self._col(name), self._raw(name), "member_conflict",
                         f"此人（{member.vals.get('name') or ''}）已填写为「{_show(old)}」，"
                         "与本行不一致")

    def _col(self, name: str) -> str:
        return next(self.names[i] for n, i, _ in self.own if n == name)

    def _raw(self, name: str) -> Any:
        return next(self.cells[i] for n, i, _ in self.own if n == name)

    def village(self, number: int, own: dict[str, Any]) -> None:
        for total, parts in VILLAGE_PARTS.items():
            whole = own.get(total)
            for part in parts:
                if whole is not None and own.get(part) is not None and own[part] > whole:
                    self.err(number, self._col(part), self._raw(part), "village_count_exceeds",
                             f"{self._col(part)} {own[part]} 大于{self._col(total)} {whole}")
        if own.get("exited") is True and own.get("people") == 0:
            self.err(number, self._col("people"), self._raw("people"), "village_without_people",
                     "已出列的行政村总人口数为 0")

    # -- end of sheet ----------------------------------------------------------------------
    def finish(self) -> None:
        placed = 0
        for (number, i), (_start, county) in self.work.items():
            member = self.out.households[number].members[i]
            if not member.vals.get("work_place") and len(county) <= 100:
                set_member_value(member, "work_place", county)
                placed += 1
        for number in self.refresh:
            _recheck(self.out, self.out.households[number])
        label_ = KIND_LABELS[self.kind]
        note = f"工作表「{self.sheet}」按{label_}读取 {self.rows} 行，已与成员表核对"
        if self.kind == MIGRANT:
            note += f"；{placed} 人的务工所在县记为务工地点（成员表未填写的）"
        if self.kind == HOUSEHOLDS:
            absent = [n for n in self.out.households if n not in self.seen]
            if absent:
                note += (f"；成员表中有 {len(absent)} 户不在本表中（如户编号 {absent[0]}），"
                         "其户信息按成员表导入")
        if self.homeless:
            note += "；本系统没有对应字段的列连同各行的值保存在导入批次上"
        self.out.notes.append(note)


def _show(value: Any) -> Any:
    """A value as the sheets write it (是/否 for yes and no)."""
    return {True: "是", False: "否"}.get(value, value) if value.__class__ is bool else value


def set_member_value(member: MemberIn, key: str, value: Any) -> None:
    member.vals = Values({**member.vals.as_dict(), key: value})


def _recheck(out: Parsed, hh: HouseholdIn) -> None:
    """Run the monitoring checks again on a household 户信息 completed; errors the member
    sheet's values already raised are not repeated."""
    before = {(e["sheet"], e["row"], e["column"], e["code"]) for e in out.errors}
    start = len(out.errors)
    monitoring.check(out, hh)
    fresh = [e for e in out.errors[start:]
             if (e["sheet"], e["row"], e["column"], e["code"]) not in before]
    del out.errors[start:]
    out.errors += fresh

