"""Screening pages: warnings inbox and triage, runs with progress, department data, rules."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.rules.ruleset import CATEGORIES, SEVERITIES, resolve
from jianpin.screening import actions, depts, display, inbox, queries
from jianpin.screening.dept_grants import allowed_kinds
from jianpin.screening.forms import DismissForm, RuleForm, RunForm, UploadForm
from jianpin.screening.models import DeptKind, RuleRecord, WarningState
from jianpin.uploads.limits import sheet_limits


def _heads() -> list[tuple[str, str]]:
    return [("household", _("户编号")), ("village", _("行政村")), ("rule", _("规则")),
            ("severity", _("严重程度")), ("year", _("年度")), ("state", _("状态")),
            ("seen", _("首次发现"))]


def _sort_choices() -> list[tuple[str, str]]:
    """The sort menu of the filters (phones have no column headers to click)."""
    return [(f"{sign}{key}", f"{label} {arrow}") for key, label in _heads()
            for sign, arrow in (("", "↑"), ("-", "↓"))]


def _columns(request: HttpRequest, f: inbox.Filters) -> list[dict[str, str]]:
    """Sortable column headers: label, link (the same filters, this sort) and arrow."""
    out = []
    for key, label in _heads():
        query = request.GET.copy()
        query.pop("page", None)
        active = f.sort == key
        query["sort"] = f"-{key}" if active and not f.descending else key
        arrow = ("↓" if f.descending else "↑") if active else ""
        out.append({"key": key, "label": str(label), "url": f"?{query.urlencode()}",
                    "arrow": arrow})
    return out


@requires(Cap.TRIAGE_WARNINGS)
def inbox_view(request: HttpRequest) -> HttpResponse:
    """Warnings as a table: filters by village, rule, severity, state; sorting; bulk triage."""
    f = inbox.Filters.from_query(request.GET)
    page = Paginator(inbox.filtered(request.user, f), f.per_page).get_page(request.GET.get("page"))
    orders = display.rule_orders({w.rule_code for w in page})
    for w in page:
        w.reasons = display.reasons(  # type: ignore[attr-defined]
            w.explanation, orders.get(w.rule_code, ()))
        w.reason_shown = display.triage_reason(w.reason)  # type: ignore[attr-defined]
        w.inactive_shown = (  # type: ignore[attr-defined]
            "" if w.active else display.inactive_note(w.rule_set, w.reason))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(request, "screening/inbox.html", {
        "page": page, "f": f, "keep": keep.urlencode(), "columns": _columns(request, f),
        "sorts": _sort_choices(), "sort": f"{'-' if f.descending else ''}{f.sort}",
        "states": WarningState.choices, "categories": CATEGORIES.items(),
        "villages": inbox.village_choices(request.user), "rules": inbox.rule_choices(request.user),
        "severities": SEVERITIES, "page_sizes": inbox.PAGE_SIZES,
        "dismiss_form": DismissForm(),
    })


@requires(Cap.TRIAGE_WARNINGS)
@require_POST
def warnings_bulk(request: HttpRequest) -> HttpResponse:
    """Acknowledge or dismiss the ticked warnings; back to the same filtered page."""
    target = {"acknowledge": WarningState.ACKNOWLEDGED,
              "dismiss": WarningState.DISMISSED}.get(request.POST.get("op", ""), "")
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    try:
        result = actions.do_bulk_triage(request.user, ids, target,
                                        request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, _(exc.message))
    else:
        text = _("已处理 %(done)d 条预警") % {"done": result.done}
        if result.skipped or result.missing:
            text += _("；%(n)d 条因状态不符或已不可见未处理") % {"n": result.skipped + result.missing}
        (messages.success if result.done else messages.warning)(request, text)
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//")
                    else "screening:inbox")


def _triage(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    warning = queries.get_warning_for_user(request.user, pk)
    try:
        if verb == "acknowledge":
            actions.do_acknowledge(request.user, warning)
        else:
            actions.do_dismiss(request.user, warning, request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, _(exc.message))
    else:
        messages.success(request, _("预警状态已更新"))
    return _back(request)


@requires(Cap.TRIAGE_WARNINGS)
@require_POST
def warning_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _triage(request, pk, "acknowledge")


@requires(Cap.TRIAGE_WARNINGS)
@require_POST
def warning_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _triage(request, pk, "dismiss")


@requires(Cap.TRIAGE_WARNINGS)
@require_POST
def warning_case(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand over to the identification workflow, which opens the case and marks the warning."""
    warning = queries.get_warning_for_user(request.user, pk)
    return redirect("workflows:case_from_warning", pk=warning.pk)


@requires(Cap.RUN_SCREENING)
def runs(request: HttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with FormErrors(form) as failed:
            run = actions.do_start_screening(
                request.user, rule_set=data["rule_set"], year=data["year"],
                area_code=data["area_code"] or None, engine=data["engine"] or None)
        if not failed:
            return redirect("screening:run_detail", pk=run.pk)
    recent = queries.runs_for_user(request.user)[:30]
    return render(request, "screening/runs.html", {"form": form, "runs": recent},
                  status=400 if form.errors else 200)


@requires(Cap.RUN_SCREENING)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = queries.get_run_for_user(request.user, pk)
    template = ("screening/_run_status.html" if request.headers.get("HX-Request")
                else "screening/run_detail.html")
    return render(request, template, {"run": run})


@requires(Cap.UPLOAD_DEPT_DATA)
def departments(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    kind_field = form.fields["kind"]
    assert isinstance(kind_field, ChoiceField)
    kind_field.choices = [(k, DeptKind(k).label) for k in allowed_kinds(request.user)]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with FormErrors(form) as failed:
            if upload.size > sheet_limits("dept").max_file_bytes:    # before reading it in
                raise DomainError("file_too_large", _("文件过大，请分批上传"))
            made = depts.do_upload_dept_data(request.user, kind=form.cleaned_data["kind"],
                                             file_name=upload.name, content=upload.read())
        if not failed:
            messages.success(request, _("已导入第 %(v)s 版，共 %(n)s 行") % {
                "v": made.version, "n": made.rows_total})
            return redirect("screening:upload_detail", pk=made.pk)
    uploads = queries.uploads_for_user(request.user)[:50]
    return render(request, "screening/departments.html", {"form": form, "uploads": uploads},
                  status=400 if form.errors else 200)


@requires(Cap.UPLOAD_DEPT_DATA)
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = queries.get_upload_for_user(request.user, pk)
    return render(request, "screening/upload_detail.html", {"upload": upload})


@requires(Cap.RUN_SCREENING)
def rules(request: HttpRequest) -> HttpResponse:
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with FormErrors(form, {"bad_rule": "condition"}) as failed:
            actions.do_save_rule(request.user, set_code=data.pop("set_code"), data=data)
        if not failed:
            messages.success(request, _("规则已保存"))
            return redirect("screening:rules")
    return render(request, "screening/rules.html", {
        "form": form, "shipped": resolve(None), "custom": RuleRecord.objects.all(),
        "categories": CATEGORIES,
    }, status=400 if form.errors else 200)
