"""Assistance pages: helper load, a helper's households (phone), household plan and visits."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.actors import acting_user
from jianpin.accounts.models import User
from jianpin.accounts.policy import Cap, can
from jianpin.assistance import actions, checks, queries
from jianpin.assistance.forms import HelperForm, MeasureForm, VisitForm
from jianpin.jobs.models import Job
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.regions.scoping import scope
from jianpin.screening.models import Warning

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor


def _refuse_or_show(request: HttpRequest, exc: DomainError) -> None:
    if exc.code == "forbidden":
        raise exc
    messages.error(request, _(exc.message))


@requires(Cap.READ_REGISTRY)
def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request.user)     # @requires: always a signed-in user
    helper = getattr(user, "helper", None) if hasattr(user, "helper") else None
    return render(request, "assistance/index.html", {
        "load": queries.helper_load(user)[:300], "form": HelperForm(initial={
            "region": user.region_id or ""}), "can_write": can(user, Cap.WRITE_ASSISTANCE),
        "my_helper": helper, "checks": checks.CHECKS, "warnings": _check_counts(user),
        "job": Job.objects.filter(kind=checks.JOB_KIND, owner=user).order_by("-id").first()})


def _check_counts(user: Actor) -> dict[str, int]:
    from django.db.models import Count

    rows = scope(user, Warning.objects.filter(rule_set=checks.RULE_SET,
                                              rule_code__in=list(checks.CHECKS), active=True),
                 "village_code").values("rule_code").annotate(n=Count("id"))
    return {r["rule_code"]: r["n"] for r in rows}


@require_POST
@requires(Cap.WRITE_ASSISTANCE)
def helper_new(request: HttpRequest) -> HttpResponse:
    form = HelperForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写姓名和帮扶区域"))
        return redirect("assistance:index")
    d = form.cleaned_data
    region = scope(request.user, Region.objects.all(), "code").filter(code=d["region"]).first()
    # Only accounts within the actor's area may be linked (and none elsewhere are revealed).
    user = scope(request.user, User.objects.filter(username=d["username"]), "region_id") \
        .first() if d["username"] else None
    if region is None or (d["username"] and user is None):
        messages.error(request, _("区域不在管辖范围内或账号不存在"))
        return redirect("assistance:index")
    try:
        helper = actions.do_create_helper(request.user, region, name=d["name"],
                                          work_unit=d["work_unit"], position=d["position"],
                                          phone=d["phone"], user=user)
    except DomainError as exc:
        _refuse_or_show(request, exc)
        return redirect("assistance:index")
    return redirect("assistance:helper_detail", pk=helper.pk)


@requires(Cap.READ_REGISTRY)
def helper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    helper = queries.get_helper_for_user(request.user, pk)
    return render(request, "assistance/helper_detail.html", {
        "helper": helper, "rows": queries.helper_households(request.user, helper)})


@requires(Cap.READ_REGISTRY)
def mine(request: HttpRequest) -> HttpResponse:
    helper = getattr(request.user, "helper", None) if hasattr(request.user, "helper") else None
    if helper is None:
        messages.error(request, _("您的账号未关联帮扶责任人"))
        return redirect("assistance:index")
    return redirect("assistance:helper_detail", pk=helper.pk)


@requires(Cap.READ_REGISTRY)
def household(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    return render(request, "assistance/household.html", {
        "hh": hh, "plan": queries.plan_of(hh), "measures": queries.measures_of(hh),
        "visits": queries.visits_of(hh), "pairings": queries.pairings_of(hh),
        "helpers": queries.helpers_for_user(request.user).filter(active=True)[:200],
        "measure_form": MeasureForm(), "can_write": can(request.user, Cap.WRITE_ASSISTANCE)})


@require_POST
@requires(Cap.WRITE_ASSISTANCE)
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    helper = queries.helpers_for_user(request.user).filter(pk=request.POST.get("helper") or 0) \
        .first()
    try:
        if helper is None:
            raise DomainError("bad_helper", _("请选择帮扶责任人"))
        actions.do_pair(request.user, helper, hh)
        messages.success(request, _("已与%(name)s结对") % {"name": helper.name})
    except DomainError as exc:
        _refuse_or_show(request, exc)
    return redirect("assistance:household", pk=hh.pk)


@require_POST
@requires(Cap.WRITE_ASSISTANCE)
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = queries.get_pairing_for_user(request.user, pk)
    try:
        actions.do_end_pairing(request.user, pairing)
    except DomainError as exc:
        _refuse_or_show(request, exc)
    return redirect("assistance:household", pk=pairing.household_id)


@require_POST
@requires(Cap.WRITE_ASSISTANCE)
def plan_save(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    try:
        version = int(request.POST["version"]) if request.POST.get("version") else None
        actions.do_save_plan(request.user, hh, goals=request.POST.get("goals", ""),
                             version=version)
        messages.success(request, _("帮扶计划已保存"))
    except DomainError as exc:
        _refuse_or_show(request, exc)
    return redirect("assistance:household", pk=hh.pk)


@require_POST
@requires(Cap.WRITE_ASSISTANCE)
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    form = MeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("措施信息不完整：") + "；".join(
            f"{form.fields[k].label}" for k in form.errors))
        return redirect("assistance:household", pk=hh.pk)
    try:
        actions.do_add_measure(request.user, hh, **form.cleaned_data)
        messages.success(request, _("已添加帮扶措施"))
    except DomainError as exc:
        _refuse_or_show(request, exc)
    return redirect("assistance:household", pk=hh.pk)


@requires(Cap.WRITE_ASSISTANCE)
def visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    paired = [(p.helper_id, p.helper.name) for p in queries.pairings_of(hh) if p.until is None]
    mine_first = sorted(paired, key=lambda h: h[0] != getattr(
        getattr(request.user, "helper", None), "pk", None))
    form = VisitForm(request.POST or None, helpers=mine_first)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        helper = queries.helpers_for_user(request.user).filter(pk=d["helper"]).first()
        try:
            if helper is None:
                raise DomainError("bad_helper", _("请选择帮扶责任人"))
            actions.do_record_visit(request.user, hh, helper, visited_on=d["visited_on"],
                                    findings=d["findings"], follow_ups=d["follow_ups"],
                                    photos=request.FILES.getlist("photos"))
        except DomainError as exc:
            _refuse_or_show(request, exc)
        else:
            messages.success(request, _("走访记录已保存"))
            return redirect("assistance:household", pk=hh.pk)
    return render(request, "assistance/visit_new.html", {"hh": hh, "form": form,
                                                         "paired": paired})


@requires(Cap.READ_REGISTRY)
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = queries.get_photo_for_user(request.user, pk)
    kind = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        (item.file.name or "").rsplit(".", 1)[-1], "application/octet-stream")
    try:
        return FileResponse(item.file.open("rb"), content_type=kind)
    except FileNotFoundError:
        raise Http404(_("照片文件缺失")) from None


@require_POST
@requires(Cap.WRITE_ASSISTANCE)
def checks_run(request: HttpRequest) -> HttpResponse:
    region = acting_user(request.user).region     # @requires: always a signed-in user
    if region is None:
        messages.error(request, _("请以有管辖区域的账号运行检查"))
        return redirect("assistance:index")
    checks.do_start_checks(request.user, region)
    messages.success(request, _("帮扶一致性检查已在后台运行，完成后结果进入监测预警"))
    return redirect("assistance:index")
