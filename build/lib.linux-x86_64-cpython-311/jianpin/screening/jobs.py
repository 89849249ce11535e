"""The background job kind that runs a queued screening with progress."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

from django.utils.translation import gettext_lazy as _

from jianpin.jobs.models import Job
from jianpin.jobs.runner import Reporter, job_kind
from jianpin.jobs.schedules import schedulable
from jianpin.screening.actions import execute_run, start_scheduled
from jianpin.screening.models import ScreeningRun

STEPS = ("features", "changes", "snapshot", "rules", "explain")


@job_kind("screening.run")
def run_screening(job: Job, reporter: Reporter) -> dict[str, Any]:
    run = ScreeningRun.objects.get(pk=job.args["run"])
    if run.engine == "spark":
        return _in_child_process(run, reporter)
    reporter.total(len(STEPS) + 1)

    def progress(step: str) -> None:
        reporter.advance(STEPS.index(step) + 1, force=True)

    result = execute_run(run, progress)
    reporter.advance(len(STEPS) + 1, force=True)
    return {"run": run.pk, "households": result.households_screened, "hits": len(result.hits)}


@schedulable("screening.monthly", _("每月监测筛查"), monthly=True, day=1, hour=2)
def start_monthly(area_code: str, today: dt.date) -> Job:
    """A schedule's screening: last year's incomes (the latest complete year), default rules."""
    return start_scheduled(area_code, today.year - 1)


def child_command(run: ScreeningRun) -> list[str]:
    return [sys.executable, "-m", "jianpin.cli", "screen", "--run", str(run.pk)]


def _in_child_process(run: ScreeningRun, reporter: Reporter) -> dict[str, Any]:
    """Run a Spark screening in a child process: the driver (a JVM) never lives in the web
    process, whose job threads would otherwise start it."""
    reporter.total(1)
    done = subprocess.run(child_command(run), capture_output=True, text=True, check=False)
    run.refresh_from_db()
    if done.returncode != 0:
        raise RuntimeError(f"筛查子进程失败：{(done.stderr or '').strip()[-2000:]}")
    reporter.advance(1, force=True)
    return {"run": run.pk, "households": run.households_screened, "hits": run.hits}
