"""The standards page: effective values for the user's area and year, and edits."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.standards import actions, queries
from jianpin.standards.forms import StandardForm
from jianpin.standards.models import NATIONAL
from jianpin.standards.resolve import resolve_with_origin


def _user_code(request: HttpRequest) -> str:
    return str(getattr(request.user, "region_id", None) or NATIONAL)


@requires(Cap.EDIT_STANDARDS)
def index(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", "") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    code = _user_code(request)
    form = StandardForm(request.POST or None, initial={"year": year, "region_code": code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with FormErrors(form) as failed:
            actions.do_set_standard(request.user, year=data["year"],
                                    region_code=data["region_code"] or code, key=data["key"],
                                    value=data["value"], note=data["note"])
        if not failed:
            messages.success(request, "标准已保存")
            return redirect(f"{request.path}?year={data['year']}")
    rows = queries.label_regions(list(
        queries.standards_for_user(request.user).order_by("key", "-year", "region_code")))
    effective = resolve_with_origin(year, code)
    queries.label_regions([item["row"] for item in effective if item["row"] is not None])
    return render(request, "standards/index.html", {
        "year": year, "effective": effective, "rows": rows,
        "form": form, "editable": queries.editable_ids(request.user),
    }, status=400 if form.errors else 200)


@requires(Cap.EDIT_STANDARDS)
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.get_standard_for_user(request.user, pk)
    try:
        actions.do_delete_standard(request.user, row)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除，上级标准将重新生效")
    return redirect("standards:index")
