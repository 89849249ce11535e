"""The project page's beneficiary and income forms (writes go through benefit_actions)."""
from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.projects import benefit_actions, benefits, queries
from jianpin.projects.feedback import refuse_or_show
from jianpin.regions.scoping import get_or_404, scope
from jianpin.registry.models import Household


def _ids(request: HttpRequest, numbers: list[str]) -> list[int]:
    """Households by number within the user's area; one answer for absent and elsewhere."""
    ids = list(scope(request.user, Household.objects.filter(number__in=numbers), "village_id")
               .values_list("pk", flat=True))
    if len(ids) != len(numbers):
        raise DomainError("bad_household", _("部分户编号不存在或不在项目建设地点范围内"))
    return ids


@require_POST
@requires(Cap.PROPOSE_PROJECT)
def set_beneficiaries(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.get_project_for_user(request.user, pk)
    text = request.POST.get("households", "")[:20000]
    numbers = sorted({n for n in re.split(r"[\s,，、;；]+", text) if n})
    version = request.POST.get("version", "")
    try:
        benefit_actions.do_set_beneficiaries(
            request.user, project, version=int(version) if version.isdigit() else -1,
            households=_ids(request, numbers))
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("受益农户已保存"))
    return redirect("projects:detail", pk=project.pk)


@require_POST
@requires(Cap.PROPOSE_PROJECT)
def record_income(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.get_project_for_user(request.user, pk)
    p = request.POST
    try:
        ids = _ids(request, [p.get("household", "").strip()])
        year = p.get("year", "")
        income = benefit_actions.do_record_project_income(
            request.user, project, ids[0], year=int(year) if year.isdigit() else 0,
            kind=p.get("kind", ""), amount=_amount(p.get("amount", "")))
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("已登记并计入该户当年收入") if income.applied
                         else _("已登记；该户当年收入尚未录入，录入后计入"))
    return redirect("projects:detail", pk=project.pk)


@require_POST
@requires(Cap.WRITE_REGISTRY)
def apply_pending(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a household's waiting project income to the year records that now exist."""
    hh = get_or_404(scope(request.user, Household.objects.all(), "village_id"), pk)
    done = 0
    try:
        for year in benefits.pending_years(hh):
            done += benefit_actions.apply_pending(request.user, hh, year)
    except DomainError as exc:
        refuse_or_show(request, exc)
    else:
        messages.success(request, _("已计入 %(n)s 笔项目带动收入") % {"n": done})
    return redirect("registry:household_detail", pk=hh.pk)


def _amount(text: str) -> str:
    if not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", text.strip()):
        raise DomainError("bad_amount", _("金额须大于零"))
    return text.strip()
