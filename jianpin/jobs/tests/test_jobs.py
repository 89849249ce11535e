from __future__ import annotations

import pytest
from django.test import Client

from jianpin.jobs.models import Job, JobStatus
from jianpin.jobs.runner import Cancelled, Reporter, job_kind, run

pytestmark = pytest.mark.django_db


@job_kind("test.count")
def _count(job: Job, reporter: Reporter) -> dict[str, int]:
    n = job.args["n"]
    reporter.total(n)
    for i in range(1, n + 1):
        reporter.advance(i, force=True)
    return {"counted": n}


def test_run_records_result_and_progress() -> None:
    job = Job.objects.create(kind="test.count", args={"n": 3})
    done = run(job.pk)
    assert (done.status, done.progress, done.total, done.result, done.percent) == (
        JobStatus.DONE, 3, 3, {"counted": 3}, 100)
    assert run(job.pk).status == JobStatus.DONE  # running twice changes nothing


def test_cancel_requested_stops_the_job() -> None:
    job = Job.objects.create(kind="test.count", args={"n": 5}, cancel_requested=True)
    assert run(job.pk).status == JobStatus.CANCELLED


def test_unknown_kind_fails_with_message() -> None:
    job = Job.objects.create(kind="nope")
    done = run(job.pk)
    assert (done.status, done.error) == (JobStatus.FAILED, "未知任务类型：nope")


def test_progress_visible_to_owner_only(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    job = Job.objects.create(kind="test.count", args={"n": 1}, owner=cadre)
    own, other = Client(), Client()
    own.force_login(cadre)
    other.force_login(reviewer)
    assert own.get(f"/jobs/{job.pk}/progress/").status_code == 200
    assert other.get(f"/jobs/{job.pk}/progress/").status_code == 404
    assert other.post(f"/jobs/{job.pk}/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.cancel_requested is False
    assert own.post(f"/jobs/{job.pk}/cancel/").status_code == 200
    job.refresh_from_db()
    assert job.cancel_requested is True


def test_reporter_raises_when_cancelled() -> None:
    job = Job.objects.create(kind="test.count", args={"n": 1})
    reporter = Reporter(job, every=1)
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    with pytest.raises(Cancelled):
        reporter.advance(1)
