"""Recurring jobs per county: monthly screening, nightly indicator refresh.

An app offers a kind of schedule with `@schedulable(...)` on a starter `fn(area_code, today)`
that queues the job and returns it. A `Schedule` row (one per county and kind) says when it
runs; `fire_due(now)` (called by the worker loop) starts every enabled schedule whose time
has come, once: the row's next run time is moved on by a conditional update first, so two
workers never start it twice. A schedule missed while no worker ran fires once, not once per
missed period. Times are local (Asia/Shanghai, no daylight saving).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jianpin.jobs.models import Job, Schedule

log = logging.getLogger(__name__)
Starter = Callable[[str, dt.date], Job]


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any                  # a lazy translation
    monthly: bool               # False: every day
    start: Starter
    day: int = 1                # defaults offered for a new schedule
    hour: int = 2
    minute: int = 0


KINDS: dict[str, Kind] = {}


def schedulable(code: str, label: Any, *, monthly: bool, day: int = 1, hour: int = 2,
                minute: int = 0) -> Callable[[Starter], Starter]:
    def register(fn: Starter) -> Starter:
        KINDS[code] = Kind(code, label, monthly, fn, day, hour, minute)
        return fn
    return register


def next_run(monthly: bool, day: int, hour: int, minute: int, after: dt.datetime) -> dt.datetime:
    """The first local time strictly after `after` on the schedule (day only when monthly)."""
    local = timezone.localtime(after)
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if not monthly:
        return at if at > local else at + dt.timedelta(days=1)
    at = at.replace(day=day)
    if at > local:
        return at
    year, month = (at.year + 1, 1) if at.month == 12 else (at.year, at.month + 1)
    return at.replace(year=year, month=month)


def schedule_next(s: Schedule, after: dt.datetime) -> dt.datetime | None:
    kind = KINDS.get(s.kind)
    if kind is None or not s.enabled:
        return None
    return next_run(kind.monthly, s.day, s.hour, s.minute, after)


def fire_due(now: dt.datetime | None = None) -> list[int]:
    """Start every due schedule once; return the ids of the jobs queued."""
    now = now or timezone.now()
    started = []
    for s in Schedule.objects.filter(enabled=True, next_run_at__lte=now).order_by("next_run_at"):
        following = schedule_next(s, now)
        if not Schedule.objects.filter(pk=s.pk, next_run_at=s.next_run_at).update(
                next_run_at=following):
            continue        # another worker took it
        job = _start(s, now)
        if job is not None:
            started.append(job.pk)
    return started


def _start(s: Schedule, now: dt.datetime) -> Job | None:
    kind = KINDS.get(s.kind)
    try:
        if kind is None:
            raise LookupError(f"未知计划任务类型：{s.kind}")
        job = kind.start(s.region_id, timezone.localdate(now))
    except Exception as exc:    # a failing schedule is recorded on its row and tried next time
        log.exception("schedule %s (%s %s) failed to start", s.pk, s.kind, s.region_id)
        Schedule.objects.filter(pk=s.pk).update(last_run_at=now, last_error=str(exc)[:500])
        return None
    Schedule.objects.filter(pk=s.pk).update(last_run_at=now, last_job=job, last_error="")
    return job
