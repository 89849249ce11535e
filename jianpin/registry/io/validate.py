"""Parse rows into households with their members, and check everything the file alone can show.

Checks that need the database (IDs held elsewhere, villages outside the user's area, what
is new or changed) live in `plan`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jianpin.registry import codes, income
from jianpin.registry.io.coerce import Bad, converter
from jianpin.registry.io.layouts import BY_KEY, label
from jianpin.registry.io.read import Sheet

TOLERANCE = Decimal("1.00")   # yuan: rounding in other systems' per-capita figures


@dataclass
class MemberIn:
    sheet: str
    row: int
    vals: dict[str, Any]


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
    village_code: str | None = None


@dataclass
class Parsed:
    households: dict[str, HouseholdIn] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_rows: set[tuple[str, int]] = field(default_factory=set)
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → key → header

    def error(self, sheet: str, row: int, column: str, value: Any, code: str, message: str) -> None:
        self.errors.append({"sheet": sheet, "row": row, "column": column,
                            "value": "" if value is None else str(value),
                            "code": code, "message": message})
        self.error_rows.add((sheet, row))

    def column(self, sheet: str, key: str) -> str:
        return self.headers.get(sheet, {}).get(key, label(key))


def parse(sheets: Iterable[Sheet], progress: Callable[[int], None] | None = None) -> Parsed:
    out = Parsed()
    ids: dict[str, int] = {}
    for sheet in sheets:
        cols = sheet.header.columns
        out.unknown_columns += [c for c in sheet.header.unknown if c not in out.unknown_columns]
        out.headers[sheet.name] = {}
        plan = []
        for key, col in cols.items():
            f = BY_KEY[key]
            out.headers[sheet.name][key] = sheet.header.names.get(key, label(key))
            plan.append((f.target, f.name, key, col, converter(f)))
        for number, cells in sheet.rows:
            _row(out, sheet.name, number, cells, plan, ids)
            out.rows += 1
            if progress and not out.rows % 2000:
                progress(out.rows)
        out.notes += sheet.notes
    for hh in out.households.values():
        _check_household(out, hh)
    return out


def _row(out: Parsed, sheet: str, number: int, cells: list[Any], plan: list, ids: dict) -> None:
    parts: dict[str, dict[str, Any]] = {"hh": {}, "m": {}, "meta": {}, "inc": {}, "chk": {}}
    width = len(cells)
    for target, name, key, col, conv in plan:
        raw = cells[col] if col < width else None
        if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
            continue
        try:
            parts[target][name] = conv(raw)
        except Bad as bad:
            out.error(sheet, number, out.column(sheet, key), raw, bad.code, bad.message)
            if key == "m.relation":
                parts["m"]["relation"] = None
    hv, mv = parts["hh"], parts["m"]
    number_text = hv.pop("number", None)
    if not number_text:
        if (sheet, number) not in out.error_rows:
            out.error(sheet, number, out.column(sheet, "hh.number"), "", "missing_value",
                      "户编号不能为空")
        return
    for key in ("name", "relation"):
        if key not in mv:
            out.error(sheet, number, out.column(sheet, f"m.{key}"), "", "missing_value",
                      f"{label('m.' + key)}不能为空")
            mv.setdefault(key, None)
    id_number = mv.get("id_number")
    if id_number:
        if "birth_date" not in mv:
            mv["birth_date"] = dt.date(int(id_number[6:10]), int(id_number[10:12]),
                                       int(id_number[12:14]))
        if "sex" not in mv:
            mv["sex"] = "男" if int(id_number[16]) % 2 else "女"
        first = ids.setdefault(id_number, number)
        if first != number:
            out.error(sheet, number, out.column(sheet, "m.id_number"), id_number,
                      "id_duplicate_in_file", f"身份证号与第 {first} 行重复，同一人只能出现一次")
            return
    hh = out.households.get(number_text)
    if hh is None:
        hh = out.households[number_text] = HouseholdIn(number_text, sheet, number)
    _merge(out, hh, sheet, number, parts)
    if mv["relation"] is None:
        hh.broken = True
    hh.members.append(MemberIn(sheet, number, mv))


def _merge(out: Parsed, hh: HouseholdIn, sheet: str, number: int, parts: dict) -> None:
    """Household columns repeat on every member row; they must agree."""
    for target in ("hh", "meta", "inc", "chk"):
        mine = getattr(hh, "vals" if target == "hh" else target)
        for name, value in parts[target].items():
            old = mine.get(name)
            if old is None:
                mine[name] = value
                hh.seen[f"{target}.{name}"] = number
            elif old != value:
                key = f"{target}.{name}"
                out.error(sheet, number, out.column(sheet, key), value, "household_conflict",
                          f"同一户（户编号 {hh.number}）第 {hh.seen[key]} 行填写为「{old}」，"
                          f"与本行不一致")


def _check_household(out: Parsed, hh: HouseholdIn) -> None:
    heads = [m for m in hh.members if m.vals.get("relation") == codes.Relation.HEAD]
    if not hh.broken and not heads:
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "m.relation"), "", "no_head",
                  f"户编号 {hh.number} 的成员中没有户主（与户主关系为“本人”的成员）")
    for extra in heads[1:]:
        out.error(extra.sheet, extra.row, out.column(extra.sheet, "m.relation"), "本人",
                  "two_heads", f"户编号 {hh.number} 有两名户主（第 {heads[0].row} 行已是户主）")
    if len(heads) == 1:
        head_name = hh.vals.get("head_name")
        if head_name and head_name != heads[0].vals.get("name"):
            out.error(hh.sheet, hh.row, out.column(hh.sheet, "hh.head_name"), head_name,
                      "head_name_mismatch",
                      f"户主姓名「{head_name}」与户主成员姓名「{heads[0].vals.get('name')}」不一致")
        hh.vals["head_name"] = heads[0].vals.get("name")
    size = hh.chk.get("size")
    if size is not None and size != len(hh.members):
        out.error(hh.sheet, hh.row, out.column(hh.sheet, "chk.size"), size, "size_mismatch",
                  f"家庭人口填写为 {size} 人，但表中该户有 {len(hh.members)} 名成员")
    _check_income(out, hh)


def income_amounts(inc: dict[str, Any]) -> dict[str, Decimal]:
    """The stored components; a national-layout transfer total lands in other_transfer."""
    amounts = {k: v for k, v in inc.items() if k != "transfer_total"}
    if "transfer_total" in inc:
        amounts["other_transfer"] = inc["transfer_total"]
    return amounts


def _check_income(out: Parsed, hh: HouseholdIn) -> None:
    if not hh.inc or not ({"per_capita_net", "net_income"} & hh.chk.keys()):
        return
    totals = income.compute(income_amounts(hh.inc), len(hh.members))
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
                  f"（纯收入 {totals.net_income} 元 ÷ {len(hh.members)} 人）")
