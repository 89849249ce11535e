"""Data approval and exit assessment pages."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.models import User
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Level, Region
from jianpin.regions.scoping import scope
from jianpin.workflows import actions, queries
from jianpin.workflows.assessment_pdf import render as render_report
from jianpin.workflows.machines import approval as approval_machine
from jianpin.workflows.machines.assessment import MACHINE as ASSESSMENT
from jianpin.workflows.views.common import step_forms, step_post


def _period(request: HttpRequest) -> str:
    """The period asked for ("2026" or "2026-11"), else the current month.

    Not the current year: approving a year locks every measure and visit dated in it, so a
    year is approved only when someone asks for it by name.
    """
    raw = (request.POST.get("period") or request.GET.get("period") or "").strip()
    if len(raw) == 4 and raw.isdigit():
        return raw
    if len(raw) == 7 and raw[:4].isdigit() and raw[4] == "-" and raw[5:] in MONTHS:
        return raw
    return f"{timezone.localdate():%Y-%m}"


MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))


@requires(Cap.READ_REGISTRY)
def approval_list(request: HttpRequest) -> HttpResponse:
    """The user's own region and its children for one period, with their approval state."""
    user, period = request.user, _period(request)
    own = user.region if isinstance(user, User) else None   # @requires: always a User
    regions = [own] if own is not None else []
    if own is not None:
        regions += approval_machine.children_with_data(own)
    rows = {a.region_id: a for a in queries.approvals_for_user(user).filter(
        period=period, region_id__in=[r.code for r in regions])}
    return render(request, "workflows/approvals.html", {
        "period": period, "own": own, "regions": [(r, rows.get(r.code)) for r in regions],
        "can_approve": can(user, Cap.APPROVE_DATA)})


@require_POST
@requires(Cap.APPROVE_DATA)
def approval_act(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    region = scope(request.user, Region.objects.all(), "code") \
        .filter(code=request.POST.get("region", "")).first()
    back = reverse("workflows:approval_list") + f"?period={period}"
    if region is None:
        messages.error(request, _("区域不在您的管辖范围内"))
        return redirect(back)
    try:
        if request.POST.get("action") == "unapprove":
            actions.do_unapprove_data(request.user, region, period,
                                      note=request.POST.get("note", ""))
        else:
            actions.do_approve_data(request.user, region, period)
        messages.success(request, _("%(region)s %(period)s 已办理")
                         % {"region": region.name, "period": period})
    except DomainError as exc:
        if exc.code == "forbidden":
            raise
        messages.error(request, _(exc.message))
    return redirect(back)


@requires(Cap.READ_REGISTRY)
def assessment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if not can(user, Cap.APPROVE_DATA):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("无权发起退出评估"))
        region = scope(user, Region.objects.all(), "code").filter(
            code=request.POST.get("region", ""), level__in=[Level.VILLAGE, Level.COUNTY]).first()
        try:
            year = int(request.POST.get("year", ""))
            if region is None:
                raise DomainError("bad_region", _("请选择管辖范围内的行政村或县"))
            a = actions.do_create_assessment(user, region, year)
            return redirect("workflows:assessment_detail", assessment_id=a.pk)
        except (DomainError, ValueError) as exc:
            messages.error(request, _(getattr(exc, "message", "年度有误")))
    targets = scope(user, Region.objects.filter(level__in=[Level.VILLAGE, Level.COUNTY]),
                    "code").order_by("code")[:300]
    return render(request, "workflows/assessment_list.html", {
        "items": queries.assessments_for_user(user)[:200], "targets": targets,
        "year": timezone.localdate().year - 1, "can_create": can(user, Cap.APPROVE_DATA),
        "machine": ASSESSMENT})


@requires(Cap.READ_REGISTRY)
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    a = queries.get_assessment_for_user(request.user, assessment_id)
    return render(request, "workflows/assessment_detail.html", {
        "a": a, "status_label": ASSESSMENT.status_label(a.status),
        "events": queries.timeline(a), "steps": step_forms(ASSESSMENT, request.user, a)})


@requires(Cap.READ_REGISTRY)
def assessment_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The assessment report as a printable PDF."""
    a = queries.get_assessment_for_user(request.user, assessment_id)
    response = HttpResponse(render_report(a, ASSESSMENT.status_label(a.status)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="assessment-{a.region_id}-{a.year}.pdf"'
    return response


@require_POST
@requires(Cap.APPROVE_DATA)
def assessment_step(request: HttpRequest, assessment_id: int, action: str) -> HttpResponse:
    a = queries.get_assessment_for_user(request.user, assessment_id)
    return step_post(request, ASSESSMENT, a, action,
                     reverse("workflows:assessment_detail", args=[a.pk]))
