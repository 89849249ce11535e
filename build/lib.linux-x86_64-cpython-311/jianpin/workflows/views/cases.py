"""Inbox, case list, case page with timeline and step forms, objections, attachments."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope
from jianpin.registry.codes import MonitoringKind, RiskType
from jianpin.registry.models import Household
from jianpin.screening.queries import warnings_for_user
from jianpin.workflows import actions, queries, readiness
from jianpin.workflows import settings as wf_settings
from jianpin.workflows.forms import CaseOpenForm, ObjectionForm
from jianpin.workflows.machines.chain import S, checks_all_fail, today
from jianpin.workflows.machines.elimination import MODES
from jianpin.workflows.machines.registry import CASE_MACHINES
from jianpin.workflows.models import Attachment, Case, CaseKind, Objection
from jianpin.workflows.views.common import step_forms, step_post

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

EDITABLE = (S.OPENED, S.VISITED, S.CHECKED, S.ASSESSED, S.RETURNED)


@requires(Cap.READ_REGISTRY)
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "workflows/inbox.html", {
        "cases": queries.inbox(user)[:200], "overdue_count": queries.overdue(user).count(),
        "grievances": queries.grievance_inbox(user)[:50], "today": today(),
        "assessments": queries.assessments_waiting(user)[:50],
        "can_open": can(user, Cap.HANDLE_CASE), "warnings": _warnings(user),
    })


def _warnings(user: Actor) -> list[object]:
    """Acknowledged warnings in the area not yet turned into cases (triage roles only)."""
    if not can(user, Cap.TRIAGE_WARNINGS):
        return []
    return list(warnings_for_user(user).filter(state="acknowledged", active=True)
                .order_by("village_code", "household__number")[:50])


@requires(Cap.READ_REGISTRY)
def overdue(request: HttpRequest) -> HttpResponse:
    qs = queries.overdue(request.user)
    area = request.GET.get("area", "")
    if area.isdigit():
        region = scope(request.user, Region.objects.all(), "code").filter(code=area).first()
        qs = qs.filter(prefix_q("region_id", region.prefix)) if region else qs.none()
    return render(request, "workflows/case_list.html", {
        "title": _("超期未办结事项"), "page": Paginator(qs, 50).get_page(request.GET.get("page")),
        "today": today(), "kinds": CaseKind.choices,
        "by_area": queries.overdue_by_area(request.user)})


@requires(Cap.READ_REGISTRY)
def case_list(request: HttpRequest) -> HttpResponse:
    qs = queries.cases_for_user(request.user).order_by("-opened_at", "-id")
    kind, state = request.GET.get("kind", ""), request.GET.get("state", "open")
    if kind in CaseKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("flag") == "early":
        qs = qs.filter(pk__in=queries.early_eliminations(request.user).values("pk"))
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    return render(request, "workflows/case_list.html", {
        "title": _("业务事项"), "page": Paginator(qs, 50).get_page(request.GET.get("page")),
        "today": today(), "kinds": CaseKind.choices, "kind": kind, "state": state,
        "filters": True, "flag": request.GET.get("flag", ""),
        "early_count": queries.early_eliminations(request.user).count()})


@requires(Cap.HANDLE_CASE)
def case_open(request: HttpRequest) -> HttpResponse:
    initial = {"kind": request.GET.get("kind", CaseKind.IDENTIFICATION),
               "household": request.GET.get("household", "")}
    form = CaseOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        hh = scope(request.user, Household.objects.all(), "village_id") \
            .filter(number=form.cleaned_data["household"].strip()).first()
        if hh is None:
            form.add_error("household", _("您的管辖区域内没有该户编号"))
        else:
            with FormErrors(form) as failed:
                case = actions.do_open_case(request.user, hh, form.cleaned_data["kind"],
                                            source=form.cleaned_data["source"],
                                            summary=form.cleaned_data["summary"],
                                            proposal=form.proposal())
            if not failed:
                messages.success(request, _("已受理：%(case)s") % {"case": case})
                return redirect("workflows:case_detail", case_id=case.pk)
    return render(request, "workflows/case_open.html", {"form": form})


@requires(Cap.READ_REGISTRY)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = queries.get_case_for_user(request.user, case_id)
    machine = CASE_MACHINES[case.kind]
    hh = case.household
    facts = []
    if case.closed_at is None and case.status in (S.VISITED, S.OPENED, S.CHECKED) \
            and case.kind == CaseKind.IDENTIFICATION:
        facts = readiness.identification_facts(hh, today()) + readiness.department_facts(hh)
    elif case.closed_at is None and case.status == S.OPENED:
        facts = (readiness.elimination_findings(hh, today()) if case.kind == CaseKind.ELIMINATION
                 else readiness.exit_findings(hh, today()))
    return render(request, "workflows/case_detail.html", {
        "case": case, "hh": hh, "machine": machine, "status_label": machine.status_label(
            case.status), "events": queries.timeline(case), "steps": step_forms(
            machine, request.user, case), "objections": case.objections.all(),
        "objection_form": ObjectionForm(), "facts": facts, "today": today(),
        "can_handle": can(request.user, Cap.HANDLE_CASE) and case.status == S.IN_NOTICE,
        "diagram": (machine.__doc__ or ""), "doc": _doc(case.kind),
        "notice_ends": _notice_ends(case),
        "can_edit_proposal": can(request.user, Cap.HANDLE_CASE) and case.kind != CaseKind.EXIT
        and case.status in EDITABLE, "kinds": [k for k, _ in MonitoringKind.choices if k],
        "risks": RiskType.values, "modes": MODES,
        "unsupported": case.status == S.COUNTY and checks_all_fail(case),
        "early": readiness.is_early_elimination(hh, today())
        if case.kind == CaseKind.ELIMINATION else False,
    })


def _notice_ends(case: Case) -> object:
    """The first day the case may go to the township, while it is on notice."""
    import datetime as dt

    if case.status != S.IN_NOTICE or case.notice_from is None:
        return None
    days = int(wf_settings.value("notice_min_days", case.region_id, today().year))
    return case.notice_from + dt.timedelta(days=days)


def _doc(kind: str) -> str:
    import importlib

    module = importlib.import_module(f"jianpin.workflows.machines.{kind}")
    return (module.__doc__ or "").strip()


@require_POST
@requires(Cap.READ_REGISTRY)
def case_step(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    case = queries.get_case_for_user(request.user, case_id)
    data: dict[str, Any] = {}
    if action in ("assess", "county_approve") and request.POST.get("justification"):
        data["justification"] = request.POST["justification"]
    if action == "publish_notice":
        data["mask"] = request.POST.get("mask", "") == "1"
    return step_post(request, CASE_MACHINES[case.kind], case, action,
                     reverse("workflows:case_detail", args=[case.pk]), data)


@require_POST
@requires(Cap.HANDLE_CASE)
def case_proposal(request: HttpRequest, case_id: int) -> HttpResponse:
    """Correct the proposed monitoring kind and risk types (or elimination mode)."""
    case = queries.get_case_for_user(request.user, case_id)
    if case.kind == CaseKind.IDENTIFICATION:
        proposal = {"monitoring_kind": request.POST.get("monitoring_kind", ""),
                    "risk_types": request.POST.getlist("risk_types")}
    else:
        proposal = {"mode": request.POST.get("mode", "")}
    try:
        actions.do_update_proposal(request.user, case, proposal,
                                   version=int(request.POST.get("version", "0")))
        messages.success(request, _("已修改拟认定内容"))
    except DomainError as exc:
        if exc.code == "forbidden":
            raise
        messages.error(request, _(exc.message))
    except ValueError:
        messages.error(request, _("提交的数据有误"))
    return redirect("workflows:case_detail", case_id=case.pk)


@require_POST
@requires(Cap.HANDLE_CASE)
def objection_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = queries.get_case_for_user(request.user, case_id)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_objection(request.user, case, content=form.cleaned_data["content"],
                                        raised_by=form.cleaned_data["raised_by"])
            messages.success(request, _("已登记异议"))
        except DomainError as exc:
            if exc.code == "forbidden":
                raise
            messages.error(request, _(exc.message))
    else:
        messages.error(request, _("请填写异议内容"))
    return redirect("workflows:case_detail", case_id=case.pk)


@require_POST
@requires(Cap.HANDLE_CASE)
def objection_resolve(request: HttpRequest, objection_id: int) -> HttpResponse:
    objection = get_or_404(Objection.objects.all(), objection_id)
    case = queries.get_case_for_user(request.user, objection.case_id)
    try:
        actions.do_resolve_objection(request.user, objection, request.POST.get("resolution", ""))
        messages.success(request, _("异议已核实处理"))
    except DomainError as exc:
        if exc.code == "forbidden":
            raise
        messages.error(request, _(exc.message))
    return redirect("workflows:case_detail", case_id=case.pk)


@requires(Cap.READ_REGISTRY)
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Serve an attachment only to users who may see the record it belongs to."""
    att = get_or_404(Attachment.objects.select_related("event"), attachment_id)
    ev = att.event
    if ev.case_id:
        queries.get_case_for_user(request.user, ev.case_id)
    elif ev.grievance_id:
        queries.get_grievance_for_user(request.user, ev.grievance_id)
    elif ev.assessment_id:
        queries.get_assessment_for_user(request.user, ev.assessment_id)
    else:
        raise Http404(_("未找到"))
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件文件缺失")) from None
    return FileResponse(handle, as_attachment=True, filename=att.name)


def household_cases(user: Actor, hh: Household) -> list[Case]:
    return list(queries.cases_for_user(user).filter(household=hh).order_by("-opened_at"))
