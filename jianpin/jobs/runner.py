"""Enqueue and run jobs.

A job kind is a function `fn(job, reporter)` registered with `@job_kind("name")`. Jobs are
enqueued on commit. By default a daemon thread in the current process picks them up, so the
embedded set-up needs no worker; `jianpin worker` runs them in a separate process instead, and
`JIANPIN_JOBS_INLINE=1` runs them synchronously (tests, CLI).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from jianpin.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
REGISTRY: dict[str, Callable[[Job, Reporter], dict[str, Any]]] = {}


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


def job_kind(name: str) -> Callable:
    def register(fn: Callable) -> Callable:
        REGISTRY[name] = fn
        return fn
    return register


def enqueue(kind: str, args: dict[str, Any], owner: Any = None) -> Job:
    job = Job.objects.create(kind=kind, args=args, owner=owner if getattr(owner, "pk", None) else None)
    if settings.JOBS_INLINE:
        transaction.on_commit(lambda: run(job.pk))
    else:
        transaction.on_commit(lambda: _spawn(job.pk))
    return job


def request_cancel(job: Job) -> None:
    Job.objects.filter(pk=job.pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        cancel_requested=True
    )


def _spawn(job_id: int) -> None:
    threading.Thread(target=_thread_main, args=(job_id,), daemon=True).start()


def _thread_main(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()


def run(job_id: int) -> Job:
    """Claim and run one job; safe to call twice (the second call finds it claimed)."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    fn = REGISTRY.get(job.kind)
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
    job.refresh_from_db()
    return job


def run_pending() -> int:
    """Run every queued job once (the worker loop calls this)."""
    ids = list(Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at")
               .values_list("pk", flat=True))
    for pk in ids:
        run(pk)
    return len(ids)


def _finish(job: Job, status: str, *, result: dict | None = None, error: str = "") -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job.pk).update(**fields)
