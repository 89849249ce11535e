"""The schedules page: a county officer sets when screening and indicator refresh run."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.jobs.actions import do_save_schedule
from jianpin.jobs.schedule_queries import schedule_rows
from jianpin.jobs.schedules import KINDS
from jianpin.kernel.errors import DomainError


@requires(Cap.RUN_SCREENING)
def schedules(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "").strip()[:12]
    kinds = _("、").join(str(KINDS[code].label) for code in sorted(KINDS))  # all apps offer
    return render(request, "jobs/schedules.html", {
        "rows": schedule_rows(request.user, area), "area": area, "kinds": kinds})


@require_POST
@requires(Cap.RUN_SCREENING)
def schedule_save(request: HttpRequest) -> HttpResponse:
    post = request.POST
    region = post.get("region", "")
    try:
        do_save_schedule(request.user, region, post.get("kind", ""),
                         enabled=post.get("enabled") == "1", day=_int(post.get("day"), 1),
                         hour=_int(post.get("hour"), -1), minute=_int(post.get("minute"), -1))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("计划任务已保存"))
    return redirect(reverse("jobs:schedules") + (f"?area={region[:6]}" if region else ""))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default
