"""An import whose process died: the job and its batch end failed, nothing is written, and a
retry commits the file exactly once."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jianpin.accounts.models import User
from jianpin.jobs.models import INTERRUPTED, Job, JobStatus
from jianpin.jobs.runner import claim, recover_stale, retry, run
from jianpin.registry.import_actions import do_confirm_import, do_start_import
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import national

pytestmark = pytest.mark.django_db


def _previewed(tmp_path: Path, cadre: User, settings: Settings,
               capture: DjangoCaptureOnCommitCallbacks) -> ImportBatch:
    settings.JOBS_INLINE, settings.DATA_DIR = True, tmp_path / "data"
    path = national(tmp_path, 3)
    data = path.read_bytes()
    with capture(execute=True):
        batch = do_start_import(cadre, path=path, file_name=path.name,
                                sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEWED
    return batch


def test_interrupted_import_ends_failed_with_nothing_written_and_can_be_retried(
        tmp_path: Path, cadre: User, settings: Settings,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    batch = _previewed(tmp_path, cadre, settings, django_capture_on_commit_callbacks)
    settings.JOBS_INLINE, settings.JOBS_MODE = False, "worker"  # the commit waits for a worker
    with django_capture_on_commit_callbacks(execute=True):
        do_confirm_import(cadre, batch)
    batch.refresh_from_db()
    job = batch.job
    assert job is not None
    assert (batch.status, job.status) == (BatchStatus.COMMITTING, JobStatus.QUEUED)
    # A worker claims the job and dies before its transaction commits: its lease runs out.
    assert claim(job.pk)
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    before = (Household.objects.count(), Member.objects.count())

    assert recover_stale() == [job.pk]
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, INTERRUPTED)
    assert (batch.status, batch.message) == (
        BatchStatus.FAILED, "导入进程中断，数据库未作任何修改；请重新上传或重试")
    assert (Household.objects.count(), Member.objects.count()) == before == (0, 0)

    again = run(retry(job).pk)
    batch.refresh_from_db()
    assert (again.status, batch.status) == (JobStatus.DONE, BatchStatus.COMMITTED)
    assert Household.objects.count() == 3
    assert run(again.pk).status == JobStatus.DONE  # a second run changes nothing
    assert Household.objects.count() == 3


def test_a_batch_already_committed_is_left_alone(cadre: User) -> None:
    from jianpin.registry.io.jobs import COMMIT, recover_batch

    batch = ImportBatch.objects.create(owner=cadre, file_name="x.xlsx", sha256="0" * 64, size=1,
                                       stored_path="/nonexistent", status=BatchStatus.COMMITTED)
    recover_batch(Job(kind=COMMIT, args={"batch": batch.pk}))
    batch.refresh_from_db()
    assert (batch.status, batch.message) == (BatchStatus.COMMITTED, "")
