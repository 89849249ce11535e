"""Village records: the list of an area's villages for a year, and one village's record."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import FormErrors
from jianpin.villages import actions, queries
from jianpin.villages.criteria import apply_current, registry_counts
from jianpin.villages.forms import VillageYearForm, initial_from
from jianpin.villages.models import VillageYear


def _year(raw: str | None) -> int:
    default = timezone.localdate().year - 1
    if raw and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return default


@requires(Cap.READ_REGISTRY)
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    area = queries.area_for_user(request.user, request.GET.get("area"))
    rows = queries.villages_with_records(request.user, area, year)
    recorded = [r for _, r in rows if r is not None]
    return render(request, "villages/index.html", {
        "year": year, "area": area, "rows": rows, "recorded": len(recorded),
        "truncated": len(rows) >= queries.MAX_LIST,
        "can_write": can(request.user, Cap.WRITE_REGISTRY)})


@requires(Cap.READ_REGISTRY)
def record(request: HttpRequest, code: str, year: int) -> HttpResponse:
    village = queries.village_for_user(request.user, code)
    if village is None or not 2000 <= year <= 2100:
        raise Http404()
    row = VillageYear.objects.filter(village_id=code, year=year).prefetch_related(
        "sources", "units").first()
    form = VillageYearForm(request.POST or None, initial=initial_from(row))
    if request.method == "POST":
        if not can(request.user, Cap.WRITE_REGISTRY):
            raise Http404()
        if form.is_valid():
            fields, sources, units = form.parts()
            with FormErrors(form) as failed:
                actions.do_save_village_year(request.user, village_code=code, year=year,
                                             data=fields, sources=sources, units=units)
            if not failed:
                messages.success(request, _("村级档案已保存"))
                return redirect("villages:record", code=code, year=year)
    if row is not None:
        apply_current([row])    # by the standards in force now
    registered, poor = registry_counts(code)
    return render(request, "villages/record.html", {
        "village": village, "year": year, "row": row, "form": form,
        "registry": {"registered": registered, "poor": poor},
        "facts": queries.facts_of(code, year),
        "can_write": can(request.user, Cap.WRITE_REGISTRY)},
        status=400 if form.errors else 200)
