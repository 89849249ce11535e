"""Enqueue and run jobs.

A job kind is a function `fn(job, reporter)` registered with `@job_kind("name")`. Jobs are
enqueued on commit and run according to `JOBS_MODE`:

- `thread` (embedded default): a daemon thread of the process that enqueued it;
- `worker` (servers): nothing starts in the web process; `jianpin worker` claims queued jobs;
- `inline` (tests, CLI): run synchronously when the transaction commits.

A claimed job holds a lease (`JOBS_LEASE_SECONDS`) that a heartbeat thread renews while it
runs. A running job whose lease ran out lost its process (killed, machine restarted):
`recover_stale()` marks it failed and calls the recovery hook of its kind (an import batch
leaves COMMITTING), and `retry()` queues it again. Database writes of a job are transactions,
so a dead process leaves nothing half-written.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from jianpin.jobs import schedules
from jianpin.jobs.models import INTERRUPTED, Job, JobStatus

log = logging.getLogger(__name__)
JobFn = Callable[["Job", "Reporter"], dict[str, Any]]
RecoveryFn = Callable[["Job"], None]
_Job = TypeVar("_Job", bound=JobFn)
_Recovery = TypeVar("_Recovery", bound=RecoveryFn)
REGISTRY: dict[str, JobFn] = {}
RECOVERY: dict[str, RecoveryFn] = {}
_ACTIVE: set[int] = set()  # jobs running in this process (thread mode and the worker)


class Cancelled(Exception):
    """Raised inside a job when cancellation was requested."""


class Reporter:
    """Progress updates, throttled so a job writes at most every `every` items."""

    def __init__(self, job: Job, every: int = 500) -> None:
        self.job = job
        self.every = every
        self._last = 0

    def total(self, n: int) -> None:
        Job.objects.filter(pk=self.job.pk).update(total=n)
        self.job.total = n

    def advance(self, done: int, *, force: bool = False) -> None:
        if not force and done - self._last < self.every:
            return
        self._last = done
        Job.objects.filter(pk=self.job.pk).update(progress=done)
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Cancelled()


def job_kind(name: str) -> Callable[[_Job], _Job]:
    def register(fn: _Job) -> _Job:
        REGISTRY[name] = fn
        return fn
    return register


def on_recovery(name: str) -> Callable[[_Recovery], _Recovery]:
    """Register `fn(job)`, called once when a job of this kind is recovered as failed."""
    def register(fn: _Recovery) -> _Recovery:
        RECOVERY[name] = fn
        return fn
    return register


def mode() -> str:
    # JOBS_INLINE is the older switch; tests still set it.
    return "inline" if settings.JOBS_INLINE else str(settings.JOBS_MODE)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def enqueue(kind: str, args: dict[str, Any], owner: Any = None, *, retry_of: Job | None = None) -> Job:
    job = Job.objects.create(kind=kind, args=args, owner=owner if getattr(owner, "pk", None) else None,
                             retry_of=retry_of)
    current = mode()
    if current == "inline":
        transaction.on_commit(lambda: run(job.pk))
    elif current == "thread":
        transaction.on_commit(lambda: _spawn(job.pk))
    # "worker": the job stays queued until `jianpin worker` claims it.
    return job


def retry(job: Job) -> Job:
    """Queue a failed or cancelled job again, as a new job pointing at the old one."""
    if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise ValueError(f"job {job.pk} is {job.status}; only failed or cancelled jobs are retried")
    return enqueue(job.kind, job.args, job.owner, retry_of=job)


def request_cancel(job: Job) -> None:
    Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        cancel_requested=True
    )


def _spawn(job_id: int) -> None:
    threading.Thread(target=_thread_main, args=(job_id,), daemon=True).start()


def _thread_main(job_id: int) -> None:
    try:
        recover_safely()  # the embedded set-up has no worker loop to do it
        run(job_id)
    finally:
        close_old_connections()


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def claim(job_id: int) -> bool:
    """Take a queued job for this process; False when another process has it already."""
    now = timezone.now()
    return bool(Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, worker=worker_name(), lease_until=now + _lease()))


class Heartbeat:
    """Renew a running job's lease from a side thread while the job works."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name=f"job-{job_id}-lease")

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        beat_every = max(settings.JOBS_LEASE_SECONDS / 3, 0.05)
        used_db = False
        while not self.stop.wait(beat_every):
            used_db = True
            try:
                renew(self.job_id)
            except Exception:  # a busy database delays one beat; the lease has room for two more
                log.warning("job %s: lease not renewed", self.job_id, exc_info=True)
        if used_db:
            connection.close()


def renew(job_id: int) -> bool:
    return bool(Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, worker=worker_name())
                .update(lease_until=timezone.now() + _lease()))


def run(job_id: int) -> Job:
    """Claim and run one job; safe to call twice (the second call finds it claimed)."""
    if not claim(job_id):
        return Job.objects.get(pk=job_id)
    job = Job.objects.get(pk=job_id)
    fn = REGISTRY.get(job.kind)
    _ACTIVE.add(job_id)
    with Heartbeat(job_id):
        try:
            if fn is None:
                raise LookupError(f"未知任务类型：{job.kind}")
            result = fn(job, Reporter(job))
            _finish(job, JobStatus.DONE, result=result or {})
        except Cancelled:
            _finish(job, JobStatus.CANCELLED)
        except Exception as exc:  # a failed job is recorded, never lost
            log.exception("job %s failed", job_id)
            _finish(job, JobStatus.FAILED, error=str(exc))
        finally:
            _ACTIVE.discard(job_id)
    job.refresh_from_db()
    return job


def recover_stale() -> list[int]:
    """Fail running jobs whose lease ran out (their process died) and run their recovery hooks."""
    now = timezone.now()
    stale = Job.objects.filter(status=JobStatus.RUNNING).filter(
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, started_at__lt=now - _lease()))
    recovered = []
    for job in stale.exclude(pk__in=list(_ACTIVE)):  # alive here, only its lease could not be renewed
        # Conditional on the lease read, so two recovering processes act once.
        if not Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING,
                                  lease_until=job.lease_until).update(
                status=JobStatus.FAILED, finished_at=now, error=INTERRUPTED):
            continue
        log.warning("job %s (%s) recovered as failed: lease of %s expired", job.pk, job.kind,
                    job.worker or "?")
        hook = RECOVERY.get(job.kind)
        if hook is not None:
            try:
                hook(job)
            except Exception:  # one broken hook does not leave the other dead jobs running
                log.exception("job %s: recovery hook failed", job.pk)
        recovered.append(job.pk)
    return recovered


def recover_safely() -> list[int]:
    """recover_stale for loops: a failure (a busy database, a broken hook) is logged, and the
    loop goes on to run its jobs."""
    try:
        return recover_stale()
    except Exception:
        log.exception("recovering stale jobs failed; will try again on the next round")
        return []


def run_pending() -> int:
    """Recover dead jobs, start due schedules, then run every queued job once (the worker
    loop calls this)."""
    recover_safely()
    try:
        schedules.fire_due()
    except Exception:   # like recovery: a busy database must not stop the loop's jobs
        log.exception("starting due schedules failed; will try again on the next round")
    ids = list(Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at")
               .values_list("pk", flat=True))
    for pk in ids:
        run(pk)
    return len(ids)


def _finish(job: Job, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error,
                              "lease_until": None}
    if result is not None:
        fields["result"] = result
    # A job recovered as failed meanwhile keeps that verdict, unless it was recovered only because
    # its lease ran out while this process, alive all along, held the database (SQLite's single
    # writer blocks the heartbeat): then the finisher's verdict is the true one.
    done = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
    if not done and Job.objects.filter(pk=job.pk, status=JobStatus.FAILED, error=INTERRUPTED,
                                       worker=worker_name()).update(**fields):
        log.warning("job %s finished after its lease had been given up; recorded as %s",
                    job.pk, status)
