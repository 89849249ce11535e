"""The monthly monitoring report on a schedule, against a frozen clock (no sleeping): set on the
schedules page's action, fired by `fire_due`, built by the worker, kept for download."""
from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, PASSWORD
from jianpin.indicators.models import Report
from jianpin.indicators.report_schedule import month_before
from jianpin.indicators.reports import path_of
from jianpin.indicators.tests import fixture
from jianpin.jobs.actions import do_save_schedule
from jianpin.jobs.models import Job, JobStatus, Schedule
from jianpin.jobs.runner import run
from jianpin.jobs.schedules import KINDS, fire_due

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
KIND = "indicators.monthly_report"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CST)


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2026, 1, 5), (2025, 12)), (dt.date(2026, 3, 1), (2026, 2)),
    (dt.date(2026, 12, 28), (2026, 11))])
def test_the_report_is_of_the_month_before(today: dt.date, expected: tuple[int, int]) -> None:
    assert month_before(today) == expected


def test_the_kind_is_monthly_and_offered() -> None:
    assert (KINDS[KIND].monthly, KINDS[KIND].day, KINDS[KIND].hour) == (True, 5, 6)


def test_scheduled_report_is_made_on_the_set_day_and_kept(officer, settings,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    fixture.build()                                    # households of 2025
    settings.JOBS_INLINE, settings.JOBS_MODE = False, "worker"
    monkeypatch.setattr(timezone, "now", lambda: at(2025, 12, 20, 10, 0))
    do_save_schedule(officer, COUNTY, KIND, enabled=True, day=3, hour=7, minute=30)
    assert Schedule.objects.get(kind=KIND).next_run_at == at(2026, 1, 3, 7, 30)
    assert fire_due(at(2026, 1, 3, 7, 29)) == []
    started = fire_due(at(2026, 1, 3, 7, 30))
    assert fire_due(at(2026, 1, 3, 7, 31)) == []       # once
    job = Job.objects.get(pk=started[0])
    reports = list(Report.objects.order_by("format"))
    assert [(r.kind, r.region_id, r.year, r.month, r.format, r.scheduled, r.job_id)
            for r in reports] == [
        ("monitoring_monthly", COUNTY, 2025, 12, "pdf", True, job.pk),
        ("monitoring_monthly", COUNTY, 2025, 12, "xlsx", True, job.pk)]
    assert job.status == JobStatus.QUEUED and job.owner is None
    assert AuditEvent.objects.get(action="indicators.report.schedule").diff == {
        "kind": "monitoring_monthly", "year": 2025, "month": 12,
        "reports": [r.pk for r in sorted(reports, key=lambda r: r.pk)]}
    assert run(job.pk).status == JobStatus.DONE
    # The job refreshed the county's 2025 snapshot, then built both files from it.
    pdf, xlsx = (Report.objects.get(pk=r.pk) for r in reports)
    sheet = load_workbook(path_of(xlsx)).worksheets[0]
    assert sheet["A1"].value == "五华县2025年12月监测对象月报"
    last = sheet.max_row
    while sheet.cell(last, 1).value != "合计":
        last -= 1
    assert [sheet.cell(last, c).value for c in range(2, 8)] == [
        "3", "8", "1", "1", "1", "66.67"]             # as test_reports works it by hand
    raw = path_of(pdf).read_bytes()  # type: ignore[union-attr]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
    assert "五华县2025年12月监测对象月报" in text.replace("\n", "")
    assert Schedule.objects.get(kind=KIND).next_run_at == at(2026, 2, 3, 7, 30)


def test_the_schedules_page_offers_it_and_reports_list_it(officer, settings,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    client = Client()
    client.login(username=officer.username, password=PASSWORD)
    page = client.get("/jobs/schedules/").content.decode()
    assert f'data-kind="{KIND}"' in page and "每月生成监测对象月报" in page
    settings.JOBS_INLINE, settings.JOBS_MODE = False, "worker"
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 2, 1, 10, 0))
    do_save_schedule(officer, COUNTY, KIND, enabled=True, day=1, hour=6, minute=0)
    fire_due(at(2026, 3, 1, 6, 0))
    listing = client.get("/indicators/reports/").content.decode()
    assert listing.count("（定时生成）") == 2
    client.cookies["django_language"] = "en"
    page = client.get("/jobs/schedules/").content.decode()
    assert "Monthly monitoring report" in page
    listing = client.get("/indicators/reports/").content.decode()
    assert listing.count("(scheduled)") == 2
