"""Excel out, in the import layouts (so an export can be read back): codes as text, money in
yuan as numbers, formula-looking text escaped."""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import xlsxwriter

from jianpin.kernel.cells import safe_cell
from jianpin.projects.benefits import counts_for
from jianpin.projects.io.layouts import LAYOUTS, Layout
from jianpin.projects.models import Allocation, Asset, FundBatch, Project
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q, scope


def _library(user: Any, area: Region, year: int | None) -> Iterator[dict[str, Any]]:
    qs = scope(user, Project.objects.filter(prefix_q("region_id", area.prefix)), "region_id") \
        .prefetch_related("budget", "targets").order_by("region_id", "id")
    if year:
        qs = qs.filter(plan_year=year)
    projects = list(qs)
    counts = counts_for(p.pk for p in projects)
    for p in projects:
        row: dict[str, Any] = {k: getattr(p, k) for k in (
            "name", "location_detail", "responsible_unit", "responsible_person", "tasks",
            "start_on", "end_on", "linkage", "plan_year")}
        c = counts[p.pk]
        row |= {"beneficiary_households": c.households, "beneficiary_persons": c.persons,
                "beneficiary_poor_persons": c.poor_persons}
        row |= {"project_id": p.pk, "category": p.get_category_display(),
                "nature": p.get_nature_display(), "region": p.region_id,
                "status": p.get_status_display(),
                "targets": "；".join(f"{t.indicator}：{t.target_value}" for t in p.targets.all()),
                "total": sum(b.amount for b in p.budget.all())}
        row |= {f"budget:{b.source}": b.amount for b in p.budget.all()}
        yield row


def _allocations(user: Any, area: Region, year: int | None) -> Iterator[dict[str, Any]]:
    batches = scope(user, FundBatch.objects.filter(prefix_q("region_id", area.prefix)),
                    "region_id").order_by("issued_on", "id")
    if year:
        batches = batches.filter(year=year)
    allocations: dict[int, list[Allocation]] = {}
    for one in Allocation.objects.filter(batch__in=batches).select_related("project") \
            .order_by("id"):
        allocations.setdefault(one.batch_id, []).append(one)
    for b in batches:
        head = {"doc_number": b.doc_number, "source": b.get_source_display(),
                "issued_on": b.issued_on, "year": b.year, "region": b.region_id,
                "amount": b.amount}
        rows: list[Allocation | None] = list(allocations.get(b.pk, [])) or [None]
        for a in rows:
            yield head | ({} if a is None else {
                "project_id": a.project_id, "project_name": a.project.name,
                "allocated_on": a.allocated_on, "allocated": a.amount})


def _assets(user: Any, area: Region, year: int | None) -> Iterator[dict[str, Any]]:
    qs = scope(user, Asset.objects.filter(prefix_q("region_id", area.prefix)), "region_id") \
        .select_related("owner_household").order_by("region_id", "id")
    for a in qs:
        yield {k: getattr(a, k) for k in ("name", "scale", "value", "formed_on", "owner_name",
                                          "custodian", "upkeep", "operator", "operation_mode",
                                          "project_id")} | {
            "kind": a.get_kind_display(), "region": a.region_id,
            "ownership": a.get_ownership_display(), "status": a.get_status_display(),
            "household_number": a.owner_household.number if a.owner_household else ""}


ROWS = {"library": _library, "plan": _library, "allocations": _allocations, "assets": _assets}


def _write(sheet: Any, r: int, c: int, value: Any, date_format: Any) -> None:
    if value is None or value == "":
        return
    if hasattr(value, "isoformat") and not isinstance(value, str):
        sheet.write_datetime(r, c, value, date_format)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(r, c, float(value))
    else:
        sheet.write_string(r, c, safe_cell(str(value)))


def workbook(layout: Layout, rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(layout.sheet)
    bold, dates = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, [c.header for c in layout.columns], bold)
    for r, row in enumerate(rows, start=1):
        for c, col in enumerate(layout.columns):
            _write(sheet, r, c, row.get(col.key), dates)
    book.close()
    return buffer.getvalue()


def export(user: Any, kind: str, area: Region, year: int | None = None) -> bytes:
    """The workbook of one layout for the user's view of `area` (and year, where it applies)."""
    layout = LAYOUTS[kind]
    return workbook(layout, ROWS[kind](user, area, year))


__all__ = ["export", "workbook"]
