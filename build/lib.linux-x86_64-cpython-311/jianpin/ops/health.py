"""`/healthz` for load balancers: database, jobs queue, free disk in the data folder, version.

Answers 200 when the instance can serve and 503 when it cannot (database unreachable, data
folder nearly full). A jobs backlog is reported but does not take the web process out of
rotation. No login, and nothing about people: counts and ages only.
"""
from __future__ import annotations

import shutil
from importlib import metadata
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def version() -> str:
    try:
        return metadata.version("jianpin")
    except metadata.PackageNotFoundError:
        return "unknown"


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_jobs() -> dict[str, Any]:
    from jianpin.jobs.models import Job, JobStatus

    now = timezone.now()
    queued = Job.objects.filter(status=JobStatus.QUEUED)
    oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
    stale = Job.objects.filter(status=JobStatus.RUNNING, lease_until__lt=now).count()
    return {"ok": True, "mode": settings.JOBS_MODE, "queued": queued.count(),
            "running": Job.objects.filter(status=JobStatus.RUNNING).count(),
            "stale": stale,
            "oldest_queued_seconds": int((now - oldest).total_seconds()) if oldest else 0}


def check_disk() -> dict[str, Any]:
    free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    return {"ok": free_mb >= settings.HEALTH_MIN_FREE_MB, "free_mb": free_mb,
            "min_free_mb": settings.HEALTH_MIN_FREE_MB}


CHECKS = {"database": check_database, "jobs": check_jobs, "disk": check_disk}


def run_checks() -> dict[str, Any]:
    report: dict[str, Any] = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as exc:  # a failing check is reported, never raised
            report[name] = {"ok": False, "error": type(exc).__name__}
    # Without a database the jobs table cannot be read either; only these two decide.
    healthy = report["database"]["ok"] and report["disk"]["ok"]
    return {"status": "ok" if healthy else "fail", "version": version(), "checks": report}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    report = run_checks()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
