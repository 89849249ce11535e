"""Writes to the standards table: county officers edit within their area, each write audited."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import acting_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.standards.models import NATIONAL, Standard, StandardKey

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

FRACTION_KEYS = {StandardKey.INCOME_DROP_RATIO, StandardKey.WAGE_DROP_RATIO,
                 StandardKey.RIGID_SHARE, StandardKey.VILLAGE_EXIT_INCIDENCE,
                 StandardKey.RELATIVE_VILLAGE_POOR_SHARE}
# Legal floors: a region may set a lower value only when the note cites the local rule that
# allows it (a document title in 《》), and never below the absolute floor.
LEGAL_MINIMUMS: dict[str, tuple[Decimal, Decimal, str]] = {
    # key: (legal minimum, absolute floor, what the law says)
    StandardKey.NOTICE_MIN_DAYS: (Decimal(5), Decimal(1), "村内公示不少于5天"),
}


def check_legal_minimum(key: str, value: Decimal, note: str) -> None:
    floors = LEGAL_MINIMUMS.get(key)
    if floors is None or value >= floors[0]:
        return
    legal, absolute, rule = floors
    if value < absolute:
        raise DomainError("standard_below_floor", f"{rule}；任何地方规定都不能低于{absolute:.0f}")
    if not ("《" in note and "》" in note):
        raise DomainError("standard_below_legal",
                          f"{rule}；低于{legal:.0f}须在说明中写明所依据的地方规定（如《××省……办法》第×条）")


def check_value(key: str, raw: Any) -> Decimal:
    """Parse and range-check a standard's value; raise DomainError in Chinese."""
    if key not in StandardKey.values:
        raise DomainError("standard_key", f"未知的标准项：{key}")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise DomainError("standard_value", f"数值格式不正确：{raw}") from None
    if not value.is_finite() or value < 0:
        raise DomainError("standard_value", "标准数值不能为负数")
    if key in FRACTION_KEYS and value > 1:
        raise DomainError("standard_value", "比例类标准应在0到1之间（如0.3表示30%）")
    if value >= Decimal("1e10"):
        raise DomainError("standard_value", "标准数值过大")
    return value.quantize(Decimal("0.0001"))


def _prefix(region_code: str) -> str:
    if region_code == NATIONAL:
        return ""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise DomainError("region_unknown", f"区划代码不存在：{region_code}")
    return region.prefix


@transaction.atomic
def do_set_standard(actor: Actor, *, year: int, region_code: str, key: str, value: Any,
                    note: str = "") -> Standard:
    """Create or change the value of `key` for (year, region)."""
    check_can(actor, Cap.EDIT_STANDARDS, region_code)
    user = acting_user(actor)
    if not 1990 <= int(year) <= 2100:
        raise DomainError("standard_year", "年度应在1990至2100之间")
    amount = check_value(key, value)
    check_legal_minimum(key, amount, note)
    prefix = _prefix(region_code)
    row = Standard.objects.select_for_update().filter(
        year=year, region_code=region_code, key=key).first()
    before = snapshot(row, ["value", "note"]) if row else {}
    if row is not None and not row.editable:
        raise DomainError("standard_locked", "该标准不可修改")
    if row is None:
        row = Standard.objects.create(year=year, region_code=region_code, region_prefix=prefix,
                                      key=key, value=amount, note=note, updated_by=user,
                                      source="县级设定" if prefix else "")
    else:
        row.value, row.note, row.updated_by = amount, note, user
        row.save(update_fields=["value", "note", "updated_by", "updated_at"])
    record(actor, "standards.standard.set", row, region_code=region_code,
           diff={"before": before, "after": snapshot(row, ["value", "note"]),
                 "year": year, "key": key})
    return row


@transaction.atomic
def do_delete_standard(actor: Actor, row: Standard) -> None:
    """Remove a row so the parent region's value applies again."""
    check_can(actor, Cap.EDIT_STANDARDS, row.region_code)
    if not row.editable:
        raise DomainError("standard_locked", "该标准不可修改")
    before = snapshot(row, ["year", "region_code", "key", "value", "note"])
    record(actor, "standards.standard.delete", row, region_code=row.region_code,
           diff={"before": before})
    row.delete()
