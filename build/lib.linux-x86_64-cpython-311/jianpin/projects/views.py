"""Project library pages: list, detail with history, application form, steps, disclosure."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.kernel.masking import mask_name
from jianpin.projects import actions, benefit_actions, benefits, fund_queries, queries
from jianpin.projects.codes import Category
from jianpin.projects.feedback import refuse_or_show
from jianpin.projects.forms import ProjectForm
from jianpin.projects.fund_forms import PaymentForm
from jianpin.projects.machine import ACTUALS_OPEN, EDITABLE, FUNDABLE, MACHINE
from jianpin.projects.models import IncomeKind, Objection, Project, Status
from jianpin.projects.paging import page_of, pager
from jianpin.regions.models import Region
from jianpin.regions.scoping import scope
from jianpin.registry.models import Household
from jianpin.workflows.machines.base import allowed_edges


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@requires(Cap.READ_PROJECTS)
def project_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    status = g.get("status", "") if g.get("status") in Status.values else ""
    category = g.get("category", "") if g.get("category") in Category.values else ""
    year = _int(g.get("year"))
    rows = queries.project_list(request.user, status=status, category=category, year=year)
    page = pager(request, rows.count())
    return render(request, "projects/list.html", {
        "rows": queries.with_totals(page_of(rows, page)), "count": page.count, "pager": page,
        "statuses": Status.choices,
        "categories": Category.choices, "status": status, "category": category, "year": year,
        "can_propose": can(request.user, Cap.PROPOSE_PROJECT)})


def _household_ids(request: HttpRequest, form: ProjectForm) -> list[int]:
    """Beneficiary households by number, within the user's area; one answer for absent and
    elsewhere, so the form never confirms that a number exists outside the area."""
    numbers = form.household_numbers()
    ids = list(scope(request.user, Household.objects.filter(number__in=numbers), "village_id")
               .values_list("pk", flat=True))
    if len(ids) != len(numbers):
        raise DomainError("bad_household", _("部分户编号不存在或不在项目建设地点范围内"))
    return ids


def _region_for(request: HttpRequest, code: str) -> Region | None:
    return scope(request.user, Region.objects.all(), "code").filter(code=code).first()


@requires(Cap.PROPOSE_PROJECT)
def project_new(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None,
                       initial={"region": getattr(request.user, "region_id", "") or ""})
    if request.method == "POST" and form.is_valid():
        region = _region_for(request, form.cleaned_data["region"])
        try:
            if region is None:
                raise DomainError("bad_region", _("建设地点不在管辖范围内"))
            project = actions.do_create_project(request.user, region, form.values(),
                                                budget=form.budget(), targets=form.targets(),
                                                households=_household_ids(request, form))
        except DomainError as exc:
            refuse_or_show(request, exc)
        else:
            messages.success(request, _("项目已录入（草稿），核对后请提交申报"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": None})


@requires(Cap.PROPOSE_PROJECT)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.get_project_for_user(request.user, pk)
    if project.status not in EDITABLE:
        messages.error(request, _("只有草稿或已退回的项目可以修改"))
        return redirect("projects:detail", pk=project.pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["region"] != project.region_id:
                raise DomainError("region_fixed", _("建设地点录入后不能修改，请重新录入项目"))
            actions.do_update_project(request.user, project,
                                      version=form.cleaned_data["version"] or 0,
                                      data=form.values(), budget=form.budget(),
                                      targets=form.targets(),
                                      households=_household_ids(request, form))
        except DomainError as exc:
            refuse_or_show(request, exc)
        else:
            messages.success(request, _("项目已保存"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


@requires(Cap.READ_PROJECTS)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.get_project_for_user(request.user, pk)
    user = request.user
    return render(request, "projects/detail.html", {
        "p": project, "budget": list(project.budget.all()),
        "total": sum(b.amount for b in project.budget.all()),
        "targets": list(project.targets.all()), "events": queries.history(project),
        "edges": allowed_edges(MACHINE, user, project),
        "can_edit": project.status in EDITABLE and can(user, Cap.PROPOSE_PROJECT),
        "can_actuals": project.status in ACTUALS_OPEN and can(user, Cap.DECIDE_PROJECT),
        "counts": benefits.counts(project),
        "beneficiaries": [(h.pk, mask_name(h.head_name), h.number)
                          for h in benefits.beneficiaries(project)],
        "incomes": benefits.project_incomes(project), "income_kinds": IncomeKind.choices[:2],
        "can_benefit": project.status in benefit_actions.OPEN
        and can(user, Cap.PROPOSE_PROJECT),
        "can_income": project.status in benefit_actions.PAYING
        and can(user, Cap.PROPOSE_PROJECT),
        "can_registry": can(user, Cap.READ_REGISTRY),
        "funds": fund_queries.project_funds(project), "pay_form": PaymentForm(),
        "objections": list(Objection.objects.filter(project=project)),
        "can_object": project.status == Status.NOTICED and can(user, Cap.PROPOSE_PROJECT),
        "can_resolve": can(user, Cap.DECIDE_PROJECT),
        "can_fund": can(user, Cap.MANAGE_FUNDS) and project.status in FUNDABLE})


@require_POST
@requires(Cap.PROPOSE_PROJECT)
def project_step(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.get_project_for_user(request.user, pk)
    p = request.POST
    try:
        actions.do_transition(request.user, project, p.get("action", ""),
                              version=_int(p.get("version")) or 0, note=p.get("note", ""),
                              data={"year": _int(p.get("year"))} if p.get("year") else {})
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("已办理：%(status)s") % {"status": project.get_status_display()})
    return redirect("projects:detail", pk=project.pk)


@require_POST
@requires(Cap.DECIDE_PROJECT)
def project_actuals(request: HttpRequest, pk: int) -> HttpResponse:
    project: Project = queries.get_project_for_user(request.user, pk)
    values = {t.pk: request.POST[f"actual_{t.pk}"] for t in project.targets.all()
              if f"actual_{t.pk}" in request.POST}
    try:
        actions.do_record_actuals(request.user, project,
                                  version=_int(request.POST.get("version")) or 0, values=values)
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("实际完成值已保存"))
    return redirect("projects:detail", pk=project.pk)


def public(request: HttpRequest) -> HttpResponse:
    """项目公告公示: anyone may read it; whitelisted fields only, no personal data."""
    year = _int(request.GET.get("year"))
    area = request.GET.get("area", "")
    area = area if area.isdigit() and len(area) == 12 else ""
    # 50 a page: each row carries the project's tasks, funds, mechanism and targets in full.
    page = pager(request, queries.public_count(year=year, area=area), size=50)
    return render(request, "projects/public.html", {
        "rows": queries.public_projects(year=year, area=area, offset=page.offset,
                                        limit=page.size), "year": year,
        "pager": page,
        "area": Region.objects.filter(code=area).first() if area else None})
