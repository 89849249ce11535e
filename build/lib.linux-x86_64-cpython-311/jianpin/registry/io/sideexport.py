"""The monitoring export's other sheets: 户信息, 已外出务工信息, 计划外出务工信息 and 行政村信息,
with the headers the national export prints (`sidesheets.EXPORT`), so that a county's workbook
written by jianpin reads back unchanged. Masked like the member sheet: ID numbers keep their
first six digits unless the user may see them in full and asked to.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from jianpin.kernel.masking import mask_id
from jianpin.regions.models import Region
from jianpin.registry.io.plan import chunks
from jianpin.registry.io.sidesheets import EXPORT, HOUSEHOLDS, KIND_LABELS, MIGRANT, PLANNED, VILLAGES
from jianpin.registry.models import Household, Member, VillageFacts, WorkPeriod

PERIOD_MONTHS = ("start", "end")    # written as YYYYMM text, as the national sheet has them


def sheets(qs: QuerySet[Household], facts: QuerySet[VillageFacts], year: int,
           unmasked: bool) -> list[tuple[str, list[str], Iterator[list[Any]]]]:
    """(sheet name, header, rows) for each of the other sheets."""
    names = _Places()
    return [(KIND_LABELS[kind], [h for _k, h in EXPORT[kind]], rows)
            for kind, rows in ((HOUSEHOLDS, _households(qs, names, unmasked)),
                               (MIGRANT, _people(qs, names, unmasked, periods=True)),
                               (PLANNED, _people(qs, names, unmasked, periods=False)),
                               (VILLAGES, _villages(facts, names)))]


class _Places:
    """County, township and village names of a village code, looked up once each."""

    def __init__(self) -> None:
        self.known: dict[str, dict[str, str]] = {}

    def __call__(self, code: str) -> dict[str, str]:
        if code not in self.known:
            r = Region.objects.filter(code=code).select_related("parent__parent").first()
            town = r.parent if r is not None else None
            county = town.parent if town is not None else None
            self.known[code] = {"meta.village_name": r.name if r else "",
                                "meta.township_name": town.name if town else "",
                                "meta.county_name": county.name if county else ""}
        return self.known[code]


def _row(kind: str, values: dict[str, Any]) -> list[Any]:
    return [values.get(key) for key, _header in EXPORT[kind]]


def _households(qs: QuerySet[Household], names: _Places, unmasked: bool) -> Iterator[list[Any]]:
    for batch in chunks(qs.values().iterator(chunk_size=2000), 2000):
        heads = dict(Member.objects.filter(
            household_id__in=[h["id"] for h in batch], relation="本人", deceased_on__isnull=True)
            .values_list("household_id", "id_number"))
        for h in batch:
            head = heads.get(h["id"])
            yield _row(HOUSEHOLDS, {**names(h["village_id"]), **{f"hh.{k}": v for k, v in h.items()},
                                    "chk.head_id": head if unmasked else mask_id(head)})


def _people(qs: QuerySet[Household], names: _Places, unmasked: bool,
            periods: bool) -> Iterator[list[Any]]:
    """已外出务工信息 (a row per period) or 计划外出务工信息 (a row per member with an answer)."""
    kind = MIGRANT if periods else PLANNED
    for batch in chunks(qs.values("id", "number", "status", "village_id").iterator(
            chunk_size=2000), 2000):
        households = {h["id"]: h for h in batch}
        members = Member.objects.filter(household_id__in=households, deceased_on__isnull=True)
        if not periods:
            members = members.exclude(plans_work__isnull=True, work_service_need="")
        by_pk = {m["id"]: m for m in members.order_by("household_id", "id").values(
            "id", "household_id", "person_number", "id_number", "plans_work", "work_service_need")}
        found: Iterable[dict[str, Any]] = [{"member_id": pk} for pk in by_pk]
        if periods:
            found = map(dict, WorkPeriod.objects.filter(member_id__in=by_pk).order_by(
                "member__household_id", "member_id", "start", "id").values())
        for p in found:
            m = by_pk[p["member_id"]]
            h = households[m["household_id"]]
            values = {**names(h["village_id"]), "hh.number": h["number"], "hh.status": h["status"],
                      "m.person_number": m["person_number"],
                      "m.id_number": m["id_number"] if unmasked else mask_id(m["id_number"]),
                      "planning": m["plans_work"], "service_need": m["work_service_need"], **p}
            for name in PERIOD_MONTHS:
                if values.get(name) is not None:
                    values[name] = values[name].strftime("%Y%m")
            yield _row(kind, values)


def _villages(facts: QuerySet[VillageFacts], names: _Places) -> Iterator[list[Any]]:
    for f in facts.order_by("village_id").values():
        yield _row(VILLAGES, {**names(f["village_id"]), **f})
