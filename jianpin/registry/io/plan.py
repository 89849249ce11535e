"""Compare the parsed file with the database: what is new, changed or unchanged, and what clashes.

Look-ups are bulk, a chunk of households at a time; only the households that change are
kept, so re-importing an unchanged county holds little more than the file itself.
"""
from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jianpin.kernel.money import ZERO
from jianpin.registry import codes, income
from jianpin.registry.fields import LIVING, PLANNED_WORK
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io.members import MemberIn, Values, id_numbers
from jianpin.registry.io.validate import HouseholdIn, Parsed, income_amounts
from jianpin.registry.io.villages import area_prefix
from jianpin.registry.models import Household, IncomeRecord, Member

if TYPE_CHECKING:
    from django.db.models import Model

    from jianpin.regions.scoping import Actor

CHUNK = 2000     # households compared at a time: memory stays flat however large the county
HELD_SHOWN = 200     # differences not applied that are listed one by one (all are counted)
HH_FIELDS = ("status", "attribute", "monitoring_kind", "main_cause", "address", "housing_grade",
             "relocated", "water_safe", "sanitary_toilet", "farmland_mu", "forest_mu",
             "housing_area", "electricity", "phone",
             "annual_size", "risk_types", "risk_eliminated", "elimination_method",
             "monitoring_since", "risk_eliminated_on", *LIVING)
M_FIELDS = ("name", "id_number", "relation", "sex", "birth_date", "ethnicity", "education",
            "school_status", "health", "disability_grade", "labour_ability", "work_status",
            "work_months", "work_place", "medical_insurance", "serious_illness_insurance",
            "pension_insurance", "dibao", "tekun", "phone", "person_number", "id_type",
            "employer", *PLANNED_WORK)
INC_FIELDS = (*income.INCOME_FIELDS, "persons", "transfer_income", "net_income",
              "per_capita_net", "rigid_spending")
H_COLUMNS = ("id", "number", "village_id", "version", "head_name", "size", *HH_FIELDS)
M_COLUMNS = ("id", "household_id", "deceased_on", *M_FIELDS)
I_COLUMNS = ("id", "household_id", "year", *INC_FIELDS)


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Change:
    """One record's part of the plan: `pk` None for a new record (`new`, fixed when planned),
    `values` every value of a new record or the changed ones, `before` their stored values.
    A plain class with slots: a county's first load makes one per member."""

    __slots__ = ("pk", "values", "before", "new")

    def __init__(self, pk: int | None, values: dict[str, Any],
                 before: dict[str, Any] | None = None) -> None:
        self.pk = pk
        self.values = values
        self.before: dict[str, Any] = {} if before is None else before
        self.new = pk is None

    def __repr__(self) -> str:
        return f"Change(pk={self.pk!r}, values={self.values!r}, before={self.before!r})"

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


def _zero_counts() -> dict[str, dict[str, int]]:
    return {k: {"new": 0, "updated": 0, "unchanged": 0}
            for k in ("households", "members", "incomes")}


@dataclass
class Plan:
    """The households to write (only those with a change) and the counts over all of them."""

    households: list[HouseholdPlan] = field(default_factory=list)
    tally: dict[str, dict[str, int]] = field(default_factory=_zero_counts)
    keep: bool = True           # False for a preview: counts only
    # Differences in fields this kind of write may not change: reported, never applied.
    held: list[dict[str, Any]] = field(default_factory=list)
    held_count: int = 0
    every_held: list[dict[str, Any]] | None = None     # all of them, when asked (warnings)
    # Household number → version as the plan saw it (a preview keeps them for its commit).
    versions: dict[str, int] = field(default_factory=dict)
    # Villages written to (where the changed households are, and where they move from), and
    # per income year the villages whose records of that year change: what approvals may lock.
    villages: set[str] = field(default_factory=set)
    income_villages: dict[int, set[str]] = field(default_factory=dict)

    def add(self, hp: HouseholdPlan) -> None:
        changed = hp.household.new or hp.changed
        state = "new" if hp.household.new else ("updated" if changed else "unchanged")
        self.tally["households"][state] += 1
        members = self.tally["members"]
        for _, change in hp.members:
            members["new" if change.new else change.state] += 1
        members["unchanged"] += hp.unchanged_members
        if hp.income is not None:
            self.tally["incomes"][hp.income.state] += 1
        if changed:
            self._touch(hp)
            if self.keep:
                self.households.append(hp)

    def _touch(self, hp: HouseholdPlan) -> None:
        village = hp.household.values.get("village_id") or hp.source.village_code or ""
        self.villages.add(village)
        if "village_id" in hp.household.before:
            self.villages.add(hp.household.before["village_id"])
        if hp.income is not None and (hp.income.new or hp.income.values):     # not unchanged
            self.income_villages.setdefault(hp.year, set()).add(village)

    def counts(self) -> dict[str, dict[str, int]]:
        return self.tally

    def hold(self, hp: HouseholdPlan, writable: Mapping[str, tuple[str, ...]]) -> None:
        """Take out of hp every change to a field its kind of write may not change."""
        if not hp.household.new:
            self._hold(hp, None, hp.household, writable["household"])
        for m, change in hp.members:
            if not change.new:
                self._hold(hp, m, change, writable["member"])
        if hp.income is not None and not hp.income.new:
            self._hold(hp, None, hp.income, writable["income"])

    def _hold(self, hp: HouseholdPlan, m: MemberIn | None, change: Change,
              allowed: tuple[str, ...]) -> None:
        who = str(m.vals.get("name") or "") if m is not None else ""
        for name in [k for k in change.values if k not in allowed]:
            new = change.values.pop(name)
            old = change.before.pop(name, None)
            self.held_count += 1
            if len(self.held) < HELD_SHOWN or self.every_held is not None:
                entry = {"number": hp.source.number, "sheet": hp.source.sheet,
                         "row": hp.source.row, "member": who, "field": name,
                         "stored": _plain(old), "file": _plain(new)}
                if len(self.held) < HELD_SHOWN:
                    self.held.append(entry)
                if self.every_held is not None:     # with the member's key (for warnings)
                    self.every_held.append(entry if m is None else dict(
                        entry, id_number=m.vals.get("id_number"),
                        person_number=m.vals.get("person_number")))


def _plain(value: Any) -> Any:
    """JSON-safe for the batch summary (amounts and dates as text)."""
    return value if value is None or isinstance(value, (str, int, list)) else str(value)


_GETTERS: dict[int, tuple[Any, Any]] = {}


def _diff(old: dict[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    if isinstance(new, Values):             # most members are unchanged: one tuple compare
        shape = new.shape()
        getter = _GETTERS.get(id(shape))
        if getter is None or getter[0] is not shape:
            getter = _GETTERS[id(shape)] = (shape, operator.itemgetter(*shape))
        try:
            stored = getter[1](old)
        except KeyError:
            stored = None
        if stored == new.values_tuple():
            return {}, {}
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    return changed, {k: old.get(k) for k in changed}


class Stored:
    """What the database holds for one chunk of the file's households, as dicts by column."""

    def __init__(self, batch: list[HouseholdIn], year: int,
                 tables: dict[type[Model], fastdb.Table], members: bool = True) -> None:
        """`members` False: the member table held no row when the plan began (a first
        load), so no ID number of the file is looked up."""
        self.households = {r["number"]: r for r in tables[Household].select_in(
            H_COLUMNS, "number", [hh.number for hh in batch])}
        for r in self.households.values():     # a JSON column comes back as text on SQLite
            if isinstance(r["risk_types"], str):
                r["risk_types"] = json.loads(r["risk_types"])
        pks = [r["id"] for r in self.households.values()]
        self.in_hh: dict[int, list[dict[str, Any]]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}
        for r in tables[Member].select_in(M_COLUMNS, "household_id", pks):
            self.in_hh.setdefault(r["household_id"], []).append(r)
            if r["id_number"]:
                self.by_id[r["id_number"]] = r
        # IDs of the file not found in its own households: moved in, or held elsewhere.
        known = self.by_id
        wanted = [n for hh in batch for n in id_numbers(hh.members)
                  if n and n not in known] if members else []
        for r in tables[Member].select_in(M_COLUMNS, "id_number", wanted):
            self.by_id[r["id_number"]] = r
        mine = {r["id"]: r for r in self.households.values()}
        self.holders = {pk: (r["number"], r["head_name"], r["village_id"])
                        for pk, r in mine.items()}
        others = {r["household_id"] for r in self.by_id.values()} - mine.keys()
        for r in tables[Household].select_in(("id", "number", "head_name", "village_id"),
                                             "id", others):
            self.holders[r["id"]] = (r["number"], r["head_name"], r["village_id"])
        # Each stored household's record of its own year in the file, read a year at a time
        # (a county's other years are not compared, nor read).
        of_year: dict[int, list[int]] = {}
        for hh in batch:
            if (held := self.households.get(hh.number)) is not None:
                of_year.setdefault(int(hh.meta.get("year") or year), []).append(held["id"])
        self.incomes: dict[tuple[int, int], dict[str, Any]] = {}
        for y, ids in sorted(of_year.items()):
            self.incomes.update(((r["household_id"], r["year"]), r) for r in tables[
                IncomeRecord].select_in(I_COLUMNS, "household_id", ids, among=("year", [y])))


def build(parsed: Parsed, user: Actor | None, year: int, keep: bool = True,
          writable: Mapping[str, tuple[str, ...]] | None = None,
          every_held: bool = False) -> Plan:
    """Compare the file with the database, a chunk of households at a time; record the
    clashes on `parsed` and return what would change (with keep=False, as a preview needs,
    only how much would). With `writable` (record kind → fields), differences in other
    fields are held back and listed on the plan (the first HELD_SHOWN; all of them in
    `every_held` when asked)."""
    prefix = area_prefix(user)
    files = parsed.households
    plan = Plan(keep=keep, every_held=[] if every_held else None)
    tables: dict[type[Model], fastdb.Table] = {
        m: fastdb.Table(m) for m in (Household, Member, IncomeRecord)}
    # No member stored: none of the file's ID numbers is held anywhere, and no stored member
    # stays beside the file's (the plan's reads see the same committed rows a look-up per
    # chunk would; a concurrent first load of the same people still fails on the unique ID
    # number when written).
    members = not tables[Member].empty()
    in_file = {n for hh in files.values() for n in id_numbers(hh.members) if n} \
        if members else set()
    for batch in chunks(files.values()):
        stored = Stored(batch, year, tables, members)
        for number, row in stored.households.items():
            if not row["village_id"].startswith(prefix):
                hh = files[number]
                parsed.error(hh.sheet, hh.row, parsed.column(hh.sheet, "hh.number"), number,
                             "out_of_area", "该户编号需县级核实后才能使用，已提交县级业务人员核实")
                parsed.verifications.append(("household_number", number, hh.village_code or "",
                                             row["village_id"]))
        _check_ids(parsed, batch, stored, prefix)
        plan.versions.update((n, r["version"]) for n, r in stored.households.items())
        for hh in batch:
            hp = _household(parsed, hh, stored, in_file, int(hh.meta.get("year") or year), keep)
            if writable is not None:
                plan.hold(hp, writable)
            plan.add(hp)
    return plan


def _check_ids(parsed: Parsed, batch: list[HouseholdIn], stored: Stored, prefix: str) -> None:
    if not stored.by_id:        # none of the batch's IDs is stored
        return
    for hh in batch:
        for m in hh.members:
            row = stored.by_id.get(m.vals.get("id_number") or "")
            if row is None:
                continue
            number, head_name, village = stored.holders[row["household_id"]]
            if number in parsed.households:
                continue
            if not village.startswith(prefix):
                # Another area's household is never named to this user.
                parsed.error(m.sheet, m.row, parsed.column(m.sheet, "m.id_number"),
                             m.vals["id_number"], "id_in_other_household",
                             "该身份证号需县级核实后才能登记，已提交县级业务人员核实")
                parsed.verifications.append(("id_number", m.vals["id_number"],
                                             hh.village_code or "", village))
            else:
                parsed.error(m.sheet, m.row, parsed.column(m.sheet, "m.id_number"),
                             m.vals["id_number"], "id_in_other_household",
                             f"此身份证号已登记在户 {number}（户主 {head_name}）中，该户不在本文件内；"
                             "同一人只能属于一户")


def _household(parsed: Parsed, hh: HouseholdIn, stored: Stored, in_file: set[str],
               year: int, keep: bool) -> HouseholdPlan:
    old = stored.households.get(hh.number)
    by_id = stored.by_id
    values = dict(hh.vals)
    if hh.village_code:
        values["village_id"] = hh.village_code
    pk = old["id"] if old else None
    mine = stored.in_hh.get(pk, []) if pk else []
    matched: set[int] = set()
    members: list[tuple[MemberIn, Change]] = []
    unchanged = 0
    if not mine and not by_id:      # nothing stored to match (a county's first import)
        errors = parsed.error_rows
        members = [(m, Change(None, m.vals)) for m in hh.members  # type: ignore[arg-type]
                   if not errors or (m.sheet, m.row) not in errors]
    for m in hh.members if mine or by_id else ():
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
               and not (r["id_number"] and r["id_number"] in in_file)]
    if staying and any(r["relation"] == codes.Relation.HEAD for r in staying) and any(
            m.vals.get("relation") == codes.Relation.HEAD for m in hh.members):
        parsed.error(hh.sheet, hh.row, parsed.column(hh.sheet, "m.relation"), "本人", "two_heads",
                     f"户编号 {hh.number} 在系统中已有户主（未列在本文件中），一户只能有一名户主")
    values["size"] = len(hh.members) + len(staying)
    if old is None:
        household = Change(None, values)
    else:
        changed, before = _diff(old, values)
        household = Change(pk, changed, before)
    old_income = stored.incomes.get((pk, year)) if pk else None
    if hh.inc and old_income is None and not keep:
        inc: Change | None = Change(None, {})   # counted as new; its totals are not needed
    else:
        # per-capita income divides by the year's household size (年度家庭人口数) when known
        persons = values.get("annual_size") or (old or {}).get("annual_size") or values["size"]
        inc = _income(hh, old_income, persons)
    return HouseholdPlan(hh, household, members, inc, year, old["version"] if old else 0,
                         unchanged)


def _by_name(mine: list[dict[str, Any]], m: MemberIn,
             matched: set[int]) -> dict[str, Any] | None:
    if m.vals.get("id_number"):
        return None
    for row in mine:
        if row["id"] not in matched and row["name"] == m.vals.get("name") and not row["id_number"]:
            return row
    return None


_NO_INCOME = dict.fromkeys(income.INCOME_FIELDS, ZERO)


def _income(hh: HouseholdIn, old: dict[str, Any] | None, persons: int) -> Change | None:
    if not hh.inc:
        return None
    given = income_amounts(hh.inc) if hh.amounts is None else dict(hh.amounts)
    if old is not None and "transfer_total" in hh.inc and \
            old["transfer_income"] == hh.inc["transfer_total"]:
        given.pop("other_transfer", None)       # same total: keep the stored breakdown
    elif "transfer_total" in hh.inc:
        for name in income.TRANSFER_FIELDS:
            given.setdefault(name, ZERO)
    base = dict(_NO_INCOME) if old is None else \
        {name: old.get(name) or ZERO for name in income.INCOME_FIELDS}
    base.update(given)
    # A new record's totals are those of the file's amounts alone, which the income check
    # computed for the same persons (the zeros in base add nothing); else computed here.
    known = hh.totals if old is None else None
    totals = known[1] if known is not None and known[0] == persons else \
        income.compute(base, persons)
    values = dict(base, persons=persons, transfer_income=totals.transfer_income,
                  net_income=totals.net_income, per_capita_net=totals.per_capita_net,
                  rigid_spending=totals.rigid_spending)
    if old is None:
        return Change(None, values)
    changed, before = _diff(old, values)
    return Change(old["id"], changed, before)
