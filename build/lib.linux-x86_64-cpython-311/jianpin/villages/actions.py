"""Writes of village records: each checks the actor's area and is audited."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import acting_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.villages.criteria import relative_poor
from jianpin.villages.models import (
    CollectiveIncome,
    IncomeSource,
    PairedUnit,
    PairingKind,
    VillageYear,
)

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

FLAGS = ["exited_poor_village", "relocation_site", "key_assisted", "road_hardened",
         "safe_water", "power", "broadband", "clinic_with_doctor", "school"]
NUMBERS = ["per_capita_disposable", "collective_income"]
COUNTS = ["registered_population", "poor_population", "work_team_size"]
TEXTS = ["first_secretary", "first_secretary_unit", "note"]
TEXT_LENGTHS = {"first_secretary": 50, "first_secretary_unit": 100, "note": 200}
AUDITED = [*FLAGS, *NUMBERS, *COUNTS, *TEXTS, "relative_poor"]


def _money(raw: Any, label: str) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError("village_value", gettext("%(label)s格式不正确：%(value)s")
                                           % {"label": label, "value": raw}) from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise DomainError("village_value", gettext("%(label)s应为不小于0的数额") % {"label": label})
    return value.quantize(Decimal("0.01"))


def _count(raw: Any, label: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise DomainError("village_value", gettext("%(label)s应为整数") % {"label": label}) from None
    if value < 0:
        raise DomainError("village_value", gettext("%(label)s不能为负数") % {"label": label})
    return value


def _clean(data: dict[str, Any], sources: dict[str, Any],
           units: list[tuple[str, str]]) -> tuple[dict[str, Any], dict[str, Decimal],
                                                   list[tuple[str, str]]]:
    out: dict[str, Any] = {f: bool(data.get(f)) for f in FLAGS}
    labels = {f.name: str(f.verbose_name) for f in VillageYear._meta.fields}
    for f in NUMBERS:
        out[f] = _money(data.get(f), labels[f])
    for f in COUNTS:
        out[f] = _count(data.get(f), labels[f])
    out["work_team_size"] = out["work_team_size"] or 0
    for f in TEXTS:
        out[f] = str(data.get(f) or "").strip()[:TEXT_LENGTHS[f]]
    if out["first_secretary"] and not out["first_secretary_unit"]:
        raise DomainError("village_secretary", "请填写第一书记的派出单位")
    if (out["registered_population"] is not None and out["poor_population"] is not None
            and out["poor_population"] > out["registered_population"]):
        raise DomainError("village_population", "贫困人口不能多于户籍人口")
    money: dict[str, Decimal] = {}
    for key, raw in sources.items():
        if key not in IncomeSource.values:
            raise DomainError("village_source", gettext("未知的收入来源：%(key)s") % {"key": key})
        amount = _money(raw, gettext("收入来源金额"))
        if amount:
            money[key] = amount
    if money:
        total = sum(money.values(), Decimal(0))
        if out["collective_income"] is None:
            out["collective_income"] = total
        elif out["collective_income"] != total:
            raise DomainError("village_sources_total",
                              gettext("各项收入来源合计%(total)s元，与集体经济收入%(income)s元不一致")
                              % {"total": f"{total:,.2f}",
                                 "income": f"{out['collective_income']:,.2f}"})
    clean_units: list[tuple[str, str]] = []
    for kind, name in units:
        name = name.strip()
        if not name:
            continue
        if kind not in PairingKind.values:
            raise DomainError("village_unit", gettext("未知的帮扶类型：%(kind)s") % {"kind": kind})
        clean_units.append((kind, name[:100]))
    return out, money, sorted(set(clean_units))


def _state(row: VillageYear) -> dict[str, Any]:
    return {**snapshot(row, AUDITED),
            "sources": {s.source: str(s.amount) for s in row.sources.all()},
            "units": [[u.kind, u.name] for u in row.units.all()]}


@transaction.atomic
def do_save_village_year(actor: Actor, *, village_code: str, year: int, data: dict[str, Any],
                         sources: dict[str, Any] | None = None,
                         units: list[tuple[str, str]] | None = None) -> VillageYear:
    """Create or replace the record of a village for a year; 相对贫困村 is computed."""
    check_can(actor, Cap.WRITE_REGISTRY, village_code)
    if not Region.objects.filter(code=village_code, level=5).exists():
        raise DomainError("village_unknown", gettext("不是行政村的区划代码：%(code)s")
                                             % {"code": village_code})
    if not 2000 <= int(year) <= 2100:
        raise DomainError("village_year", "年度应在2000至2100之间")
    fields, money, clean_units = _clean(data, sources or {}, units or [])
    fields["relative_poor"] = relative_poor(
        village_code, int(year), fields["per_capita_disposable"],
        fields["registered_population"], fields["poor_population"])
    row = VillageYear.objects.select_for_update().filter(village_id=village_code,
                                                         year=year).first()
    before = _state(row) if row else {}
    if row is None:
        row = VillageYear(village_id=village_code, year=year)
    for name, value in fields.items():
        setattr(row, name, value)
    row.updated_by = acting_user(actor)
    row.save()
    row.sources.all().delete()
    CollectiveIncome.objects.bulk_create(
        [CollectiveIncome(record=row, source=k, amount=v) for k, v in sorted(money.items())])
    row.units.all().delete()
    PairedUnit.objects.bulk_create([PairedUnit(record=row, kind=k, name=n)
                                    for k, n in clean_units])
    row.refresh_from_db()
    record(actor, "villages.record.save", row, region_code=village_code,
           diff={"year": int(year), "before": before, "after": _state(row)})
    return row
