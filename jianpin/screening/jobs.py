"""The background job kind that runs a queued screening with progress."""
from __future__ import annotations

from typing import Any

from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, job_kind
from jianpin.screening.models import ScreeningRun

STEPS = ("features", "changes", "snapshot", "rules", "explain")


@job_kind("screening.run")
def run_screening(job: Job, reporter: Reporter) -> dict[str, Any]:
    from jianpin.screening.actions import execute_run

    run = ScreeningRun.objects.get(pk=job.args["run"])
    reporter.total(len(STEPS) + 1)

    def progress(step: str) -> None:
        reporter.advance(STEPS.index(step) + 1, force=True)

    result = execute_run(run, progress)
    reporter.advance(len(STEPS) + 1, force=True)
    return {"run": run.pk, "households": result.households_screened, "hits": len(result.hits)}
