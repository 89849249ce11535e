"""The background job that runs the assistance consistency checks over an area."""
from __future__ import annotations

from typing import Any

from jianpin.assistance.checks import JOB_KIND as KIND
from jianpin.assistance.checks import do_run_checks
from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, job_kind
from jianpin.regions.models import Region


@job_kind(KIND)
def run_checks(job: Job, reporter: Reporter) -> dict[str, Any]:
    reporter.total(1)
    summary = do_run_checks(job.owner, Region.objects.get(pk=job.args["region"]))
    reporter.advance(1, force=True)
    return summary
