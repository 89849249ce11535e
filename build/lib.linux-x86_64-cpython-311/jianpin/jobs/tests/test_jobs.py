from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jianpin.accounts.models import User
from jianpin.jobs import runner
from jianpin.jobs.models import INTERRUPTED, Job, JobStatus
from jianpin.jobs.runner import (
    Cancelled,
    Reporter,
    _finish,
    claim,
    job_kind,
    recover_stale,
    renew,
    retry,
    run,
    worker_name,
)

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


def test_progress_visible_to_owner_only(cadre: User, reviewer: User) -> None:
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


def _died_while_running(kind: str, args: dict[str, int], **fields: object) -> Job:
    """A job claimed by a process that then died: running, lease run out, nobody renewing it."""
    past = timezone.now() - timedelta(minutes=10)
    return Job.objects.create(kind=kind, args=args, status=JobStatus.RUNNING, started_at=past,
                              worker="gone-host:4242", lease_until=past, **fields)


def test_job_whose_lease_expired_is_recovered_as_failed_and_retried() -> None:
    dead = _died_while_running("test.count", {"n": 2})
    alive = Job.objects.create(kind="test.count", args={"n": 1}, status=JobStatus.RUNNING,
                               worker="busy-host:1", lease_until=timezone_now_plus(60))
    assert recover_stale() == [dead.pk]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.error) == (JobStatus.FAILED, INTERRUPTED)
    assert alive.status == JobStatus.RUNNING
    assert recover_stale() == []  # once only
    again = retry(dead)
    assert (again.retry_of_id, again.status) == (dead.pk, JobStatus.QUEUED)
    done = run(again.pk)
    assert (done.status, done.result, done.lease_until) == (JobStatus.DONE, {"counted": 2}, None)


def test_only_failed_or_cancelled_jobs_are_retried() -> None:
    job = Job.objects.create(kind="test.count", args={"n": 1})
    with pytest.raises(ValueError):
        retry(job)
    assert Job.objects.count() == 1


def test_late_finish_of_a_recovered_job_keeps_it_failed() -> None:
    dead = _died_while_running("test.count", {"n": 1})
    recover_stale()
    _finish(dead, JobStatus.DONE, result={"counted": 1})
    dead.refresh_from_db()
    assert (dead.status, dead.result) == (JobStatus.FAILED, {})


def test_claim_takes_a_lease_for_this_process() -> None:
    job = Job.objects.create(kind="test.count", args={"n": 1})
    assert claim(job.pk) is True
    assert claim(job.pk) is False
    job.refresh_from_db()
    assert (job.status, job.worker) == (JobStatus.RUNNING, worker_name())
    first = job.lease_until
    assert first is not None
    assert renew(job.pk) is True
    job.refresh_from_db()
    assert job.lease_until is not None and job.lease_until >= first


@pytest.mark.parametrize(("mode", "runs_now", "threads"), [
    ("inline", True, 0), ("thread", False, 1), ("worker", False, 0)])
def test_mode_decides_who_runs_the_job(
        settings: Settings, monkeypatch: pytest.MonkeyPatch,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        mode: str, runs_now: bool, threads: int) -> None:
    settings.JOBS_INLINE, settings.JOBS_MODE = False, mode
    spawned: list[int] = []
    monkeypatch.setattr(runner, "_spawn", spawned.append)
    with django_capture_on_commit_callbacks(execute=True):
        job = runner.enqueue("test.count", {"n": 1})
    job.refresh_from_db()
    assert (job.status == JobStatus.DONE, len(spawned)) == (runs_now, threads)
    if mode == "worker":
        assert job.status == JobStatus.QUEUED
        assert runner.run_pending() == 1
        job.refresh_from_db()
        assert job.status == JobStatus.DONE


def test_heartbeat_renews_the_lease_while_the_job_runs(settings: Settings,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    settings.JOBS_LEASE_SECONDS = 0  # beat as often as allowed
    renewed: list[int] = []
    beaten = threading.Event()

    def renew_counted(pk: int) -> bool:
        renewed.append(pk)
        beaten.set()
        return True

    monkeypatch.setattr(runner, "renew", renew_counted)
    with runner.Heartbeat(41):
        assert beaten.wait(30)
    assert set(renewed) == {41}


def timezone_now_plus(seconds: int) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


def test_owner_retries_an_interrupted_job_from_the_page(cadre: User, reviewer: User) -> None:
    from jianpin.audit.models import AuditEvent

    dead = _died_while_running("test.count", {"n": 2}, owner=cadre)
    failed = Job.objects.create(kind="test.count", args={"n": 1}, owner=cadre,
                                status=JobStatus.FAILED, error="文件格式不正确")
    recover_stale()
    own, other = Client(), Client()
    own.force_login(cadre)
    other.force_login(reviewer)
    assert "重试" in own.get(f"/jobs/{dead.pk}/progress/").content.decode()
    assert "重试" not in own.get(f"/jobs/{failed.pk}/progress/").content.decode()
    assert other.post(f"/jobs/{dead.pk}/retry/").status_code == 404
    assert own.post(f"/jobs/{failed.pk}/retry/").status_code == 409
    assert (Job.objects.count(), AuditEvent.objects.count()) == (2, 0)
    assert own.post(f"/jobs/{dead.pk}/retry/").status_code == 200
    again = Job.objects.get(retry_of=dead)
    assert (again.owner_id, again.args) == (cadre.pk, {"n": 2})
    assert list(AuditEvent.objects.values_list("action", "actor_id")) == [("jobs.retry", cadre.pk)]


@job_kind("test.slow_writer")
def _slow_writer(job: Job, reporter: Reporter) -> dict[str, object]:
    """Stands for a job whose heartbeat was blocked (SQLite's single writer): its lease lapses."""
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    seen_here = recover_stale()  # this process knows the job is alive
    if job.args.get("other_process"):
        # Another process, which cannot know, gives the job up meanwhile.
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=INTERRUPTED)
    return {"recovered_here": seen_here}


def test_a_job_alive_in_this_process_is_not_recovered_though_its_lease_lapsed() -> None:
    job = Job.objects.create(kind="test.slow_writer", args={})
    done = run(job.pk)
    assert (done.status, done.result, done.error) == (JobStatus.DONE, {"recovered_here": []}, "")


def test_a_job_given_up_by_another_process_while_alive_ends_with_its_own_verdict() -> None:
    job = Job.objects.create(kind="test.slow_writer", args={"other_process": True})
    done = run(job.pk)
    assert (done.status, done.result, done.error) == (JobStatus.DONE, {"recovered_here": []}, "")


def test_a_broken_recovery_hook_does_not_stop_the_worker_loop(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(job: Job) -> None:
        raise RuntimeError("hook failed")

    monkeypatch.setitem(runner.RECOVERY, "test.count", broken)
    dead = _died_while_running("test.count", {"n": 1})
    queued = Job.objects.create(kind="test.count", args={"n": 2})
    assert runner.run_pending() == 1
    queued.refresh_from_db()
    dead.refresh_from_db()
    assert (queued.status, queued.result) == (JobStatus.DONE, {"counted": 2})
    assert dead.status == JobStatus.FAILED
