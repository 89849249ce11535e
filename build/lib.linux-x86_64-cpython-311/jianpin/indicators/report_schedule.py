"""The monthly monitoring report on a schedule: on the day a county officer sets on the
schedules page, the county's 监测对象月报 of the month before, in Excel and in PDF, kept for
download beside the reports made on request (`Report.scheduled`).

The job refreshes the county's snapshot of the report's year first, so the report shows the
figures of the day it is made.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jianpin.audit.actions import record
from jianpin.indicators.models import Report, ReportFormat
from jianpin.indicators.reports import JOB_KIND
from jianpin.jobs.models import Job
from jianpin.jobs.runner import enqueue
from jianpin.jobs.schedules import schedulable

KIND = "monitoring_monthly"


def month_before(today: dt.date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


@schedulable("indicators.monthly_report", _("每月生成监测对象月报"), monthly=True, day=5, hour=6)
@transaction.atomic
def start_monthly_report(area_code: str, today: dt.date) -> Job:
    """Queue the county's monthly monitoring report of the month before `today`."""
    year, month = month_before(today)
    reports = [Report.objects.create(kind=KIND, region_id=area_code, year=year, month=month,
                                     format=fmt, scheduled=True)
               for fmt in (ReportFormat.XLSX, ReportFormat.PDF)]
    job = enqueue(JOB_KIND, {"reports": [r.pk for r in reports],
                             "refresh": {"year": year, "area": area_code}})
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(job=job)
    record(None, "indicators.report.schedule", region_code=area_code,
           diff={"kind": KIND, "year": year, "month": month,
                 "reports": [r.pk for r in reports]})
    return job
