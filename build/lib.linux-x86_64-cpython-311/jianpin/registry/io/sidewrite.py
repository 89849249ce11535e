"""What the monitoring system's other sheets change, and the rows a file leaves without a home.

`plan` compares the work periods of 已外出务工信息 with the members' stored periods (a member
listed in the sheet gets exactly the periods listed for them; other members keep theirs) and
matches each 行政村信息 row to a village of the importer's area by township and village name;
a row that matches no village is reported and kept whole with the batch, never lost. `keep`
stores a committed file's kept columns per sheet and row (`KeptSheet`, `KeptRow`).
The writes themselves are actions: `import_actions.do_import_work_periods` and
`import_actions.do_import_village_facts` (which checks the approval locks of the year).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jianpin.registry.fields import WORK_PERIOD
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io.members import MemberIn
from jianpin.registry.io.sidesheets import COLUMNS, VILLAGES
from jianpin.registry.io.validate import HouseholdIn, Parsed
from jianpin.registry.io.villages import NameMatcher, area_prefix

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor
    from jianpin.registry.io.models import ImportBatch

PERIOD_FIELDS = WORK_PERIOD   # the one list (registry.fields), as the member edit uses it
LENGTHS = {"county": 100, "channel": 30}
VILLAGE_FIELDS = tuple(c.name for c in COLUMNS[VILLAGES])
_WHY = {"ambiguous_village": "辖区内有多个同名行政村", "out_of_area": "不在您的管辖区域内",
        "unknown_village": "找不到该行政村", "missing_value": "未填写村名"}


@dataclass
class SidePlan:
    year: int
    # member (household number, ID number or name) → the file's periods
    periods: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)
    villages: dict[str, dict[str, Any]] = field(default_factory=dict)     # code → values
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    whole: list[tuple[str, int, list[Any], str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.periods and not self.villages


def member_key(hh: HouseholdIn, m: MemberIn) -> tuple[str, str, str]:
    return hh.number, str(m.vals.get("id_number") or ""), str(m.vals.get("name") or "")


def plan(parsed: Parsed, user: Actor | None, year: int) -> SidePlan:
    out = SidePlan(year)
    if parsed.side.get("periods"):
        _periods(parsed, out)
    if parsed.side.get("villages"):
        _villages(parsed, user, out)
    return out


def _periods(parsed: Parsed, out: SidePlan) -> None:
    from jianpin.registry.models import Member, WorkPeriod

    given: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for number, index, sheet, row, values in parsed.side["periods"]:
        hh = parsed.households.get(number)
        if hh is None or index >= len(hh.members):
            continue
        for name, limit in LENGTHS.items():
            if len(values.get(name) or "") > limit:
                parsed.error(sheet, row, _header(parsed, sheet, name), values[name], "too_long",
                             f"最多 {limit} 个字符，本格有 {len(values[name])} 个字符")
        given.setdefault(member_key(hh, hh.members[index]), []).append(
            {k: values.get(k, "" if k in LENGTHS else None) for k in PERIOD_FIELDS})
    stored: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    ids = [k[1] for k in given if k[1]]
    named = {k[0] for k in given if not k[1]}
    members = Member.objects.filter(id_number__in=ids) if ids else Member.objects.none()
    if named:
        members = members | Member.objects.filter(household__number__in=named,
                                                  id_number__isnull=True)
    pks = {}
    for pk, number, id_number, name in members.values_list("pk", "household__number",
                                                           "id_number", "name"):
        pks[pk] = (number, id_number or "", name if not id_number else "")
    for p in WorkPeriod.objects.filter(member_id__in=pks).values("member_id", *PERIOD_FIELDS):
        number, id_number, name = pks[p.pop("member_id")]
        stored.setdefault((number, id_number, name), []).append(p)
    by_id = {k[1]: v for k, v in stored.items() if k[1]}
    counts = {"new": 0, "removed": 0, "unchanged": 0}
    for key, periods in given.items():
        # ID numbers are unique: a member moved to another household keeps their periods
        old = by_id.get(key[1], []) if key[1] else stored.get((key[0], "", key[2]), [])
        if _same(old, periods):
            counts["unchanged"] += len(periods)
            continue
        kept = [p for p in periods if p in old]
        counts["unchanged"] += len(kept)
        counts["new"] += len(periods) - len(kept)
        counts["removed"] += len([p for p in old if p not in periods])
        out.periods[key] = periods
    out.counts["work_periods"] = counts


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    return sorted(map(_sort_key, a)) == sorted(map(_sort_key, b))


def _sort_key(p: dict[str, Any]) -> tuple[str, ...]:
    return tuple("" if p.get(k) is None else str(p.get(k)) for k in PERIOD_FIELDS)


def _header(parsed: Parsed, sheet: str, name: str) -> str:
    kind, cells, _kept = parsed.side["sheets"][sheet]
    spellings = {h for c in COLUMNS.get(kind, ()) if c.name == name for h in c.headers}
    from jianpin.registry.io.headers import norm

    wanted = {norm(h) for h in spellings}
    return next((c for c in cells if norm(c) in wanted), name)


def _villages(parsed: Parsed, user: Actor | None, out: SidePlan) -> None:
    from jianpin.regions.models import Region
    from jianpin.registry.models import VillageFacts

    matcher = NameMatcher(area_prefix(user))
    given: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for sheet, row, place, values, cells in parsed.side["villages"]:
        code, problem = None, "missing_value"
        if place.get("village_code"):
            region = Region.objects.filter(code=place["village_code"], level=5).first()
            code, problem = (region.code, "") if region is not None and \
                region.code.startswith(matcher.prefix) else (None, "unknown_village")
        elif place.get("village_name"):
            code, problem = matcher.find(place["village_name"], place.get("township_name"))
        if code is None:
            why = _WHY.get(problem, problem)
            out.unmatched.append({"sheet": sheet, "row": row,
                                  "village": place.get("village_name") or place.get(
                                      "village_code") or "", "reason": why})
            out.whole.append((sheet, row, cells, why))
            continue
        if code in given:
            earlier = given[code]
            if earlier[2] != values:
                parsed.error(sheet, row, _header(parsed, sheet, "people") or "村", place.get(
                    "village_name") or code, "household_conflict",
                    f"行政村「{place.get('village_name') or code}」在第 {earlier[1]} 行已出现，"
                    "两行的内容不一致")
            continue
        given[code] = (sheet, row, values)
    stored = {f.pop("village_id"): f for f in VillageFacts.objects.filter(
        village_id__in=given, year=out.year).values("village_id", *VILLAGE_FIELDS)}
    counts = {"new": 0, "updated": 0, "unchanged": 0, "unmatched": len(out.unmatched)}
    for code, (_sheet, _row, values) in given.items():
        full = {k: values.get(k) for k in VILLAGE_FIELDS}
        old = stored.get(code)
        if old is None:
            counts["new"] += 1
        elif all(old[k] == v for k, v in full.items() if v is not None):
            counts["unchanged"] += 1
            continue
        else:
            counts["updated"] += 1
        # blank cells change nothing, as everywhere in an import
        out.villages[code] = {k: v for k, v in full.items() if v is not None}
    out.counts["villages"] = counts
    if out.unmatched:
        one = out.unmatched[0]
        parsed.notes.append(
            f"行政村信息中有 {len(out.unmatched)} 行未能对应到本系统的行政村（如第 {one['row']} 行"
            f"「{one['village']}」：{one['reason']}），这些行整行保存在导入批次上，未导入")


def keep(batch: ImportBatch, unmapped: dict[str, Any]) -> int:
    """Store the kept columns of each sheet and the rows with values in them (and the whole
    rows nothing could place); returns the rows stored."""
    from jianpin.registry.io.models import KeptRow, KeptSheet

    columns: dict[str, list[str]] = unmapped.get("columns") or {}
    sheets_info: dict[str, list[Any]] = unmapped.get("sheets") or {}
    whole: list[tuple[str, int, list[Any], str]] = unmapped.get("whole") or []
    wanted = list(dict.fromkeys([*columns, *(w[0] for w in whole)]))
    if not wanted:
        return 0
    made = {}
    for position, name in enumerate(wanted):
        kind, header, kept = sheets_info.get(name) or ("", columns.get(name, []), list(
            range(len(columns.get(name, [])))))
        made[name] = KeptSheet.objects.create(batch=batch, position=position, name=name[:100],
                                              kind=kind, header=list(header), kept=list(kept))
    placed = {(s, r) for s, r, _v, _why in whole}
    rows: Iterable[dict[str, Any]] = (
        *({"sheet_id": made[s].pk, "row": r, "values": list(v)}
          for s, r, v in unmapped.get("rows") or () if s in made and (s, r) not in placed),
        *({"sheet_id": made[s].pk, "row": r, "values": list(v), "whole": True,
           "reason": why[:200]} for s, r, v, why in whole))
    # a county's member sheet keeps a row per person: bulk, as the households are written
    return fastdb.insert(fastdb.Table(KeptRow), rows, timezone.now())
