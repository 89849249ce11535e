"""Writes of a member's periods of migrant work (已外出务工信息, the monitoring system's
migrant-work sheet): add, edit, delete one period. Access-checked, atomic, audited like the
other registry edits, and refused when a year the period touches is approval-locked for its
village (as an income record is checked on its year, not on today's date).

Each audit entry is the period's (object `registry.workperiod`) and names the member
(`member_id`) so that the household's change log finds deleted periods too.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import changes, record, snapshot
from jianpin.kernel.errors import DomainError
from jianpin.registry.actions import _bump, check_unlocked
from jianpin.registry.fields import WORK_PERIOD
from jianpin.registry.models import Member, WorkPeriod

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

MONEY = {"monthly_income": gettext_noop("务工月收入"), "travel_subsidy": gettext_noop("年度交通费补助")}


def years_of(start: dt.date | None, end: dt.date | None, today: dt.date) -> range:
    """The years a period touches: an open period runs to today (or to its start, if later);
    a period with no dates at all is today's."""
    last = end or (max(start, today) if start else today)
    first = start or last
    return range(first.year, last.year + 1)


def _check(actor: Actor, member: Member) -> None:
    check_can(actor, Cap.WRITE_REGISTRY, member.household.village_id)


def _check_years(member: Member, *periods: dict[str, Any]) -> None:
    """The approval lock of every year the periods touch, checked on 31 December of the year
    as `do_record_income` checks an income record's year."""
    today = timezone.localdate()
    years = sorted({y for p in periods for y in years_of(p.get("start"), p.get("end"), today)})
    for year in years:
        check_unlocked(member.household.village_id, dt.date(year, 12, 31))


def _dates(period: WorkPeriod) -> dict[str, Any]:
    return {"start": period.start, "end": period.end}


def _valid(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(WORK_PERIOD)
    if unknown:
        raise DomainError("bad_field", gettext("不可修改的字段：%(fields)s")
                          % {"fields": ", ".join(sorted(unknown))})
    start, end = values.get("start"), values.get("end")
    if start is not None and end is not None and end < start:
        raise DomainError("end_before_start", gettext_noop("结束时间不能早于开始时间"))
    for name, title in MONEY.items():
        amount = values.get(name)
        if amount is None:
            continue
        values[name] = Decimal(str(amount)).quantize(Decimal("0.01"))
        if values[name] < 0:
            raise DomainError("negative_amount", gettext("金额不能为负数：%(field)s")
                              % {"field": gettext(title)})
    return values


def _entry(member: Member, diff: dict[str, Any]) -> dict[str, Any]:
    return {"member_id": member.pk, **diff}


@transaction.atomic
def do_add_work_period(actor: Actor, member: Member, values: dict[str, Any], *,
                       version: int | None = None) -> WorkPeriod:
    """Add one period; `version` is the household version the editor saw."""
    _check(actor, member)
    values = _valid(dict(values))
    _check_years(member, values)
    _bump(member.household, version)
    period = WorkPeriod.objects.create(member=member, **values)
    record(actor, "registry.workperiod.create", period, region_code=member.household.village_id,
           note=member.name, diff=_entry(member, snapshot(period, list(WORK_PERIOD))))
    return period


@transaction.atomic
def do_update_work_period(actor: Actor, period: WorkPeriod, *, version: int | None = None,
                          **fields: Any) -> WorkPeriod:
    member = period.member
    _check(actor, member)
    after = _valid({k: fields.get(k, getattr(period, k)) for k in WORK_PERIOD})
    _check_years(member, _dates(period), after)   # moving a period out of a year edits that year
    fields = _valid(dict(fields))
    before = snapshot(period, list(fields))
    _bump(member.household, version)
    for name, value in fields.items():
        setattr(period, name, value)
    period.save(update_fields=list(fields))
    record(actor, "registry.workperiod.update", period, region_code=member.household.village_id,
           note=member.name,
           diff=_entry(member, changes(before, snapshot(period, list(fields)))))
    return period


@transaction.atomic
def do_delete_work_period(actor: Actor, period: WorkPeriod, *,
                          version: int | None = None) -> None:
    member = period.member
    _check(actor, member)
    _check_years(member, _dates(period))
    _bump(member.household, version)
    gone = snapshot(period, list(WORK_PERIOD))
    pk = period.pk
    period.delete()
    record(actor, "registry.workperiod.delete", None, object_type="registry.workperiod",
           object_id=str(pk), region_code=member.household.village_id, note=member.name,
           diff=_entry(member, gone))
