"""Writes of the jobs app: a county's schedules (set by its officers, audited)."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.jobs.models import Schedule
from jianpin.jobs.schedules import KINDS, next_run
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Level, Region

FIELDS = ("enabled", "day", "hour", "minute")


def check_timing(day: int, hour: int, minute: int) -> None:
    # Days 29-31 do not exist in every month: the 28th is the last day every month has.
    if not (1 <= day <= 28 and 0 <= hour <= 23 and 0 <= minute <= 59):
        raise DomainError("bad_time", _("时间无效：日期须为1至28日，时为0至23，分为0至59"))


@transaction.atomic
def do_save_schedule(actor: Any, region_code: str, kind: str, *, enabled: bool, day: int,
                     hour: int, minute: int) -> Schedule:
    """Create or change the county's schedule of `kind`; the next run is computed from now."""
    check_can(actor, Cap.RUN_SCREENING, region_code)
    if not Region.objects.filter(code=region_code, level=Level.COUNTY).exists():
        raise DomainError("not_county", _("计划任务按县设置，请选择县级区划"))
    if kind not in KINDS:
        raise DomainError("bad_kind", _("未知的计划任务类型"))
    check_timing(day, hour, minute)
    spec = KINDS[kind]
    schedule = Schedule.objects.select_for_update().filter(region_id=region_code, kind=kind).first()
    before = {f: getattr(schedule, f) for f in FIELDS} if schedule else {}
    if schedule is None:
        schedule = Schedule(region_id=region_code, kind=kind)
    schedule.enabled, schedule.day, schedule.hour, schedule.minute = enabled, day, hour, minute
    schedule.updated_by = actor
    schedule.next_run_at = next_run(spec.monthly, day, hour, minute, timezone.now()) \
        if enabled else None
    schedule.save()
    after = {f: getattr(schedule, f) for f in FIELDS}
    record(actor, "jobs.schedule.save", schedule, region_code=region_code,
           diff={"kind": kind, "before": before, "after": after})
    return schedule
