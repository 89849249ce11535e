"""The standards page: effective values for the user's area and year, reference figures, and
edits."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.standards import actions, queries
from jianpin.standards.forms import ReferenceForm, StandardForm
from jianpin.standards.income import DEFINITIONS
from jianpin.standards.models import NATIONAL, IncomeConcept
from jianpin.standards.resolve import resolve_with_origin, transition_period


def _user_code(request: HttpRequest) -> str:
    return str(getattr(request.user, "region_id", None) or NATIONAL)


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", "") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@requires(Cap.EDIT_STANDARDS)
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    code = _user_code(request)
    posted = request.POST if request.method == "POST" else None
    is_ref = posted is not None and "ref_key" in posted
    form = StandardForm(None if is_ref else posted, initial={"year": year, "region_code": code})
    ref_form = ReferenceForm(posted if is_ref else None,
                             initial={"ref_year": year, "ref_region_code": code[:2] + "0" * 10})
    if posted is not None and not is_ref and form.is_valid():
        data = form.cleaned_data
        with FormErrors(form) as failed:
            actions.do_set_standard(
                request.user, year=data["year"], region_code=data["region_code"] or code,
                key=data["key"], value=data["value"], note=data["note"], basis=data["basis"] or "amount",
                reference=data["reference"], reference_year=data["reference_year"],
                reference_lag=data["reference_lag"] or 0, valid_until=data["valid_until"],
                income_concept=data["income_concept"])
        if not failed:
            messages.success(request, _("标准已保存"))
            return redirect(f"{request.path}?year={data['year']}")
    if is_ref and ref_form.is_valid():
        data = ref_form.cleaned_data
        with FormErrors(ref_form) as failed:
            actions.do_set_reference(request.user, key=data["ref_key"], year=data["ref_year"],
                                     region_code=data["ref_region_code"],
                                     value=data["ref_value"], note=data["ref_note"])
        if not failed:
            messages.success(request, _("参照数已保存"))
            return redirect(f"{request.path}?year={year}")
    rows = queries.label_regions(list(
        queries.standards_for_user(request.user).order_by("key", "-year", "region_code")))
    effective = resolve_with_origin(year, code)
    queries.label_regions([item["row"] for item in effective if item["row"] is not None])
    figures = queries.label_regions(list(queries.references_for_user(request.user)))
    concepts = [(str(IncomeConcept(c).label), d[0], d[1]) for c, d in DEFINITIONS.items()]
    return render(request, "standards/index.html", {
        "year": year, "effective": effective, "rows": rows, "figures": figures,
        "form": form, "ref_form": ref_form, "editable": queries.editable_ids(request.user),
        "editable_figures": queries.editable_reference_ids(request.user),
        "concepts": concepts, "transition": transition_period(year, code),
    }, status=400 if form.errors or ref_form.errors else 200)


@requires(Cap.EDIT_STANDARDS)
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.get_standard_for_user(request.user, pk)
    try:
        actions.do_delete_standard(request.user, row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除，上级标准将重新生效"))
    return redirect("standards:index")


@requires(Cap.EDIT_STANDARDS)
@require_POST
def delete_reference(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.get_reference_for_user(request.user, pk)
    actions.do_delete_reference(request.user, row)
    messages.success(request, _("参照数已删除"))
    return redirect("standards:index")
