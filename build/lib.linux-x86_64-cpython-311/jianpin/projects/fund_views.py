"""Funds pages: the report with warnings and batches, a batch with its allocations, payments."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.projects import fund_actions, fund_queries, queries
from jianpin.projects.feedback import refuse_or_show
from jianpin.projects.fund_forms import AllocationForm, BatchForm, PaymentForm
from jianpin.projects.fund_warnings import fund_warnings
from jianpin.projects.funds import INDUSTRY_RULE, funds_report

SHOWN = 50   # warnings listed on the page; the count shows them all


def _form_errors(request: HttpRequest, form: object) -> None:
    for errors in getattr(form, "errors", {}).values():
        for error in errors:
            messages.error(request, error)


@requires(Cap.READ_PROJECTS)
def funds(request: HttpRequest) -> HttpResponse:
    g = request.GET
    area = fund_queries.area_for_user(request.user, g.get("area", ""))
    year = int(g["year"]) if g.get("year", "").isdigit() else timezone.localdate().year
    context: dict[str, Any] = {"area": area, "year": year, "rule": INDUSTRY_RULE,
               "can_fund": can(request.user, Cap.MANAGE_FUNDS),
               "form": BatchForm(initial={"region": area.code if area else "", "year": year})}
    if area is not None:
        warnings = fund_warnings(area, year=year)
        context.update(report=funds_report(area, year), warnings=warnings[:SHOWN],
                       warning_count=len(warnings),
                       batches=list(fund_queries.batches(request.user, area)
                                    .filter(year=year)[:100]))
    return render(request, "projects/funds.html", context)


@require_POST
@requires(Cap.MANAGE_FUNDS)
def batch_new(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("projects:funds")
    d = form.cleaned_data
    region = fund_queries.area_for_user(request.user, d["region"])
    try:
        if region is None:
            raise DomainError("bad_region", _("下达地区不在管辖范围内"))
        batch = fund_actions.do_issue_batch(
            request.user, region, year=d["year"], source=d["source"], doc_number=d["doc_number"],
            issued_on=d["issued_on"], amount=d["amount"], note=d["note"])
    except DomainError as exc:
        refuse_or_show(request, exc)
        return redirect("projects:funds")
    messages.success(request, _("资金下达已登记"))
    return redirect("projects:batch", pk=batch.pk)


@requires(Cap.READ_PROJECTS)
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    row = fund_queries.get_batch_for_user(request.user, pk)
    allocations = list(row.allocations.select_related("project__region").order_by("id"))
    can_fund = can(request.user, Cap.MANAGE_FUNDS)
    return render(request, "projects/batch.html", {
        "b": row, "allocations": allocations,
        "left": row.amount - sum(a.amount for a in allocations), "can_fund": can_fund,
        "projects": list(fund_queries.fundable_projects(request.user, row)[:500])
        if can_fund else [],
        "form": AllocationForm(initial={"allocated_on": timezone.localdate()})})


@require_POST
@requires(Cap.MANAGE_FUNDS)
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    row = fund_queries.get_batch_for_user(request.user, pk)
    form = AllocationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("projects:batch", pk=row.pk)
    d = form.cleaned_data
    try:
        project = queries.get_project_for_user(request.user, d["project"])
        fund_actions.do_allocate(request.user, row, project, amount=d["amount"],
                                 allocated_on=d["allocated_on"])
    except DomainError as exc:
        refuse_or_show(request, exc)
    except Http404:
        messages.error(request, _("项目不存在或不在管辖范围内"))
    else:
        messages.success(request, _("资金已安排到项目"))
    return redirect("projects:batch", pk=row.pk)


@require_POST
@requires(Cap.MANAGE_FUNDS)
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = fund_queries.get_allocation_for_user(request.user, pk)
    form = PaymentForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("projects:detail", pk=allocation.project_id)
    d = form.cleaned_data
    try:
        fund_actions.do_disburse(request.user, allocation, amount=d["amount"],
                                 paid_on=d["paid_on"], kind=d["kind"],
                                 voucher_number=d["voucher_number"], voucher=d["voucher"])
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("支付已登记"))
    return redirect("projects:detail", pk=allocation.project_id)


@requires(Cap.READ_PROJECTS)
def voucher(request: HttpRequest, pk: int) -> FileResponse:
    row = fund_queries.get_disbursement_for_user(request.user, pk)
    if not row.voucher:
        raise Http404(_("未上传凭证"))
    try:
        handle = row.voucher.open("rb")
    except FileNotFoundError:
        raise Http404(_("凭证文件缺失")) from None
    return FileResponse(handle, as_attachment=True, filename=row.voucher_name)
