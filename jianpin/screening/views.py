"""Screening pages: warnings inbox and triage, runs with progress, department data, rules."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.rules.evaluator import describe
from jianpin.rules.ruleset import CATEGORIES, resolve
from jianpin.screening import actions, depts, queries
from jianpin.screening.dept_grants import allowed_kinds
from jianpin.screening.forms import DismissForm, RuleForm, RunForm, UploadForm
from jianpin.screening.models import DeptKind, RuleRecord, WarningState
from jianpin.uploads.limits import sheet_limits


@requires(Cap.TRIAGE_WARNINGS)
def inbox(request: HttpRequest) -> HttpResponse:
    qs = queries.warnings_for_user(request.user)
    state = request.GET.get("state", "open")
    if state == "open":
        qs = qs.filter(state__in=queries.OPEN_STATES)
    elif state in WarningState.values:
        qs = qs.filter(state=state)
    category = request.GET.get("category", "")
    if category in CATEGORIES:
        qs = qs.filter(category=category)
    number = request.GET.get("q", "").strip()
    if number:
        qs = qs.filter(household__number__startswith=number)
    page = Paginator(qs.order_by("state", "village_code", "household__number", "rule_code"),
                     50).get_page(request.GET.get("page"))
    for w in page:
        w.reasons = describe(w.explanation)  # type: ignore[attr-defined]
    return render(request, "screening/inbox.html", {
        "page": page, "state": state, "category": category, "q": number,
        "states": WarningState.choices, "categories": CATEGORIES.items(),
        "dismiss_form": DismissForm(),
    })


def _triage(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    warning = queries.get_warning_for_user(request.user, pk)
    try:
        if verb == "acknowledge":
            actions.do_acknowledge(request.user, warning)
        else:
            actions.do_dismiss(request.user, warning, request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "预警状态已更新")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//")
                    else "screening:inbox")


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
                raise DomainError("file_too_large", "文件过大，请分批上传")
            made = depts.do_upload_dept_data(request.user, kind=form.cleaned_data["kind"],
                                             file_name=upload.name, content=upload.read())
        if not failed:
            messages.success(request, f"已导入第 {made.version} 版，共 {made.rows_total} 行")
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
            messages.success(request, "规则已保存")
            return redirect("screening:rules")
    return render(request, "screening/rules.html", {
        "form": form, "shipped": resolve(None), "custom": RuleRecord.objects.all(),
        "categories": CATEGORIES,
    }, status=400 if form.errors else 200)
