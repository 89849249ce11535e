"""Grievance pages: list, intake, detail with timeline and steps, opening a case."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.models import User
from jianpin.accounts.policy import CAPABILITIES, Cap, can
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.regions.models import Region
from jianpin.regions.scoping import scope
from jianpin.registry.codes import RiskType
from jianpin.registry.models import Household
from jianpin.workflows import actions, queries
from jianpin.workflows.forms import GrievanceForm
from jianpin.workflows.locking import lineage
from jianpin.workflows.machines.grievance import MACHINE
from jianpin.workflows.machines.identification import MAX_RISKS
from jianpin.workflows.views.common import step_forms, step_post


@requires(Cap.READ_REGISTRY)
def grievance_list(request: HttpRequest) -> HttpResponse:
    qs = queries.grievances_for_user(request.user).order_by("closed_at", "due_on", "-id")
    return render(request, "workflows/grievance_list.html", {
        "page": Paginator(qs, 50).get_page(request.GET.get("page")), "machine": MACHINE,
        "can_open": can(request.user, Cap.HANDLE_GRIEVANCE)})


@requires(Cap.HANDLE_GRIEVANCE)
def grievance_new(request: HttpRequest) -> HttpResponse:
    areas = scope(request.user, Region.objects.filter(level__in=[3, 4, 5]), "code") \
        .order_by("code").only("code", "name", "level")[:500]
    form = GrievanceForm(request.POST or None, regions=[(r.code, r.name) for r in areas],
                         initial={"region": getattr(request.user, "region_id", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        region = scope(request.user, Region.objects.all(), "code").filter(code=d["region"]).first()
        hh = None
        if d["household"]:
            hh = scope(request.user, Household.objects.all(), "village_id") \
                .filter(number=d["household"].strip()).first()
        if region is None:
            form.add_error("region", _("区域代码不在您的管辖范围内"))
        elif d["household"] and hh is None:
            form.add_error("household", _("您的管辖区域内没有该户编号"))
        else:
            with FormErrors(form) as failed:
                g = actions.do_open_grievance(request.user, region, channel=d["channel"],
                                              subject=d["subject"], content=d["content"],
                                              complainant=d["complainant"], contact=d["contact"],
                                              household=hh)
            if not failed:
                return redirect("workflows:grievance_detail", grievance_id=g.pk)
    return render(request, "workflows/grievance_new.html", {"form": form})


def _assignees(g: object) -> list[User]:
    """People who may handle the grievance: its own area's officials and those above."""
    roles = [r for r, caps in CAPABILITIES.items() if Cap.HANDLE_GRIEVANCE in caps]
    return list(User.objects.filter(is_active=True, role__in=roles,
                                    region_id__in=lineage(g.region_id))  # type: ignore[attr-defined]
                .order_by("role", "username")[:100])


@requires(Cap.READ_REGISTRY)
def grievance_detail(request: HttpRequest, grievance_id: int) -> HttpResponse:
    g = queries.get_grievance_for_user(request.user, grievance_id)
    steps = [e for e in step_forms(MACHINE, request.user, g)
             if e.action != "respond" or g.assignee_id == request.user.pk]
    return render(request, "workflows/grievance_detail.html", {
        "g": g, "machine": MACHINE, "status_label": MACHINE.status_label(g.status),
        "events": queries.timeline(g), "steps": steps, "cases": g.cases.all(),
        "assignees": _assignees(g) if any(e.action == "assign" for e in steps) else [],
        "can_open_case": can(request.user, Cap.HANDLE_CASE) and g.household_id
        and g.closed_at is None, "max_risks": MAX_RISKS, "risk_choices": RiskType.values,
    })


@require_POST
@requires(Cap.HANDLE_GRIEVANCE)
def grievance_step(request: HttpRequest, grievance_id: int, action: str) -> HttpResponse:
    g = queries.get_grievance_for_user(request.user, grievance_id)
    data = {k: request.POST.get(k, "") for k in ("assignee", "record_change")}
    return step_post(request, MACHINE, g, action,
                     reverse("workflows:grievance_detail", args=[g.pk]), data)


@require_POST
@requires(Cap.HANDLE_CASE)
def grievance_case(request: HttpRequest, grievance_id: int) -> HttpResponse:
    g = queries.get_grievance_for_user(request.user, grievance_id)
    kind = request.POST.get("kind", "identification")
    proposal = {"monitoring_kind": request.POST.get("monitoring_kind", ""),
                "risk_types": request.POST.getlist("risk_types")} \
        if kind == "identification" else {"mode": request.POST.get("mode", "")}
    try:
        case = actions.do_open_case_from_grievance(request.user, g, kind, proposal)
    except DomainError as exc:
        if exc.code == "forbidden":
            raise
        messages.error(request, _(exc.message))
        return redirect("workflows:grievance_detail", grievance_id=g.pk)
    return redirect("workflows:case_detail", case_id=case.pk)
