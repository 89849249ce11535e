"""Background jobs for imports: the preview of an uploaded file, and its commit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied

from jianpin.jobs.models import Job
from jianpin.jobs.runner import Cancelled, Reporter, job_kind, on_recovery
from jianpin.kernel.errors import DomainError
from jianpin.ops.files import discard_kept_import
from jianpin.registry.import_actions import COMMIT_JOB, PREVIEW_JOB, batch_mode, batch_warns_held
from jianpin.registry.io import service
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.io.service import MAX_STORED_ERRORS, Options, Outcome

PREVIEW, COMMIT = PREVIEW_JOB, COMMIT_JOB
OPEN = (BatchStatus.UPLOADED, BatchStatus.CHECKING, BatchStatus.PREVIEWED, BatchStatus.COMMITTING)


def _store(batch: ImportBatch, out: Outcome, status: str) -> None:
    batch.status = status
    batch.layout, batch.year = out.layout, out.year
    batch.summary = out.contract() | {"errors": []}
    batch.errors = out.errors[:MAX_STORED_ERRORS]
    batch.error_count = len(out.errors)
    batch.save(update_fields=["status", "layout", "year", "summary", "errors", "error_count"])


def _fail(batch: ImportBatch, status: str, message: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, message=message)


def _run(job: Job, reporter: Reporter, dry_run: bool) -> dict[str, Any]:
    batch = ImportBatch.objects.select_related("owner").get(pk=job.args["batch"])
    rows = int(batch.summary.get("rows") or 0)
    reporter.total(rows * (1 if dry_run else 2))

    def progress(phase: str, done: int, total: int) -> None:
        reporter.advance(done if phase == "read" else rows + done)
    try:
        # The person who confirmed (the job's owner) is the actor checked and audited.
        actor = job.owner or batch.owner
        out = service.run(Path(batch.stored_path), name=batch.file_name, user=actor,
                          layout=batch.layout or None, year=batch.year, dry_run=dry_run,
                          batch=batch, progress=progress, options=Options(mode=batch_mode(batch),
                                                          warn_held=batch_warns_held(batch)))
    except Cancelled:
        _fail(batch, BatchStatus.CANCELLED, "已取消，数据库未作任何修改")
        raise
    except DomainError as exc:
        _fail(batch, BatchStatus.FAILED, exc.message)
        return {"error": exc.code}
    except PermissionDenied as exc:
        _fail(batch, BatchStatus.FAILED, str(exc))
        return {"error": "forbidden"}
    if out.errors:
        _store(batch, out, BatchStatus.INVALID)
    elif dry_run:
        _store(batch, out, BatchStatus.PREVIEWED)
    else:
        batch.refresh_from_db()
        batch.errors, batch.error_count = [], 0
        batch.save(update_fields=["errors", "error_count"])
        if out.committed and not ImportBatch.objects.filter(
                stored_path=batch.stored_path, status__in=OPEN).exclude(pk=batch.pk).exists():
            discard_kept_import(Path(batch.stored_path))  # full ID numbers: not kept by default
    return {"households": out.households, "members": out.members, "errors": len(out.errors)}


@job_kind(PREVIEW)
def preview_job(job: Job, reporter: Reporter) -> dict[str, Any]:
    return _run(job, reporter, dry_run=True)


@job_kind(COMMIT)
def commit_job(job: Job, reporter: Reporter) -> dict[str, Any]:
    ImportBatch.objects.filter(pk=job.args["batch"]).update(status=BatchStatus.COMMITTING)
    result = _run(job, reporter, dry_run=False)
    ImportBatch.objects.filter(pk=job.args["batch"], status=BatchStatus.COMMITTING).update(
        status=BatchStatus.FAILED, message="导入未完成")
    return result


@on_recovery(COMMIT)
@on_recovery(PREVIEW)
def recover_batch(job: Job) -> None:
    """The process running this batch died: its transaction was rolled back, so say so."""
    ImportBatch.objects.filter(
        pk=job.args["batch"], status__in=[BatchStatus.CHECKING, BatchStatus.COMMITTING]).update(
        status=BatchStatus.FAILED, message="导入进程中断，数据库未作任何修改；请重新上传或重试")
