"""All writes to the registry: access-checked, atomic, audited."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import changes, record, snapshot
from jianpin.kernel import ids
from jianpin.kernel.errors import DomainError, StaleEdit
from jianpin.regions.models import Level, Region
from jianpin.registry import codes, income
from jianpin.registry.fields import EDIT_NOTES, HOUSEHOLD_EDITABLE, MEMBER_EDITABLE, STATUS_FIELDS, WRITABLE
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.verification import check_in_area, opens_verification

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor


def check_id_free(id_number: str, member_pk: int | None = None, actor: Actor | None = None) -> None:
    """Raise if another person already holds this ID.

    The message names the holding household when it lies in the actor's area; outside it, the
    county must verify and nothing says the ID exists (see registry.verification).
    """
    holders = Member.objects.filter(id_number=id_number)
    if member_pk is not None:
        holders = holders.exclude(pk=member_pk)
    other = holders.select_related("household").first()
    if other is not None:
        check_in_area(actor, "id_number", id_number, other.household.village_id)
        raise DomainError(
            "id_in_other_household",
            gettext("身份证号 %(id)s 已登记在户 %(number)s（户主 %(head)s）中")
            % {"id": ids.mask_safe(id_number), "number": other.household.number,
               "head": other.household.head_name},
        )


def normalise_member(values: dict[str, Any]) -> dict[str, Any]:
    """Validate the ID and derive sex and birth date from it when given."""
    raw = values.get("id_number")
    if raw:
        parsed = ids.parse(raw, today=timezone.localdate())
        values["id_number"] = parsed.number
        values.setdefault("birth_date", parsed.birth_date)
        values["birth_date"] = values["birth_date"] or parsed.birth_date
        values["sex"] = values.get("sex") or parsed.sex
    else:
        values["id_number"] = None
    return values


def _check_village(village: Region) -> None:
    if village.level != Level.VILLAGE:
        raise DomainError("not_village",
                          gettext("%(name)s不是行政村，农户须登记在行政村下") % {"name": village.name})


@opens_verification(lambda **kw: kw["village"].code)
@transaction.atomic
def do_create_household(actor: Actor, *, village: Region, number: str, head: dict[str, Any],
                        **fields: Any) -> Household:
    check_can(actor, Cap.WRITE_REGISTRY, village.code)
    _check_village(village)
    check_unlocked(village.code, timezone.localdate())     # as adding a member, and as an import
    holder = Household.objects.filter(number=number).values_list("village_id", flat=True).first()
    if holder is not None:
        check_in_area(actor, "household_number", number, holder)
        raise DomainError("household_number_taken", gettext("户编号 %(number)s 已存在") % {"number": number})
    head = normalise_member(dict(head, relation=codes.Relation.HEAD))
    if head["id_number"]:
        check_id_free(head["id_number"], actor=actor)
    hh = Household.objects.create(village=village, number=number, head_name=head["name"],
                                  size=1, **fields)
    member = _create_member(hh, head, actor)
    record(actor, "registry.household.create", hh, region_code=village.code,
           diff={"household": snapshot(hh), "head": snapshot(member)})
    return hh


def _create_member(hh: Household, values: dict[str, Any], actor: Actor) -> Member:
    try:
        with transaction.atomic():
            return Member.objects.create(household=hh, **values)
    except IntegrityError:
        if values.get("id_number"):
            check_id_free(values["id_number"], actor=actor)
        raise


def _bump(hh: Household, version: int | None) -> None:
    """Optimistic lock: increment the version only if it is still the one the editor saw."""
    expected = hh.version if version is None else version
    updated = Household.objects.filter(pk=hh.pk, version=expected).update(version=expected + 1)
    if not updated:
        raise StaleEdit()
    hh.version = expected + 1


@transaction.atomic
def do_update_household(actor: Actor, hh: Household, *, version: int, **fields: Any) -> Household:
    """Edit household facts; status and monitoring fields change only through workflows."""
    if set(fields) & set(STATUS_FIELDS):
        raise DomainError("status_by_workflow",
                          "户类型、监测对象、风险类型及相关日期须通过识别、风险消除或脱贫退出流程变更")
    hh = _update(actor, hh, version, fields, HOUSEHOLD_EDITABLE, "registry.household.update", "")
    _edited(actor, [hh], EDIT_NOTES["household"])
    return hh


@transaction.atomic
def do_apply_decision(actor: Actor, hh: Household, *, version: int, note: str,
                      **fields: Any) -> Household:
    """Set status fields as decided by a workflow case (the note names the case), then let
    every app whose AppConfig has `household_decision` follow (screening: the import warnings
    the decision brings in line close; the registry never imports it)."""
    hh = _update(actor, hh, version, fields, STATUS_FIELDS, "registry.household.decision", note)
    for config in apps.get_app_configs():
        hook = getattr(config, "household_decision", None)
        if hook is not None:
            hook(actor, [hh], note=note)
    return hh


def _edited(actor: Actor, households: list[Household], note: str) -> None:
    """After an edit of these households (a member moved: both): every app whose AppConfig
    has `household_edited` follows (screening: the import warnings the edit brings in line
    close; the registry never imports it). `note` names the kind of edit (`EDIT_NOTES`)."""
    for config in apps.get_app_configs():
        hook = getattr(config, "household_edited", None)
        if hook is not None:
            hook(actor, households, note=note)


def _update(actor: Actor, hh: Household, version: int, fields: dict[str, Any],
            allowed: tuple[str, ...], action: str, note: str) -> Household:
    check_can(actor, Cap.WRITE_REGISTRY, hh.village_id)
    unknown = set(fields) - set(allowed)
    if unknown:
        raise DomainError("bad_field", gettext("不可修改的字段：%(fields)s")
                                       % {"fields": ", ".join(sorted(unknown))})
    check_unlocked(hh.village_id, timezone.localdate())
    before = snapshot(hh, list(fields))
    _bump(hh, version)
    for name, value in fields.items():
        setattr(hh, name, value)
    hh.save(update_fields=[*fields, "updated_at"])
    record(actor, action, hh, region_code=hh.village_id, note=note,
           diff=changes(before, snapshot(hh, list(fields))))
    return hh


def check_unlocked(village_code: str, on: dt.date) -> None:
    """Refuse writes to data an approval has locked (the approval workflow owns the locks)."""
    # Imported here on purpose: the lock rows (DataApproval) belong to workflows, whose cases
    # point at registry households, so workflows imports registry at module level. This is the
    # one import against the layers (.importlinter lists it).
    from jianpin.workflows.locking import check_unlocked as workflow_check

    workflow_check(village_code, on)


def _refresh_household(hh: Household) -> None:
    alive = hh.members.filter(deceased_on__isnull=True)
    head = alive.filter(relation=codes.Relation.HEAD).first()
    hh.size = alive.count()
    if head is not None:
        hh.head_name = head.name
    hh.save(update_fields=["size", "head_name", "updated_at"])


@opens_verification(lambda hh, *a, **kw: hh.village_id)
@transaction.atomic
def do_add_member(actor: Actor, hh: Household, values: dict[str, Any]) -> Member:
    check_can(actor, Cap.WRITE_REGISTRY, hh.village_id)
    check_unlocked(hh.village_id, timezone.localdate())
    values = normalise_member(dict(values))
    if values["relation"] == codes.Relation.HEAD and hh.members.filter(
            relation=codes.Relation.HEAD, deceased_on__isnull=True).exists():
        raise DomainError("two_heads", "该户已有户主，一户只能有一名户主")
    if values["id_number"]:
        check_id_free(values["id_number"], actor=actor)
    _bump(hh, None)
    member = _create_member(hh, values, actor)
    _refresh_household(hh)
    record(actor, "registry.member.create", member, region_code=hh.village_id,
           diff=snapshot(member))
    _edited(actor, [hh], EDIT_NOTES["add"])
    return member


@opens_verification(lambda member, *a, **kw: member.household.village_id)
@transaction.atomic
def do_update_member(actor: Actor, member: Member, *, version: int | None = None,
                     **fields: Any) -> Member:
    """Edit a member; `version` is the household version the editor saw (stale edits refused)."""
    hh = member.household
    check_can(actor, Cap.WRITE_REGISTRY, hh.village_id)
    check_unlocked(hh.village_id, timezone.localdate())
    unknown = set(fields) - set(MEMBER_EDITABLE)
    if unknown:
        raise DomainError("bad_field", gettext("不可修改的字段：%(fields)s")
                                       % {"fields": ", ".join(sorted(unknown))})
    if "id_number" in fields:
        fields = normalise_member(fields)
        if fields["id_number"]:
            check_id_free(fields["id_number"], member.pk, actor)
    before = snapshot(member, list(fields))
    for name, value in fields.items():
        setattr(member, name, value)
    _bump(hh, version)
    member.save(update_fields=[*fields, "updated_at"])
    _refresh_household(hh)
    record(actor, "registry.member.update", member, region_code=hh.village_id,
           diff=changes(before, snapshot(member, list(fields))))
    _edited(actor, [hh], EDIT_NOTES["member"])
    return member


@transaction.atomic
def do_move_member(actor: Actor, member: Member, target: Household, *, reason: str = "") -> Member:
    source = member.household
    check_can(actor, Cap.WRITE_REGISTRY, source.village_id)
    check_can(actor, Cap.WRITE_REGISTRY, target.village_id)
    today = timezone.localdate()
    check_unlocked(source.village_id, today)
    check_unlocked(target.village_id, today)
    if target.pk == source.pk:
        raise DomainError("same_household", "目标户与原户相同")
    if member.relation == codes.Relation.HEAD and source.members.filter(
            deceased_on__isnull=True).exclude(pk=member.pk).exists():
        raise DomainError("head_has_members", "户主迁出前须先指定新的户主")
    _bump(source, None)
    _bump(target, None)
    member.household = target
    if member.relation == codes.Relation.HEAD:
        member.relation = codes.Relation.OTHER
    member.save(update_fields=["household", "relation", "updated_at"])
    _refresh_household(source)
    _refresh_household(target)
    record(actor, "registry.member.move", member, region_code=target.village_id, note=reason,
           diff={"household_id": [source.pk, target.pk],
                 "household_number": [source.number, target.number]})
    _edited(actor, [source, target], EDIT_NOTES["move"])
    return member


@transaction.atomic
def do_mark_deceased(actor: Actor, member: Member, on: dt.date, *, note: str = "") -> Member:
    hh = member.household
    check_can(actor, Cap.WRITE_REGISTRY, hh.village_id)
    check_unlocked(hh.village_id, timezone.localdate())
    if member.deceased_on is not None:
        raise DomainError("already_deceased", gettext("%(name)s 已标记为死亡") % {"name": member.name})
    if on > timezone.localdate():
        raise DomainError("future_date", "死亡日期不能晚于今天")
    _bump(hh, None)
    member.deceased_on = on
    member.save(update_fields=["deceased_on", "updated_at"])
    _refresh_household(hh)
    record(actor, "registry.member.deceased", member, region_code=hh.village_id, note=note,
           diff={"deceased_on": [None, on.isoformat()]})
    _edited(actor, [hh], EDIT_NOTES["deceased"])
    return member


def income_values(values: dict[str, Any]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for name in income.INCOME_FIELDS:
        amount = Decimal(str(values.get(name) or "0")).quantize(Decimal("0.01"))
        if amount < 0:
            raise DomainError("negative_amount", gettext("金额不能为负数：%(field)s") % {"field": name})
        out[name] = amount
    return out


@transaction.atomic
def do_record_income(actor: Actor, hh: Household, year: int, values: dict[str, Any],
                     persons: int | None = None) -> IncomeRecord:
    """Create or correct one year's record; other years are never touched."""
    check_can(actor, Cap.WRITE_REGISTRY, hh.village_id)
    check_unlocked(hh.village_id, dt.date(year, 12, 31))
    amounts = income_values(values)
    persons = persons or hh.size
    totals = income.compute(amounts, persons)
    fields = dict(amounts, persons=persons, transfer_income=totals.transfer_income,
                  net_income=totals.net_income, per_capita_net=totals.per_capita_net,
                  rigid_spending=totals.rigid_spending)
    existing = IncomeRecord.objects.filter(household=hh, year=year).first()
    _bump(hh, None)
    if existing is None:
        rec = IncomeRecord.objects.create(household=hh, year=year, **fields)
        record(actor, "registry.income.create", rec, region_code=hh.village_id,
               diff=snapshot(rec))
        return rec
    before = snapshot(existing, list(fields))
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.save(update_fields=[*fields, "updated_at"])
    record(actor, "registry.income.update", existing, region_code=hh.village_id,
           diff=changes(before, snapshot(existing, list(fields))))
    return existing


def do_reveal(actor: Actor, member: Member, field: str) -> str:
    """Return the unmasked value of a sensitive field and log who saw it."""
    hh = member.household
    check_can(actor, Cap.REVEAL, hh.village_id)
    if field not in ("id_number", "phone"):
        raise DomainError("bad_field", "该字段不可查看")
    record(actor, "registry.reveal", member, region_code=hh.village_id, diff={"field": field})
    return getattr(member, field) or ""


def do_reveal_for_edit(actor: Actor, obj: Household | Member, hh: Household) -> None:
    """Log that an edit form was opened with the full ID, phone and bank numbers."""
    check_can(actor, Cap.REVEAL, hh.village_id)
    fields = ["phone", "bank_account"] if isinstance(obj, Household) else ["id_number", "phone"]
    record(actor, "registry.reveal", obj, region_code=hh.village_id,
           diff={"fields": fields, "purpose": "edit"})


def do_reveal_household(actor: Actor, hh: Household, field: str) -> str:
    check_can(actor, Cap.REVEAL, hh.village_id)
    if field not in ("phone", "bank_account"):
        raise DomainError("bad_field", "该字段不可查看")
    record(actor, "registry.reveal", hh, region_code=hh.village_id, diff={"field": field})
    return getattr(hh, field) or ""


# Bulk writes (imports) live in their own module and are part of this layer; the field lists
# live in `fields` (forms import them from here).
from jianpin.registry.import_actions import (  # noqa: E402, F401
    do_cancel_import,
    do_confirm_import,
    do_import_households,
    do_start_import,
)

__all__ = ["HOUSEHOLD_EDITABLE", "MEMBER_EDITABLE", "STATUS_FIELDS", "WRITABLE",
           "do_cancel_import", "do_confirm_import", "do_import_households", "do_start_import"]
