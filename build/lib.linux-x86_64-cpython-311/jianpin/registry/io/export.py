"""Export a filtered household list (one row per member, or per household) to .xlsx or .csv,
or one household per line with its members and the year's income as JSON lines (.jsonl).

Scoped to the user's area, masked unless the user may reveal and asks for full numbers,
audited with who, which filter and how many rows.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap, can
from jianpin.audit.actions import record
from jianpin.kernel.masking import birth_year, mask_id, mask_phone
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q, scope
from jianpin.registry.fields import LIVING, PLANNED_WORK
from jianpin.registry.io.layouts import LAYOUTS, MONITORING, NATIONAL, RISK_COLUMNS, Field, columns
from jianpin.registry.io.plan import INC_FIELDS, chunks
from jianpin.registry.io.sidewrite import PERIOD_FIELDS
from jianpin.registry.io.writer import XlsxOut, csv_bytes
from jianpin.registry.models import Household, IncomeRecord, Member, WorkPeriod
from jianpin.registry.monitoring import filter_kind

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

FILTERS = ("area", "status", "attribute", "main_cause", "monitoring_kind", "q")


@dataclass(frozen=True)
class ExportRequest:
    layout: str = NATIONAL
    fmt: str = "xlsx"               # or "csv", "jsonl"
    per: str = "member"             # or "household"
    year: int | None = None
    unmasked: bool = False
    filters: tuple[tuple[str, str], ...] = ()


def households_for(user: Actor, filters: dict[str, str]) -> QuerySet[Household]:
    qs = scope(user, Household.objects.all(), "village_id")
    if filters.get("area"):
        qs = qs.filter(prefix_q("village_id", _prefix(filters["area"])))
    for key in ("status", "attribute", "main_cause"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    # the list's filter: any / a kind (monitored now) / eliminated (registry.monitoring)
    qs = filter_kind(qs, filters.get("monitoring_kind", ""))
    if filters.get("q"):
        qs = qs.filter(Q(number__contains=filters["q"]) | Q(head_name__contains=filters["q"]))
    return qs.order_by("village_id", "number")


def _prefix(code: str) -> str:
    region = Region.objects.filter(code=code).only("prefix").first()
    return region.prefix if region else code


def do_export(user: Actor, req: ExportRequest) -> tuple[str, bytes, int]:
    """Return (file name, content, rows written) and record one audit event."""
    check_can(user, Cap.EXPORT)
    unmasked = req.unmasked and can(user, Cap.REVEAL)
    filters = dict(req.filters)
    qs = households_for(user, filters)
    year = req.year or timezone.localdate().year - 1
    cols = [f for f in columns(req.layout) if req.per == "member" or f.target != "m"]
    header = [str(f.header(req.layout)) for f in cols]
    body = _rows(qs, cols, year, unmasked, req.per == "member")
    extra: dict[str, int] = {}
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"农户{'成员' if req.per == 'member' else ''}名单-{LAYOUTS[req.layout][:4]}-{stamp}"
    if req.fmt == "jsonl":
        data, count = _jsonl(qs, year, unmasked)
        name += ".jsonl"
    elif req.fmt == "csv":
        data, count = csv_bytes(header, body)
        name += ".csv"
    else:
        buf = io.BytesIO()
        out = XlsxOut(buf)
        title = f"{year}年度 农户{'成员' if req.per == 'member' else ''}信息" + \
            ("" if unmasked else "（已脱敏）")
        count = out.sheet("监测对象信息" if req.layout == MONITORING else "农户名单", header, body,
                          title=title)
        if req.layout == MONITORING and req.per == "member":
            sheets = _side_sheets(user, filters, qs, year, unmasked)
            extra = {name: out.sheet(name, head, rows, title=f"{year}年度 {name}" + (
                "" if unmasked else "（已脱敏）")) for name, head, rows in sheets}
        out.close()
        data, name = buf.getvalue(), name + ".xlsx"
    record(user, "registry.export", None, object_type="registry.household",
           region_code=getattr(user, "region_id", "") or "",
           diff={"filter": filters, "layout": req.layout, "format": req.fmt, "per": req.per,
                 "year": year, "rows": count, "unmasked": unmasked,
                 **({"sheets": extra} if extra else {})})
    return name, data, count


def _side_sheets(user: Actor, filters: dict[str, str], qs: QuerySet[Household], year: int,
                 unmasked: bool) -> list[tuple[str, list[str], Iterator[list[Any]]]]:
    """The monitoring workbook's 户信息, 已外出务工信息, 计划外出务工信息 and 行政村信息 sheets of the
    same households (and the villages of the same area)."""
    from jianpin.registry.io import sideexport
    from jianpin.registry.models import VillageFacts

    facts = scope(user, VillageFacts.objects.filter(year=year), "village_id")
    if filters.get("area"):
        facts = facts.filter(prefix_q("village_id", _prefix(filters["area"])))
    return sideexport.sheets(qs, facts, year, unmasked)


def _rows(qs: QuerySet[Household], cols: list[Field], year: int, unmasked: bool,
          per_member: bool) -> Iterator[list[Any]]:
    regions: dict[str, str] = {}
    for batch in chunks(qs.values().iterator(chunk_size=2000), 2000):
        ids = [h["id"] for h in batch]
        members: dict[int, list[Mapping[str, Any]]] = {}
        if per_member:
            for row in Member.objects.filter(household_id__in=ids, deceased_on__isnull=True) \
                    .order_by("household_id", "id").values():
                members.setdefault(row["household_id"], []).append(row)
        incomes = {r["household_id"]: r for r in IncomeRecord.objects.filter(
            household_id__in=ids, year=year).values("household_id", *INC_FIELDS)}
        for h in batch:
            base = _household_values(h, incomes.get(h["id"]), year, regions)
            mine = members.get(h["id"], [])
            head = next((m["id_number"] for m in mine if m["relation"] == "本人"), None)
            base["chk.head_id"] = head if unmasked else mask_id(head)
            if not unmasked:
                base["hh.phone"] = mask_phone(h["phone"])
            rows: Sequence[Mapping[str, Any] | None] = mine if per_member and mine else [None]
            for m in rows:
                values = dict(base)
                if m is not None:
                    values.update({f"m.{k}": v for k, v in m.items()})
                    if not unmasked:
                        values["m.id_number"] = mask_id(m["id_number"])
                        values["m.phone"] = mask_phone(m["phone"])
                        # the full birth date would fill the hidden digits of the ID
                        values["m.birth_date"] = birth_year(m["birth_date"])
                        # health and disability are sensitive too (PIPL): not for masked exports
                        values["m.health"] = "***" if m["health"] else ""
                        values["m.disability_grade"] = None
                yield [values.get(f.key) for f in cols]


def _household_values(h: dict[str, Any], inc: dict[str, Any] | None, year: int,
                      regions: dict[str, str]) -> dict[str, Any]:
    village = h["village_id"]
    if village not in regions:
        r = Region.objects.filter(code=village).select_related("parent").first()
        regions[village] = r.name if r else ""
        regions[village + ":t"] = r.parent.name if r and r.parent else ""
        county = r.parent.parent if r and r.parent else None
        regions[village + ":c"] = county.name if county else ""
    values = {f"hh.{k}": v for k, v in h.items()}
    for i, risk in enumerate((h.get("risk_types") or [])[:RISK_COLUMNS], 1):
        values[f"hh.risk_{i}"] = risk
    values.update({"meta.village_code": village, "meta.village_name": regions[village],
                   "meta.township_name": regions[village + ":t"], "chk.size": h["size"],
                   "meta.county_name": regions[village + ":c"]})
    if inc is not None:
        values.update({f"inc.{k}": inc[k] for k in INC_FIELDS})
        values.update({"meta.year": year, "inc.transfer_total": inc["transfer_income"],
                       "chk.net_income": inc["net_income"],
                       "chk.per_capita_net": inc["per_capita_net"]})
    return values


def _jsonl(qs: QuerySet[Household], year: int, unmasked: bool) -> tuple[bytes, int]:
    """One household a line: its state, living conditions (户信息), members (masked like the
    sheets) with their planned work and periods of migrant work, and the year's income
    components with per-capita net income."""
    lines = []
    for batch in chunks(qs.values().iterator(chunk_size=2000), 2000):
        ids = [h["id"] for h in batch]
        members: dict[int, list[dict[str, Any]]] = {}
        periods = _periods_of(ids)
        for m in Member.objects.filter(household_id__in=ids, deceased_on__isnull=True) \
                .order_by("household_id", "id").values("id", *_JSON_MEMBER):
            m["work_periods"] = periods.get(m.pop("id"), [])
            if not unmasked:
                # the birth date as a year only: the full date would fill the ID's hidden digits
                m.update(id_number=mask_id(m["id_number"]), phone=mask_phone(m["phone"]),
                         birth_date=birth_year(m["birth_date"]),
                         health="***" if m["health"] else "", disability_grade=None)
            members.setdefault(m.pop("household_id"), []).append(m)
        incomes = {r["household_id"]: r for r in IncomeRecord.objects.filter(
            household_id__in=ids, year=year).values("household_id", *INC_FIELDS)}
        for h in batch:
            record = {k: h[k] for k in _JSON_HOUSEHOLD}
            record["village_code"] = h["village_id"]
            if not unmasked:
                record["phone"] = mask_phone(h["phone"])
            income = incomes.get(h["id"])
            record["income"] = None if income is None else \
                {"year": year, **{k: v for k, v in income.items() if k != "household_id"}}
            record["members"] = members.get(h["id"], [])
            lines.append(json.dumps(record, ensure_ascii=False, default=str))
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"), len(lines)


def _periods_of(household_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each member's periods of migrant work (已外出务工信息), earliest first."""
    out: dict[int, list[dict[str, Any]]] = {}
    for p in WorkPeriod.objects.filter(member__household_id__in=household_ids) \
            .order_by("member_id", "start", "id").values("member_id", *PERIOD_FIELDS):
        out.setdefault(p.pop("member_id"), []).append(p)
    return out


_JSON_HOUSEHOLD = ("number", "head_name", "size", "annual_size", "phone", "status", "attribute",
                   "monitoring_kind", "risk_types", "risk_eliminated", "elimination_method",
                   "monitoring_since", "risk_eliminated_on", "main_cause", *LIVING)
_JSON_MEMBER = ("household_id", "person_number", "name", "id_type", "id_number", "relation",
                "sex", "birth_date", "education", "school_status", "health",
                "disability_grade", "labour_ability", "work_months", "work_place", "dibao",
                "tekun", "phone", *PLANNED_WORK)
