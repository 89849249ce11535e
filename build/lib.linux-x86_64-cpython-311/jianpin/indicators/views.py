"""The indicator dashboard of the user's area and its child regions, and the area's targets."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.indicators import queries, reports, targets
from jianpin.indicators.models import Indicator, Report, ReportFormat, Target
from jianpin.indicators.report_content import KINDS
from jianpin.kernel.errors import FormErrors
from jianpin.regions.scoping import get_or_404, scope

# Units of the shipped indicators, translated in the template by value.
UNITS = (gettext_noop("户"), gettext_noop("人"), gettext_noop("元"), gettext_noop("个"))


def _en() -> bool:
    return (get_language() or "").startswith("en")


def _plan_chart(rows: list[targets.PlanRow]) -> dict[str, Any]:
    """Achievement by month, as a percentage of each target (capped at 150)."""
    series = []
    for r in rows:
        points: list[float | None] = []
        for v in r.months:
            if v is None or not r.target.value and r.target.indicator.direction == "higher":
                points.append(None)
            elif r.target.indicator.direction == "lower":
                points.append(100.0 if v <= r.target.value else
                              round(float(r.target.value / v * 100), 1))
            else:
                points.append(min(150.0, round(float(v / r.target.value * 100), 1)))
        series.append({"name": r.name, "data": points})
    return {"months": [f"{m}" for m in range(1, 13)], "series": series}


@requires(Cap.READ_REGISTRY)
def dashboard(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    board = queries.dashboard_for_user(request.user, request.GET.get("area"),
                                       int(year) if year.isdigit() else None,
                                       request.GET.get("chart"))
    if board is None:
        raise Http404()
    subjects = [("household", _("农户指标")), ("village", _("村级指标")), ("funds", _("资金指标"))]
    plans = targets.plan_rows(board.region, board.year, _en()) if board.region else []
    return render(request, "indicators/dashboard.html", {
        "board": board, "subjects": subjects, "plans": plans,
        "plan_chart": _plan_chart(plans) if plans else None,
        "can_plan": can(request.user, Cap.EDIT_STANDARDS)})


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("指标"))
    region_code = forms.CharField(label=gettext_lazy("区划代码"), max_length=12, required=False,
                                  help_text=gettext_lazy("留空表示本人所在区域"))
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    value = forms.CharField(label=gettext_lazy("目标值"), max_length=20)
    note = forms.CharField(label=gettext_lazy("依据"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        en = _en()
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (i.code, f"{i.name_en if en else i.name}（{i.unit}）")
            for i in Indicator.objects.filter(active=True)]


@requires(Cap.EDIT_STANDARDS)
def target_list(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    own = str(getattr(request.user, "region_id", None) or "")
    form = TargetForm(request.POST or None, initial={"year": year, "region_code": own})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with FormErrors(form) as failed:
            targets.do_set_target(request.user, indicator_code=data["indicator"],
                                  region_code=data["region_code"] or own, year=data["year"],
                                  value=data["value"], note=data["note"])
        if not failed:
            messages.success(request, _("目标已保存"))
            return redirect(f"{request.path}?year={data['year']}")
    rows = scope(request.user, Target.objects.filter(year=year), "region_id").select_related(
        "indicator", "region")
    return render(request, "indicators/targets.html", {
        "year": year, "rows": rows, "form": form, "en": _en()},
        status=400 if form.errors else 200)


@requires(Cap.EDIT_STANDARDS)
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_or_404(scope(request.user, Target.objects.all(), "region_id"), pk)
    targets.do_delete_target(request.user, row)
    messages.success(request, _("目标已删除"))
    return redirect("indicators:targets")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("报表"),
                             choices=[(k, gettext_lazy(v)) for k, v in KINDS.items()])
    region_code = forms.CharField(label=gettext_lazy("区划代码"), max_length=12, required=False,
                                  help_text=gettext_lazy("留空表示本人所在区域"))
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=gettext_lazy("月份"), min_value=1, max_value=12,
                               required=False, help_text=gettext_lazy("月报填写"))
    fmt = forms.ChoiceField(label=gettext_lazy("格式"), choices=ReportFormat.choices)


@requires(Cap.READ_REGISTRY)
def report_list(request: HttpRequest) -> HttpResponse:
    own = str(getattr(request.user, "region_id", None) or "")
    today = timezone.localdate()
    form = ReportForm(request.POST or None, initial={
        "year": today.year, "month": today.month, "region_code": own, "fmt": "xlsx"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with FormErrors(form) as failed:
            reports.do_request_report(request.user, kind=data["kind"],
                                      region_code=data["region_code"] or own,
                                      year=data["year"], month=data["month"], fmt=data["fmt"])
        if not failed:
            messages.success(request, _("报表正在生成，完成后可在下方下载"))
            return redirect("indicators:reports")
    rows = scope(request.user, Report.objects.all(), "region_id").select_related(
        "region", "job")[:100]
    return render(request, "indicators/reports.html", {
        "form": form, "rows": rows, "kinds": KINDS,
        "can_schedule": can(request.user, Cap.RUN_SCREENING)},
                  status=400 if form.errors else 200)


@requires(Cap.READ_REGISTRY)
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    row = get_or_404(scope(request.user, Report.objects.all(), "region_id"), pk)
    path = reports.path_of(row)
    if path is None:
        raise Http404()
    name = f"{row.title or KINDS.get(row.kind, row.kind)}.{row.format}"
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response
