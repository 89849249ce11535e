from __future__ import annotations

from typing import Any

from django.http import Http404

from jianpin.accounts.models import Role
from jianpin.jobs.models import Job


def get_job_for_user(user: Any, pk: int) -> Job:
    """A job is visible to its owner and to administrators; 404 otherwise."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not user.is_authenticated or (
            job.owner_id != user.pk and user.role != Role.ADMIN):
        raise Http404("未找到该任务")
    return job
