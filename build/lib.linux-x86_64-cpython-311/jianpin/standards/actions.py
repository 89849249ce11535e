"""Writes to the standards table: county officers edit within their area, each write audited."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import acting_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.standards.income import LINE_CONCEPTS, concept_label
from jianpin.standards.models import (
    NATIONAL,
    Basis,
    IncomeConcept,
    ReferenceFigure,
    ReferenceKey,
    Standard,
    StandardKey,
)

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

FRACTION_KEYS = {StandardKey.INCOME_DROP_RATIO, StandardKey.WAGE_DROP_RATIO,
                 StandardKey.RIGID_SHARE, StandardKey.VILLAGE_EXIT_INCIDENCE,
                 StandardKey.RELATIVE_VILLAGE_POOR_SHARE}
REFERENCE_CONCEPTS = {ReferenceKey.RURAL_DISPOSABLE_INCOME: IncomeConcept.DISPOSABLE}
FIELDS = ["value", "basis", "reference", "reference_year", "reference_lag", "valid_until",
          "income_concept", "note"]
# Legal floors: a region may set a lower value only when the note cites the local rule that
# allows it (a document title in 《》), and never below the absolute floor.
LEGAL_MINIMUMS: dict[str, tuple[Decimal, Decimal, str]] = {
    # key: (legal minimum, absolute floor, what the law says)
    StandardKey.NOTICE_MIN_DAYS: (Decimal(5), Decimal(1), gettext_noop("村内公示不少于5天")),
}


def check_legal_minimum(key: str, value: Decimal, note: str) -> None:
    floors = LEGAL_MINIMUMS.get(key)
    if floors is None or value >= floors[0]:
        return
    legal, absolute, rule = floors
    if value < absolute:
        raise DomainError("standard_below_floor", gettext("%(rule)s；任何地方规定都不能低于%(floor).0f")
                          % {"rule": gettext(rule), "floor": absolute})
    if not ("《" in note and "》" in note):
        raise DomainError("standard_below_legal",
                          gettext("%(rule)s；低于%(legal).0f须在说明中写明所依据的地方规定（如《××省……办法》第×条）")
                          % {"rule": gettext(rule), "legal": legal})


def check_value(key: str, raw: Any) -> Decimal:
    """Parse and range-check a standard's value; raise DomainError in Chinese."""
    if key not in StandardKey.values:
        raise DomainError("standard_key", gettext("未知的标准项：%(key)s") % {"key": key})
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise DomainError("standard_value", gettext("数值格式不正确：%(value)s") % {"value": raw}) from None
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
        raise DomainError("region_unknown", gettext("区划代码不存在：%(code)s") % {"code": region_code})
    return region.prefix


def _year(raw: Any, label: str, required: bool = True) -> int | None:
    if raw in (None, "") and not required:
        return None
    try:
        year = int(str(raw))
    except ValueError:
        raise DomainError("standard_year", gettext("%(label)s应为年份") % {"label": label}) from None
    if not 1990 <= year <= 2100:
        raise DomainError("standard_year", gettext("%(label)s应在1990至2100之间") % {"label": label})
    return year


def check_form(key: str, year: int, value: Decimal, *, basis: str, reference: str,
               reference_year: int | None, reference_lag: int, valid_until: int | None,
               income_concept: str) -> str:
    """Check how a row is stated; return its income concept (defaulted for income lines)."""
    if valid_until is not None and valid_until < year:
        raise DomainError("standard_validity", "有效至年度不能早于起始年度")
    if basis not in Basis.values:
        raise DomainError("standard_basis", gettext("未知的数值类型：%(basis)s") % {"basis": basis})
    if income_concept and income_concept not in IncomeConcept.values:
        raise DomainError("standard_concept", gettext("未知的收入口径：%(concept)s")
                                              % {"concept": income_concept})
    if key not in LINE_CONCEPTS:
        if income_concept:
            raise DomainError("standard_concept", "只有收入线需要注明收入口径")
        if basis == Basis.SHARE:
            raise DomainError("standard_basis", "只有收入线可以按参照数的比例设定")
        return ""
    concept = income_concept or LINE_CONCEPTS[key]
    if basis == Basis.AMOUNT:
        if reference or reference_year is not None or reference_lag:
            raise DomainError("standard_basis", "按数额设定的标准不需要参照数")
        return concept
    if reference not in ReferenceKey.values:
        raise DomainError("standard_reference", "按比例设定的标准须选择参照数")
    if not Decimal(0) < value <= Decimal(5):
        raise DomainError("standard_value", "比例应大于0且不超过5（如0.45表示45%）")
    if not 0 <= reference_lag <= 5:
        raise DomainError("standard_reference", "参照滞后年数应在0至5之间")
    if concept != REFERENCE_CONCEPTS[ReferenceKey(reference)]:
        raise DomainError("standard_concept",
                          gettext("参照数为%(concept)s口径，按其比例设定的标准也是该口径")
                          % {"concept": concept_label(REFERENCE_CONCEPTS[ReferenceKey(reference)])})
    return concept


@transaction.atomic
def do_set_standard(actor: Actor, *, year: int, region_code: str, key: str, value: Any,
                    note: str = "", basis: str = Basis.AMOUNT, reference: str = "",
                    reference_year: Any = None, reference_lag: Any = 0,
                    valid_until: Any = None, income_concept: str = "") -> Standard:
    """Create or change the row of `key` for (year, region): an amount, or a share of a
    referenced yearly figure; in force from `year` to `valid_until` (open-ended if None)."""
    check_can(actor, Cap.EDIT_STANDARDS, region_code)
    user = acting_user(actor)
    start = _year(year, gettext("年度"))
    assert start is not None
    if basis == Basis.SHARE:
        if key not in StandardKey.values:
            raise DomainError("standard_key", gettext("未知的标准项：%(key)s") % {"key": key})
        amount = _share(value)
    else:
        amount = check_value(key, value)
    fields: dict[str, Any] = {
        "basis": basis, "reference": reference or "",
        "reference_year": _year(reference_year, gettext("参照年度"), required=False),
        "reference_lag": int(reference_lag or 0),
        "valid_until": _year(valid_until, gettext("有效至年度"), required=False)}
    fields["income_concept"] = check_form(key, start, amount, income_concept=income_concept,
                                          **fields)
    check_legal_minimum(key, amount, note)
    prefix = _prefix(region_code)
    row = Standard.objects.select_for_update().filter(
        year=start, region_code=region_code, key=key).first()
    before = snapshot(row, FIELDS) if row else {}
    if row is not None and not row.editable:
        raise DomainError("standard_locked", "该标准不可修改")
    if row is None:
        row = Standard.objects.create(year=start, region_code=region_code, region_prefix=prefix,
                                      key=key, value=amount, note=note, updated_by=user,
                                      source="县级设定" if prefix else "", **fields)
    else:
        row.value, row.note, row.updated_by = amount, note, user
        for name, field_value in fields.items():
            setattr(row, name, field_value)
        row.save(update_fields=[*FIELDS, "updated_by", "updated_at"])
    record(actor, "standards.standard.set", row, region_code=region_code,
           diff={"before": before, "after": snapshot(row, FIELDS), "year": start, "key": key})
    return row


def _share(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise DomainError("standard_value", gettext("数值格式不正确：%(value)s") % {"value": raw}) from None
    if not value.is_finite():
        raise DomainError("standard_value", gettext("数值格式不正确：%(value)s") % {"value": raw})
    return value.quantize(Decimal("0.0001"))


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


@transaction.atomic
def do_set_reference(actor: Actor, *, key: str, year: Any, region_code: str, value: Any,
                     note: str = "") -> ReferenceFigure:
    """Create or change a yearly reference figure (e.g. a province's rural per-capita
    disposable income) that share-based lines are computed from."""
    check_can(actor, Cap.EDIT_STANDARDS, region_code)
    user = acting_user(actor)
    if key not in ReferenceKey.values:
        raise DomainError("reference_key", gettext("未知的参照数：%(key)s") % {"key": key})
    start = _year(year, gettext("年度"))
    assert start is not None
    amount = _share(value)
    if amount <= 0 or amount >= Decimal("1e10"):
        raise DomainError("reference_value", "参照数应大于0")
    prefix = _prefix(region_code)
    row = ReferenceFigure.objects.select_for_update().filter(
        key=key, year=start, region_code=region_code).first()
    before = snapshot(row, ["value", "note"]) if row else {}
    if row is None:
        row = ReferenceFigure.objects.create(key=key, year=start, region_code=region_code,
                                             region_prefix=prefix, value=amount, note=note,
                                             updated_by=user)
    else:
        row.value, row.note, row.updated_by = amount, note, user
        row.save(update_fields=["value", "note", "updated_by", "updated_at"])
    row.refresh_from_db()
    record(actor, "standards.reference.set", row, region_code=region_code,
           diff={"before": before, "after": snapshot(row, ["value", "note"]), "year": start,
                 "key": key})
    return row


@transaction.atomic
def do_delete_reference(actor: Actor, row: ReferenceFigure) -> None:
    check_can(actor, Cap.EDIT_STANDARDS, row.region_code)
    before = snapshot(row, ["key", "year", "region_code", "value", "note"])
    record(actor, "standards.reference.delete", row, region_code=row.region_code,
           diff={"before": before})
    row.delete()
