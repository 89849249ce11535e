"""Registry pages: list, detail, create and edit. Thin: forms in, actions do the work."""
from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError, FormErrors
from jianpin.regions.models import Level
from jianpin.regions.scoping import in_area, regions_for_user
from jianpin.registry import actions, codes, forms, monitoring, queries, verification
from jianpin.registry.models import Household
from jianpin.registry.paging import CappedPaginator

PAGE_SIZE = 50


@requires(Cap.READ_REGISTRY)
def household_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _search_redirect(request)
    g = request.GET
    q = request.session.get(f"idq:{g['idq']}", "") if g.get("idq") else g.get("q", "")
    filters = queries.Filters(q=q, area=g.get("area", ""), status=g.get("status", ""),
                              attribute=g.get("attribute", ""), cause=g.get("cause", ""),
                              kind=g.get("kind", ""))
    qs = queries.search(request.user, filters).select_related("village").only(
        "number", "head_name", "size", "status", "monitoring_kind", "risk_eliminated", "attribute",
        "main_cause", "village__name")
    # Village then number: the order of the (village, number) index, so a page is a range scan.
    page = CappedPaginator(qs.order_by("village_id", "number"), PAGE_SIZE).get_page(g.get("page"))
    areas = _area_choices(request.user)
    return render(request, "registry/household_list.html", {
        "page": page, "filters": filters, "areas": areas.only("code", "name", "level"),
        "statuses": codes.HouseholdStatus.choices, "attributes": codes.Attribute.choices,
        "causes": codes.Cause.choices, "kinds": monitoring.kind_choices(),
        "querystring": _querystring(request),
        "export_query": urlencode({k: v for k, v in (
            ("area", filters.area), ("status", filters.status), ("attribute", filters.attribute),
            ("main_cause", filters.cause), ("monitoring_kind", filters.kind), ("q", g.get("q", "")))
            if v}),
    })


AREA_CHOICES = 600


def _area_choices(user: Any) -> Any:
    """The areas the filter offers: townships and villages, or for a large area (a city, a
    province) only the levels that fit in one list (villages, then townships dropped).
    One grouped count decides."""
    mine = regions_for_user(user)
    sizes = dict(mine.filter(level__gte=Level.PREFECTURE, level__lte=Level.VILLAGE)
                 .values_list("level").annotate(n=Count("code")).order_by())
    for levels in ([Level.TOWNSHIP, Level.VILLAGE], [Level.COUNTY, Level.TOWNSHIP]):
        if sum(sizes.get(level, 0) for level in levels) <= AREA_CHOICES:
            return mine.filter(level__in=levels)
    return mine.filter(level__in=[Level.PREFECTURE, Level.COUNTY])


def _search_redirect(request: HttpRequest) -> HttpResponse:
    """Turn a posted search into a GET URL; an ID number is parked in the session, never the URL."""
    params = QueryDict(mutable=True)
    for key in ("area", "status", "attribute", "cause", "kind"):
        if request.POST.get(key):
            params[key] = request.POST[key]
    q = request.POST.get("q", "").strip()[:40]
    if queries.ID_LIKE.match(q):
        token = secrets.token_urlsafe(6)
        request.session[f"idq:{token}"] = q
        params["idq"] = token
    elif q:
        params["q"] = q
    return redirect(f"{request.path}?{params.urlencode()}")


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@requires(Cap.READ_REGISTRY)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    members = queries.members_of(hh)
    incomes = queries.incomes_of(hh)
    chart = {"years": [r.year for r in incomes],
             "per_capita": [float(r.per_capita_net) for r in incomes]}
    events = queries.events_of(hh, members, incomes)[:50]
    return render(request, "registry/household_detail.html", {
        "hh": hh, "members": members, "incomes": incomes, "chart_json": json.dumps(chart),
        "alive": [m for m in members if m.deceased_on is None],
        "events": events, "can_write": can(request.user, Cap.WRITE_REGISTRY),
        "living": queries.living_of(hh), "periods": queries.work_periods_of(members),
        "planned": [m for m in members if m.plans_work is not None or m.work_service_need],
        "can_reveal": can(request.user, Cap.REVEAL), "extra_blocks": _extra_blocks(request, hh),
    })


def _extra_blocks(request: HttpRequest, hh: Household) -> list[str]:
    """Sections other apps add to the household page (screening hits, cases, assistance)."""
    from django.apps import apps

    blocks = []
    for config in apps.get_app_configs():
        hook = getattr(config, "household_block", None)
        if callable(hook):
            html = hook(request, hh)
            if html:
                blocks.append(html)
    return blocks


Done = tuple[str, int]  # (success message, household to show next)


def _form_page(request: HttpRequest, form: Any, title: str, back: Household | None,
               run: Callable[[dict[str, Any]], Done], can_reveal: bool = False,
               template: str = "registry/form.html",
               extra: dict[str, Any] | None = None) -> HttpResponse:
    """Validate the form, run the action, show its message, or re-render with the refusal."""
    if request.method == "POST" and form.is_valid():
        with FormErrors(form) as failed:
            message, household_pk = run(form.cleaned_data)
        if not failed:
            messages.success(request, message)
            return redirect("registry:household_detail", pk=household_pk)
    return render(request, template, {"form": form, "title": title, "back": back,
                                      "can_reveal": can_reveal, **(extra or {})})


def _edit_reveal(request: HttpRequest, reveal: Callable[[], None]) -> bool:
    """Open an edit form with full values only on request (?reveal=1), logged as a reveal."""
    if request.GET.get("reveal") != "1" or not can(request.user, Cap.REVEAL):
        return False
    if request.method == "GET":
        reveal()
    return True


@requires(Cap.WRITE_REGISTRY)
def household_create(request: HttpRequest) -> HttpResponse:
    villages = [(r.code, f"{r.parent.name if r.parent else ''} {r.name}") for r in
                regions_for_user(request.user).filter(level=Level.VILLAGE).select_related("parent")]

    def run(d: dict[str, Any]) -> Done:
        hh = actions.do_create_household(
            request.user, village=regions_for_user(request.user).get(code=d["village"]),
            number=d["number"], phone=d["phone"], address=d["address"], attribute=d["attribute"],
            head={"name": d["head_name"], "id_number": d["head_id"], "phone": d["phone"]})
        return _("已建档：%(number)s %(name)s") % {"number": hh.number, "name": hh.head_name}, hh.pk

    form = forms.NewHouseholdForm(request.POST or None, villages=villages)
    return _form_page(request, form, _("新建农户档案"), None, run)


@requires(Cap.WRITE_REGISTRY)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    reveal = _edit_reveal(request, lambda: actions.do_reveal_for_edit(request.user, hh, hh))
    form = forms.HouseholdForm(request.POST or None, instance=hh, initial={"version": hh.version},
                               reveal=reveal)

    def run(d: dict[str, Any]) -> Done:
        fresh = Household.objects.get(pk=hh.pk)  # the form mutated hh while validating
        actions.do_update_household(request.user, fresh, version=d["version"],
                                    **{k: d[k] for k in form.Meta.fields})
        return _("农户信息已保存"), hh.pk

    return _form_page(request, form, _("编辑农户 %(number)s") % {"number": hh.number}, hh, run,
                      can_reveal=not reveal and can(request.user, Cap.REVEAL))


@requires(Cap.WRITE_REGISTRY)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)

    def run(d: dict[str, Any]) -> Done:
        actions.do_add_member(request.user, hh, {k: v for k, v in d.items() if k != "version"})
        return _("已添加家庭成员"), hh.pk

    return _form_page(request, forms.MemberForm(request.POST or None),
                      _("添加成员：%(number)s") % {"number": hh.number}, hh, run)


@requires(Cap.WRITE_REGISTRY)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_member_for_user(request.user, pk)
    reveal = _edit_reveal(request, lambda: actions.do_reveal_for_edit(
        request.user, member, member.household))
    form = forms.MemberForm(request.POST or None, instance=member,
                            initial={"version": member.household.version}, reveal=reveal)

    def run(d: dict[str, Any]) -> Done:
        changed = {k: d[k] for k in form.changed_data if k in form.Meta.fields and k in d}
        if changed:
            fresh = queries.get_member_for_user(request.user, pk)  # the form mutated member
            actions.do_update_member(request.user, fresh, version=d["version"], **changed)
        return _("成员信息已保存"), member.household_id

    return _form_page(request, form, _("编辑成员 %(name)s") % {"name": member.name}, member.household, run,
                      can_reveal=not reveal and can(request.user, Cap.REVEAL))


@requires(Cap.WRITE_REGISTRY)
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_member_for_user(request.user, pk)

    def run(d: dict[str, Any]) -> Done:
        target = queries.households_for_user(request.user).filter(
            number=d["target_number"]).first()
        if target is None:
            raise DomainError("target_not_found", _("在您的管辖区域内未找到该户编号"))
        actions.do_move_member(request.user, member, target, reason=d["reason"])
        return _("%(name)s 已迁入 %(number)s") % {"name": member.name, "number": target.number}, target.pk

    return _form_page(request, forms.MoveForm(request.POST or None),
                      _("成员迁户：%(name)s") % {"name": member.name}, member.household, run)


@requires(Cap.WRITE_REGISTRY)
def member_deceased(request: HttpRequest, pk: int) -> HttpResponse:
    member = queries.get_member_for_user(request.user, pk)

    def run(d: dict[str, Any]) -> Done:
        actions.do_mark_deceased(request.user, member, d["deceased_on"], note=d["note"])
        return _("已标记 %(name)s 死亡") % {"name": member.name}, member.household_id

    return _form_page(request, forms.DeceasedForm(request.POST or None),
                      _("标记死亡：%(name)s") % {"name": member.name}, member.household, run)


@requires(Cap.WRITE_REGISTRY)
def income_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    year = request.GET.get("year")
    existing = hh.incomes.filter(year=year).first() if year and year.isdigit() else None
    form = forms.IncomeForm(request.POST or None, instance=existing, initial={"persons": hh.size})

    def run(d: dict[str, Any]) -> Done:
        actions.do_record_income(request.user, hh, d["year"], d, persons=d["persons"])
        return _("%(year)s年收入已保存") % {"year": d["year"]}, hh.pk

    return _form_page(request, form, _("年度收入：%(number)s") % {"number": hh.number}, hh, run)


def _revealed(reveal: Callable[[], str]) -> HttpResponse:
    try:
        value = reveal()
    except DomainError as exc:
        return HttpResponse(escape(_(exc.message)), status=400)
    return HttpResponse(f'<span class="revealed">{escape(value)}</span>')


@require_POST
@requires(Cap.REVEAL)
def reveal_member(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    member = queries.get_member_for_user(request.user, pk)
    return _revealed(lambda: actions.do_reveal(request.user, member, field))


@require_POST
@requires(Cap.REVEAL)
def reveal_household(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    hh = queries.get_household_for_user(request.user, pk)
    return _revealed(lambda: actions.do_reveal_household(request.user, hh, field))


@requires(Cap.DECIDE_CASE)
def verifications(request: HttpRequest) -> HttpResponse:
    """需县级核实: duplicates found outside the requester's area; POST marks one verified."""
    if request.method == "POST":
        task = verification.get_verification_for_user(request.user, request.POST.get("pk", ""))
        try:
            verification.do_resolve(request.user, task, request.POST.get("note", ""))
        except DomainError as exc:
            messages.error(request, _(exc.message))
        else:
            messages.success(request, _("已记录核实结果"))
        return redirect("registry:verifications")
    tasks = verification.verifications_for_user(request.user)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    for task in page:  # the holding county is not told who asked, only that someone did
        task.requested_here = in_area(request.user, task.village_id)  # type: ignore[attr-defined]  # template-only flag
    return render(request, "registry/verifications.html", {"page": page})
