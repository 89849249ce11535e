"""The background job that refreshes the indicator snapshot (nightly or on demand)."""
from __future__ import annotations

from typing import Any

from jianpin.indicators.actions import JOB_KIND, do_refresh
from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, job_kind


@job_kind(JOB_KIND)
def run_refresh(job: Job, reporter: Reporter) -> dict[str, Any]:
    reporter.total(1)
    rows = do_refresh(job.owner, int(job.args["year"]), job.args.get("area") or None)
    reporter.advance(1, force=True)
    return {"values": rows}
