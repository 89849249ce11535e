"""Asset ledger pages (资产台账): the ledger by area, an asset with its income, register, dispose."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.projects import asset_actions, asset_queries, fund_queries, queries
from jianpin.projects.asset_forms import AssetForm, DisposalForm, IncomeForm
from jianpin.projects.codes import AssetKind, AssetStatus
from jianpin.projects.feedback import refuse_or_show
from jianpin.projects.paging import page_of, pager
from jianpin.regions.scoping import scope
from jianpin.registry.models import Household


def _errors(form: Any) -> str:
    return "；".join(str(e) for es in form.errors.values() for e in es)


@requires(Cap.READ_PROJECTS)
def ledger(request: HttpRequest) -> HttpResponse:
    g = request.GET
    area = fund_queries.area_for_user(request.user, g.get("area", ""))
    kind = g.get("kind", "") if g.get("kind") in AssetKind.values else ""
    status = g.get("status", "") if g.get("status") in AssetStatus.values else ""
    context: dict[str, Any] = {"area": area, "kind": kind, "status": status, "kinds": AssetKind.choices,
               "statuses": AssetStatus.choices,
               "can_register": can(request.user, Cap.DECIDE_PROJECT)}
    if area is not None:
        qs = asset_queries.ledger(request.user, area, kind=kind, status=status)
        summary = asset_queries.summary(qs, area)
        page = pager(request, summary[-1].count)
        context.update(rows=asset_queries.labelled(page_of(qs, page)), count=page.count,
                       pager=page, summary=summary)
    return render(request, "projects/assets.html", context)


def _household_pk(request: HttpRequest, number: str) -> int | None:
    if not number:
        return None
    hh = scope(request.user, Household.objects.filter(number=number), "village_id").first()
    if hh is None:
        raise DomainError("bad_household", _("部分户编号不存在或不在项目建设地点范围内"))
    return hh.pk


@requires(Cap.DECIDE_PROJECT)
def asset_new(request: HttpRequest) -> HttpResponse:
    form = AssetForm(request.POST or None, initial={
        "region": getattr(request.user, "region_id", "") or "",
        "project_id": request.GET.get("project", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            region = fund_queries.area_for_user(request.user, d["region"])
            if region is None:
                raise DomainError("bad_region", _("建设地点不在管辖范围内"))
            project = queries.get_project_for_user(request.user, d["project_id"]) \
                if d.get("project_id") else None
            data = dict(d, owner_household=_household_pk(request, d["household_number"]))
            asset = asset_actions.do_register_asset(request.user, region, data, project=project)
        except DomainError as exc:
            refuse_or_show(request, exc)
        except Http404:
            messages.error(request, _("项目不存在或不在管辖范围内"))
        else:
            messages.success(request, _("资产已登记"))
            return redirect("projects:asset", pk=asset.pk)
    return render(request, "projects/asset_form.html", {"form": form})


@requires(Cap.READ_PROJECTS)
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = asset_queries.get_asset_for_user(request.user, pk)
    open_ = asset.status != AssetStatus.DISPOSED
    return render(request, "projects/asset.html", {
        "a": asset, "incomes": asset_queries.incomes(asset),
        "can_income": open_ and can(request.user, Cap.PROPOSE_PROJECT),
        "can_dispose": open_ and can(request.user, Cap.DECIDE_PROJECT),
        "income_form": IncomeForm(initial={"year": timezone.localdate().year}),
        "disposal_form": DisposalForm(initial={"version": asset.version})})


@require_POST
@requires(Cap.PROPOSE_PROJECT)
def asset_income(request: HttpRequest, pk: int) -> HttpResponse:
    asset = asset_queries.get_asset_for_user(request.user, pk)
    form = IncomeForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("invalid", _errors(form))
        d = form.cleaned_data
        shares = {}
        for number, amount in d["shares"]:
            shares[_household_pk(request, number) or 0] = amount
        asset_actions.do_record_income(request.user, asset, year=d["year"],
                                       received_on=d["received_on"], amount=d["amount"],
                                       shares=shares, note=d["note"])
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("收益已登记"))
    return redirect("projects:asset", pk=asset.pk)


@require_POST
@requires(Cap.DECIDE_PROJECT)
def asset_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    asset = asset_queries.get_asset_for_user(request.user, pk)
    form = DisposalForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("invalid", _errors(form))
        d = form.cleaned_data
        asset_actions.do_dispose(request.user, asset, version=d["version"], kind=d["kind"],
                                 reason=d["reason"], approval=d["approval"],
                                 approver=d["approver"], disposed_on=d["disposed_on"],
                                 proceeds=d["proceeds"])
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("资产已处置"))
    return redirect("projects:asset", pk=asset.pk)


@requires(Cap.READ_PROJECTS)
def export_sheet(request: HttpRequest, kind: str) -> HttpResponse:
    """The library, plan, funds or asset ledger of an area as a workbook in the import layout."""
    from urllib.parse import quote

    from jianpin.projects.io.export import export
    from jianpin.projects.io.layouts import LAYOUTS

    if kind not in LAYOUTS:
        raise Http404(_("未找到"))
    area = fund_queries.area_for_user(request.user, request.GET.get("area", ""))
    if area is None:
        messages.error(request, _("请填写管辖范围内的区划代码"))
        return redirect("projects:list")
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    data = export(request.user, kind, area, year)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument"
                                               ".spreadsheetml.sheet")
    name = f"{area.name}{LAYOUTS[kind].sheet}{year or ''}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
