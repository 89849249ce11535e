"""Progress of a background job (polled by htmx) and cancellation."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from jianpin.audit.actions import record
from jianpin.jobs.queries import get_job_for_user
from jianpin.jobs.runner import request_cancel
from jianpin.jobs.runner import retry as retry_job


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return render(request, "jobs/_progress.html", {"job": job})


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    request_cancel(job)
    record(request.user, "jobs.cancel", job)
    job.refresh_from_db()
    return render(request, "jobs/_progress.html", {"job": job})


@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run again a job whose process died (only those: other failures would fail again)."""
    job = get_job_for_user(request.user, pk)
    if not job.interrupted:
        return render(request, "jobs/_progress.html", {"job": job}, status=409)
    again = retry_job(job)
    record(request.user, "jobs.retry", again, diff={"retry_of": job.pk, "kind": job.kind})
    return render(request, "jobs/_progress.html", {"job": again})
