"""Compare the parsed file with the database: what is new, changed or unchanged, and what clashes.

All look-ups are bulk, in chunks under SQLite's parameter limit.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jianpin.kernel.money import ZERO
from jianpin.registry import codes, income
from jianpin.registry.io.validate import HouseholdIn, MemberIn, Parsed, income_amounts
from jianpin.registry.io.villages import area_prefix
from jianpin.registry.models import Household, IncomeRecord, Member

CHUNK = 900
HH_FIELDS = ("status", "attribute", "monitoring_kind", "main_cause", "address", "housing_grade",
             "relocated", "water_safe", "sanitary_toilet", "farmland_mu")
M_FIELDS = ("name", "id_number", "relation", "sex", "birth_date", "ethnicity", "education",
            "school_status", "health", "disability_grade", "labour_ability", "work_status",
            "work_months", "work_place", "medical_insurance", "serious_illness_insurance",
            "pension_insurance", "dibao", "tekun", "phone")
INC_FIELDS = (*income.INCOME_FIELDS, "persons", "transfer_income", "net_income",
              "per_capita_net", "rigid_spending")


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Change:
    pk: int | None                      # None: a new record
    values: dict[str, Any]              # new: every value; update: the changed ones
    before: dict[str, Any] = field(default_factory=dict)
    new: bool = False

    def __post_init__(self) -> None:
        self.new = self.pk is None

    @property
    def state(self) -> str:
        return "new" if self.new else ("updated" if self.values else "unchanged")


@dataclass
class HouseholdPlan:
    source: HouseholdIn
    household: Change
    members: list[tuple[MemberIn, Change]]
    income: Change | None
    year: int
    version: int = 0
    unchanged_members: int = 0      # kept as a count: a county re-import has 400k of them

    @property
    def changed(self) -> bool:
        return self.household.state != "unchanged" or (
            self.income is not None and self.income.state != "unchanged") or any(
            c.state != "unchanged" for _, c in self.members)


@dataclass
class Plan:
    households: list[HouseholdPlan] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {k: {"new": 0, "updated": 0, "unchanged": 0}
               for k in ("households", "members", "incomes")}
        for hp in self.households:
            state = "new" if hp.household.new else ("updated" if hp.changed else "unchanged")
            out["households"][state] += 1
            for _, change in hp.members:
                out["members"][change.state] += 1
            out["members"]["unchanged"] += hp.unchanged_members
            if hp.income is not None:
                out["incomes"][hp.income.state] += 1
        return out


def _diff(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    return changed, {k: old.get(k) for k in changed}


def build(parsed: Parsed, user: Any, year: int) -> Plan:
    prefix = area_prefix(user)
    files = parsed.households
    existing = {}
    for batch in chunks(files):
        for row in Household.objects.filter(number__in=batch).values(
                "id", "number", "village_id", "version", "head_name", "size", *HH_FIELDS):
            existing[row["number"]] = row
    for number, row in existing.items():
        if not row["village_id"].startswith(prefix):
            hh = files[number]
            parsed.error(hh.sheet, hh.row, parsed.column(hh.sheet, "hh.number"), number,
                         "out_of_area", f"户编号 {number} 已登记在您管辖区域以外的行政村")
    by_id = _members_by_id(parsed)
    in_hh = _members_of([r["id"] for r in existing.values()], by_id)
    _check_ids(parsed, by_id, prefix)
    years = {hh.number: int(hh.meta.get("year") or year) for hh in files.values()}
    incomes = _incomes([r["id"] for r in existing.values()], set(years.values()))
    plan = Plan()
    for number, hh in files.items():
        old = existing.get(number)
        plan.households.append(_household(parsed, hh, old, by_id, in_hh, incomes, years[number]))
    return plan


M_COLUMNS = ("id", "household_id", "household__number", "household__head_name", "deceased_on",
             "household__village_id", *M_FIELDS)
_MI = {name: i for i, name in enumerate(M_COLUMNS)}


class MemberRow(tuple):
    """A stored member as a compact tuple, read like a dict (a county holds 400k of them)."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        return tuple.__getitem__(self, _MI[key] if key.__class__ is str else key)

    def get(self, key: str, default: Any = None) -> Any:
        i = _MI.get(key)
        return default if i is None else tuple.__getitem__(self, i)


def _members_by_id(parsed: Parsed) -> dict[str, MemberRow]:
    wanted = [m.vals["id_number"] for hh in parsed.households.values() for m in hh.members
              if m.vals.get("id_number")]
    out = {}
    for batch in chunks(wanted):
        for row in Member.objects.filter(id_number__in=batch).values_list(*M_COLUMNS):
            out[row[_MI["id_number"]]] = MemberRow(row)
    return out


def _members_of(household_ids: list[int], by_id: dict[str, MemberRow]) -> dict[int, list[MemberRow]]:
    known = {r[0]: r for r in by_id.values()}
    out: dict[int, list[MemberRow]] = {}
    for batch in chunks(household_ids):
        for row in Member.objects.filter(household_id__in=batch).values_list(*M_COLUMNS):
            out.setdefault(row[1], []).append(known.get(row[0]) or MemberRow(row))
    return out


def _incomes(household_ids: list[int], years: set[int]) -> dict[tuple[int, int], dict[str, Any]]:
    out = {}
    for batch in chunks(household_ids):
        for row in IncomeRecord.objects.filter(household_id__in=batch, year__in=years).values(
                "id", "household_id", "year", *INC_FIELDS):
            out[(row["household_id"], row["year"])] = row
    return out


def _check_ids(parsed: Parsed, by_id: dict[str, dict[str, Any]], prefix: str) -> None:
    for hh in parsed.households.values():
        for m in hh.members:
            row = by_id.get(m.vals.get("id_number") or "")
            if row is None or row["household__number"] in parsed.households:
                continue
            if not row["household__village_id"].startswith(prefix):
                # Another area's household is never named to this user.
                parsed.error(m.sheet, m.row, parsed.column(m.sheet, "m.id_number"),
                             m.vals["id_number"], "id_in_other_household",
                             "此身份证号已在其他地区登记，同一人只能属于一户，请联系上级核实")
            else:
                parsed.error(m.sheet, m.row, parsed.column(m.sheet, "m.id_number"),
                             m.vals["id_number"], "id_in_other_household",
                             f"此身份证号已登记在户 {row['household__number']}"
                             f"（户主 {row['household__head_name']}）中，该户不在本文件内；"
                             "同一人只能属于一户")


def _household(parsed: Parsed, hh: HouseholdIn, old: dict[str, Any] | None,
               by_id: dict, in_hh: dict, incomes: dict, year: int) -> HouseholdPlan:
    values = dict(hh.vals)
    if hh.village_code:
        values["village_id"] = hh.village_code
    pk = old["id"] if old else None
    mine = in_hh.get(pk, []) if pk else []
    matched: set[int] = set()
    members = []
    unchanged = 0
    for m in hh.members:
        if (m.sheet, m.row) in parsed.error_rows:
            continue            # counted as a row with errors, not as a person
        row = by_id.get(m.vals.get("id_number") or "") or _by_name(mine, m, matched)
        if row is None:
            members.append((m, Change(None, m.vals)))  # type: ignore[arg-type]
            continue
        matched.add(row["id"])
        changed, before = _diff(row, m.vals)
        if row["household_id"] != pk:
            changed["household_id"], before["household_id"] = None, row["household_id"]
        if changed:
            members.append((m, Change(row["id"], changed, before)))
        else:
            unchanged += 1
    staying = [r for r in mine if r["id"] not in matched and r["deceased_on"] is None
               and not (r["id_number"] and r["id_number"] in by_id)]
    if any(r["relation"] == codes.Relation.HEAD for r in staying) and any(
            m.vals.get("relation") == codes.Relation.HEAD for m in hh.members):
        parsed.error(hh.sheet, hh.row, parsed.column(hh.sheet, "m.relation"), "本人", "two_heads",
                     f"户编号 {hh.number} 在系统中已有户主（未列在本文件中），一户只能有一名户主")
    values["size"] = len(hh.members) + len(staying)
    if old is None:
        household = Change(None, values)
    else:
        changed, before = _diff(old, values)
        household = Change(pk, changed, before)
    inc = _income(hh, incomes.get((pk, year)) if pk else None, values["size"])
    return HouseholdPlan(hh, household, members, inc, year, old["version"] if old else 0,
                         unchanged)


def _by_name(mine: list[MemberRow], m: MemberIn, matched: set[int]) -> MemberRow | None:
    if m.vals.get("id_number"):
        return None
    for row in mine:
        if row["id"] not in matched and row["name"] == m.vals.get("name") and not row["id_number"]:
            return row
    return None




def _income(hh: HouseholdIn, old: dict[str, Any] | None, persons: int) -> Change | None:
    if not hh.inc:
        return None
    given = income_amounts(hh.inc)
    if old is not None and "transfer_total" in hh.inc and \
            old["transfer_income"] == hh.inc["transfer_total"]:
        given.pop("other_transfer", None)       # same total: keep the stored breakdown
    elif "transfer_total" in hh.inc:
        for name in income.TRANSFER_FIELDS:
            given.setdefault(name, ZERO)
    base = {name: (old or {}).get(name) or ZERO for name in income.INCOME_FIELDS}
    base.update(given)
    totals = income.compute(base, persons)
    values = dict(base, persons=persons, transfer_income=totals.transfer_income,
                  net_income=totals.net_income, per_capita_net=totals.per_capita_net,
                  rigid_spending=totals.rigid_spending)
    if old is None:
        return Change(None, values)
    changed, before = _diff(old, values)
    return Change(old["id"], changed, before)
