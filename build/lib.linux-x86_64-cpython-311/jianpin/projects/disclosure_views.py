"""Disclosure: the printable notice of a project (public), objections during the notice."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.projects import objection_actions, queries
from jianpin.projects.feedback import refuse_or_show
from jianpin.projects.machine import S
from jianpin.projects.models import Objection, Project
from jianpin.projects.notice_pdf import notice_title, render
from jianpin.regions.scoping import get_or_404, scope

COMPLETION = frozenset({S.COMPLETED, S.HANDED_OVER, S.EVALUATED})


def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone may print a published project's notice; unpublished ones are not found."""
    public = queries.get_public_project(pk)
    if public is None:
        raise Http404(_("未找到"))
    status = Project.objects.values_list("status", flat=True).get(pk=pk)
    completed = status in COMPLETION
    response = HttpResponse(render(public, completed), content_type="application/pdf")
    name = quote(f"{notice_title(public, completed)}.pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


@require_POST
@requires(Cap.PROPOSE_PROJECT)
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.get_project_for_user(request.user, pk)
    p = request.POST
    try:
        raised_on = dt.date.fromisoformat(p.get("raised_on", ""))
    except ValueError:
        messages.error(request, _("请填写提出日期"))
        return redirect("projects:detail", pk=project.pk)
    try:
        objection_actions.do_record_objection(request.user, project, raised_on=raised_on,
                                              content=p.get("content", ""),
                                              raised_by=p.get("raised_by", ""))
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("异议已登记"))
    return redirect("projects:detail", pk=project.pk)


@require_POST
@requires(Cap.DECIDE_PROJECT)
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_or_404(scope(request.user, Objection.objects.select_related("project"),
                                 "project__region_id"), pk)
    try:
        objection_actions.do_resolve_objection(request.user, objection,
                                               resolution=request.POST.get("resolution", ""))
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("异议已处理"))
    return redirect("projects:detail", pk=objection.project_id)
