"""A Spark run never starts its driver in the process that queued it."""
from __future__ import annotations

import subprocess
import sys
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from jianpin.jobs import runner
from jianpin.jobs.models import Job
from jianpin.screening import actions, jobs
from jianpin.screening.models import RunStatus, ScreeningRun, Warning
from jianpin.screening.tests.fixture import build

pytestmark = pytest.mark.django_db


def test_spark_job_runs_in_a_child_process(monkeypatch: pytest.MonkeyPatch) -> None:
    build()
    run = ScreeningRun.objects.create(rule_set="monitoring", year=2024, area_code="",
                                      engine="spark")
    job = Job.objects.create(kind="screening.run", args={"run": run.pk})
    calls: list[list[str]] = []

    def child(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    def in_process(*_: Any, **__: Any) -> None:
        raise AssertionError("the Spark run was executed in this process")

    monkeypatch.setattr(jobs.subprocess, "run", child)
    monkeypatch.setattr(actions, "execute_run", in_process)
    done = runner.run(job.pk)
    assert done.status == "done"
    assert calls == [[sys.executable, "-m", "jianpin.cli", "screen", "--run", str(run.pk)]]
    assert Warning.objects.count() == 0


def test_a_failed_child_fails_the_job(monkeypatch: pytest.MonkeyPatch) -> None:
    build()
    run = ScreeningRun.objects.create(rule_set="monitoring", year=2024, area_code="",
                                      engine="spark")
    job = Job.objects.create(kind="screening.run", args={"run": run.pk})
    monkeypatch.setattr(jobs.subprocess, "run", lambda cmd, **_: subprocess.CompletedProcess(
        cmd, 1, "", "Java gateway process exited"))
    done = runner.run(job.pk)
    assert (done.status, done.error) == ("failed", "筛查子进程失败：Java gateway process exited")


def test_screen_run_executes_a_queued_run_once() -> None:
    build()
    run = ScreeningRun.objects.create(rule_set="monitoring", year=2024, area_code="",
                                      engine="duckdb")
    out = StringIO()
    call_command("screen", "--run", str(run.pk), stdout=out)
    run.refresh_from_db()
    assert (run.status, run.households_screened, run.hits, run.new_warnings) == (
        RunStatus.DONE, 13, 9, 9)
    assert out.getvalue().strip() == f"筛查批次 {run.pk} 完成：13 户，命中 9 条（新增预警 9）"
    call_command("screen", "--run", str(run.pk), stdout=StringIO())
    assert ScreeningRun.objects.get(pk=run.pk).finished_at == run.finished_at


@pytest.mark.spark
def test_spark_runs_in_one_session_keep_their_own_views(spark_session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jianpin.screening import features
    from jianpin.screening.engines.spark_engine import SparkEngine

    build()
    paths = {}
    for area in ("441424000000", None):
        with features.build(2024, area) as table:
            paths[area] = tmp_path / f"{area}.parquet"
            features.snapshot(table, paths[area])
    county, everywhere = SparkEngine(paths["441424000000"]), SparkEngine(paths[None])
    assert county.table != everywhere.table
    assert county.query(f"SELECT COUNT(*) FROM {county.table}") == [(12,)]
    assert everywhere.query(f"SELECT COUNT(*) FROM {everywhere.table}") == [(13,)]
    county.close()
    assert everywhere.query(f"SELECT COUNT(*) FROM {everywhere.table}") == [(13,)]
    assert not spark_session.catalog.tableExists(county.table)
    everywhere.close()
