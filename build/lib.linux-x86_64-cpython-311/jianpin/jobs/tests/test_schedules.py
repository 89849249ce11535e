"""Schedules: when they run (a frozen clock, no sleeping), who may set them, and firing once."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, OTHER_COUNTY, PASSWORD, TOWNSHIP
from jianpin.jobs.actions import do_save_schedule
from jianpin.jobs.models import Job, JobStatus, Schedule
from jianpin.jobs.schedules import KINDS, fire_due, next_run
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.screening.models import ScreeningRun

CST = ZoneInfo("Asia/Shanghai")
MONTHLY, NIGHTLY = "screening.monthly", "indicators.nightly"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CST)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """Freeze django.utils.timezone.now (what the actions read) at a given instant."""
    def freeze(instant: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)
    return freeze


@pytest.mark.parametrize(("monthly", "after", "expected"), [
    (True, at(2026, 11, 30, 10, 0), at(2026, 12, 1, 2, 0)),
    (True, at(2026, 12, 1, 1, 59), at(2026, 12, 1, 2, 0)),
    (True, at(2026, 12, 1, 2, 0), at(2027, 1, 1, 2, 0)),          # strictly after
    (True, at(2026, 12, 15, 0, 0), at(2027, 1, 1, 2, 0)),         # across the year
    (False, at(2026, 11, 30, 1, 59), at(2026, 11, 30, 2, 0)),
    (False, at(2026, 11, 30, 2, 0), at(2026, 12, 1, 2, 0)),
    (False, at(2026, 12, 31, 23, 0), at(2027, 1, 1, 2, 0)),
])
def test_next_run(monthly: bool, after: dt.datetime, expected: dt.datetime) -> None:
    assert next_run(monthly, 1, 2, 0, after) == expected
    # the same instant given in UTC
    assert next_run(monthly, 1, 2, 0, after.astimezone(dt.UTC)) == expected


def test_next_run_on_the_28th_every_month() -> None:
    runs, t = [], at(2027, 1, 1)
    for _ in range(3):
        t = next_run(True, 28, 23, 59, t)
        runs.append(t)
    assert runs == [at(2027, 1, 28, 23, 59), at(2027, 2, 28, 23, 59), at(2027, 3, 28, 23, 59)]


def test_both_kinds_are_offered() -> None:
    assert (KINDS[MONTHLY].monthly, KINDS[NIGHTLY].monthly) == (True, False)


def test_officer_sets_the_county_schedule_with_audit(officer, clock) -> None:  # type: ignore[no-untyped-def]
    clock(at(2026, 11, 30, 10, 0))
    s = do_save_schedule(officer, COUNTY, MONTHLY, enabled=True, day=5, hour=3, minute=15)
    assert (s.region_id, s.kind, s.next_run_at) == (COUNTY, MONTHLY, at(2026, 12, 5, 3, 15))
    event = AuditEvent.objects.get(action="jobs.schedule.save")
    assert (event.actor, event.region_code, event.diff["before"], event.diff["after"]) == (
        officer, COUNTY, {}, {"enabled": True, "day": 5, "hour": 3, "minute": 15})
    s = do_save_schedule(officer, COUNTY, MONTHLY, enabled=False, day=5, hour=3, minute=15)
    assert (Schedule.objects.count(), s.next_run_at) == (1, None)


@pytest.mark.parametrize(("who", "region", "error"), [
    ("reviewer", COUNTY, PermissionDenied),     # a township reviewer: the county is above them
    ("officer", OTHER_COUNTY, PermissionDenied),
    ("auditor", COUNTY, PermissionDenied),      # no right to run screening
    ("officer", TOWNSHIP, DomainError),         # schedules are per county
])
def test_refused_saves_change_nothing(who: str, region: str, error: type[Exception],
                                      request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(error):
        do_save_schedule(user, region, MONTHLY, enabled=True, day=1, hour=2, minute=0)
    assert (Schedule.objects.count(), AuditEvent.objects.count()) == (0, 0)


@pytest.mark.parametrize(("day", "hour", "minute"), [(29, 2, 0), (0, 2, 0), (1, 24, 0), (1, 2, 60)])
def test_impossible_times_are_refused(officer, day: int, hour: int, minute: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        do_save_schedule(officer, COUNTY, MONTHLY, enabled=True, day=day, hour=hour, minute=minute)
    assert Schedule.objects.count() == 0


def test_a_due_schedule_fires_once(officer, settings, clock) -> None:  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE, settings.JOBS_MODE = False, "worker"     # queued, not run
    clock(at(2026, 11, 30, 10, 0))
    do_save_schedule(officer, COUNTY, MONTHLY, enabled=True, day=1, hour=2, minute=0)
    assert fire_due(at(2026, 12, 1, 1, 59)) == []
    started = fire_due(at(2026, 12, 1, 2, 0))
    job = Job.objects.get(pk=started[0])
    run = ScreeningRun.objects.get(pk=job.args["run"])
    assert (len(started), job.status, run.area_code, run.year) == (1, JobStatus.QUEUED, COUNTY, 2025)
    s = Schedule.objects.get()
    assert (s.next_run_at, s.last_run_at, s.last_job_id) == (
        at(2027, 1, 1, 2, 0), at(2026, 12, 1, 2, 0), job.pk)
    assert fire_due(at(2026, 12, 1, 2, 5)) == []            # a second worker finds nothing
    assert Job.objects.count() == 1


def test_missed_runs_fire_once_and_move_past_now(officer, settings, clock) -> None:  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE, settings.JOBS_MODE = False, "worker"
    clock(at(2026, 1, 1, 10, 0))
    do_save_schedule(officer, COUNTY, NIGHTLY, enabled=True, day=1, hour=1, minute=30)
    started = fire_due(at(2026, 3, 10, 12, 0))                # the worker was down for weeks
    job = Job.objects.get(pk=started[0])
    assert (len(started), job.kind, job.args) == (1, "indicators.refresh",
                                                  {"year": 2025, "area": COUNTY})
    assert Schedule.objects.get().next_run_at == at(2026, 3, 11, 1, 30)


def test_a_schedule_whose_start_fails_records_why(officer, settings, clock) -> None:  # type: ignore[no-untyped-def]
    clock(at(2026, 1, 1, 10, 0))
    do_save_schedule(officer, COUNTY, NIGHTLY, enabled=True, day=1, hour=1, minute=30)
    Schedule.objects.update(kind="gone.away")
    assert fire_due(at(2026, 1, 2, 1, 30)) == []
    s = Schedule.objects.get()
    assert s.last_error == "未知计划任务类型：gone.away" and s.last_job is None


def test_page_lists_the_counties_of_the_area_and_saves(officer, reviewer, clock) -> None:  # type: ignore[no-untyped-def]
    clock(at(2026, 11, 30, 10, 0))
    client = Client()
    client.login(username=officer.username, password=PASSWORD)
    page = client.get("/jobs/schedules/").content.decode()
    assert page.count(f'data-county="{COUNTY}"') == len(KINDS) and OTHER_COUNTY not in page
    assert ("每个县可设置这些任务的时间（北京时间）："
            "每月生成监测对象月报、每晚刷新指标、每月监测筛查。") in page
    answer = client.post("/jobs/schedules/save/", {"region": COUNTY, "kind": NIGHTLY,
                                                   "enabled": "1", "day": "1", "hour": "1",
                                                   "minute": "30"})
    assert answer.status_code == 302
    assert Schedule.objects.get().next_run_at == at(2026, 12, 1, 1, 30)
    client.cookies["django_language"] = "en"
    english = client.get("/jobs/schedules/").content.decode()
    del client.cookies["django_language"]
    assert "Schedules" in english and "Nightly indicator refresh" in english
    # the hint names every kind on offer, the monthly report too
    assert ("Each county sets when these tasks run (Beijing time): Monthly monitoring report, "
            "Nightly indicator refresh, Monthly screening. Schedules") in english
    client.login(username=reviewer.username, password=PASSWORD)
    page = client.get("/jobs/schedules/").content.decode()
    assert "data-county=" not in page
    answer = client.post("/jobs/schedules/save/", {"region": COUNTY, "kind": NIGHTLY,
                                                   "enabled": "", "day": "1", "hour": "1",
                                                   "minute": "30"})
    assert Schedule.objects.get().enabled
