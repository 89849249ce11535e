"""Annual targets per area and their monthly progress (plans against progress)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import acting_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.indicators.models import Direction, Indicator, IndicatorValue, Target, TargetProgress
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q

if TYPE_CHECKING:
    import datetime as dt

    from jianpin.regions.scoping import Actor


def met(direction: str, value: Decimal | None, target: Decimal) -> bool | None:
    """Whether a value meets a target (None: no value yet)."""
    if value is None:
        return None
    return value <= target if direction == Direction.LOWER else value >= target


@transaction.atomic
def do_set_target(actor: Actor, *, indicator_code: str, region_code: str, year: int,
                  value: Any, note: str = "") -> Target:
    check_can(actor, Cap.EDIT_STANDARDS, region_code)
    indicator = Indicator.objects.filter(code=indicator_code, active=True).first()
    if indicator is None:
        raise DomainError("target_indicator", gettext("未知的指标：%(code)s") % {"code": indicator_code})
    if not Region.objects.filter(code=region_code).exists():
        raise DomainError("region_unknown", gettext("区划代码不存在：%(code)s") % {"code": region_code})
    if not 2000 <= int(year) <= 2100:
        raise DomainError("target_year", "年度应在2000至2100之间")
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(Decimal("0.0001"))
    except ArithmeticError:
        raise DomainError("target_value", gettext("目标值格式不正确：%(value)s") % {"value": value}) from None
    if amount < 0 or (indicator.factor == 100 and amount > 100):
        raise DomainError("target_value", "目标值应不小于0，百分比不超过100")
    row = Target.objects.select_for_update().filter(indicator=indicator, region_id=region_code,
                                                    year=year).first()
    before = {"value": str(row.value), "note": row.note} if row else {}
    if row is None:
        row = Target(indicator=indicator, region_id=region_code, year=year)
    row.value, row.note, row.updated_by = amount, note, acting_user(actor)
    row.save()
    record(actor, "indicators.target.set", row, region_code=region_code,
           diff={"indicator": indicator.code, "year": int(year), "before": before,
                 "after": {"value": str(row.value), "note": row.note}})
    return row


@transaction.atomic
def do_delete_target(actor: Actor, row: Target) -> None:
    check_can(actor, Cap.EDIT_STANDARDS, row.region_id)
    record(actor, "indicators.target.delete", row, region_code=row.region_id,
           diff={"indicator": row.indicator.code, "year": row.year,
                 "before": {"value": str(row.value), "note": row.note}})
    row.delete()


def progress_month(year: int, today: dt.date) -> int | None:
    """The month a refresh of `year` stands for: this month, December for a past year,
    None for a future year."""
    if year > today.year:
        return None
    return today.month if year == today.year else 12


def record_progress(year: int, area_prefix: str, now: dt.datetime) -> int:
    """Write this month's value of every target of the year inside the refreshed area."""
    month = progress_month(year, timezone.localdate())
    if month is None:
        return 0
    targets = list(Target.objects.filter(prefix_q("region_id", area_prefix), year=year))
    values = {(v.indicator_id, v.region_id): v.value for v in IndicatorValue.objects.filter(
        year=year, region_id__in=[t.region_id for t in targets],
        indicator_id__in=[t.indicator_id for t in targets])}
    for t in targets:
        TargetProgress.objects.update_or_create(
            target=t, month=month,
            defaults={"value": values.get((t.indicator_id, t.region_id)), "computed_at": now})
    return len(targets)


@dataclass
class PlanRow:
    target: Target
    name: str
    unit: str
    current: Decimal | None
    met: bool | None
    months: list[Decimal | None] = field(default_factory=list)


def plan_rows(region: Region, year: int, lang_en: bool) -> list[PlanRow]:
    """The area's targets of the year with the current value and the value by month."""
    targets = list(Target.objects.filter(region=region, year=year).select_related("indicator")
                   .prefetch_related("progress"))
    current = {v.indicator_id: v.value for v in IndicatorValue.objects.filter(
        region=region, year=year, indicator_id__in=[t.indicator_id for t in targets])}
    rows = []
    for t in targets:
        by_month: dict[int, Decimal | None] = {p.month: p.value for p in t.progress.all()}
        value = current.get(t.indicator_id)
        rows.append(PlanRow(t, t.indicator.name_en if lang_en else t.indicator.name,
                            t.indicator.unit, value, met(t.indicator.direction, value, t.value),
                            [by_month.get(m) for m in range(1, 13)]))
    return rows
