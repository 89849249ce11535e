"""The background job that refreshes the indicator snapshot (nightly or on demand)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from jianpin.indicators.actions import JOB_KIND, do_refresh, enqueue_refresh
from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, job_kind
from jianpin.jobs.schedules import schedulable


@job_kind(JOB_KIND)
def run_refresh(job: Job, reporter: Reporter) -> dict[str, Any]:
    reporter.total(1)
    rows = do_refresh(job.owner, int(job.args["year"]), job.args.get("area") or None)
    reporter.advance(1, force=True)
    return {"values": rows}


@schedulable("indicators.nightly", _("每晚刷新指标"), monthly=False, hour=1, minute=30)
def start_nightly(area_code: str, today: dt.date) -> Job:
    """A schedule's refresh: the county's indicators of last year (the dashboard's default)."""
    return enqueue_refresh(None, today.year - 1, area_code)
