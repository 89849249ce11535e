"""Turn a screening warning into an identification case (township or county triage)."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.registry import codes
from jianpin.screening.queries import get_warning_for_user
from jianpin.workflows import actions, readiness
from jianpin.workflows.machines.chain import today
from jianpin.workflows.models import Case


@requires(Cap.TRIAGE_WARNINGS)
def case_from_warning(request: HttpRequest, pk: int) -> HttpResponse:
    warning = get_warning_for_user(request.user, pk)
    existing = Case.objects.filter(warning_id=warning.pk).order_by("-id").first()
    proposal = actions.warning_proposal(warning)
    if request.method == "POST":
        proposal = {"monitoring_kind": request.POST.get("monitoring_kind", ""),
                    "risk_types": request.POST.getlist("risk_types")}
        try:
            case = actions.do_open_case_from_warning(request.user, warning, proposal=proposal)
        except DomainError as exc:
            if exc.code == "forbidden":
                raise
            messages.error(request, _(exc.message))
        else:
            messages.success(request, _("已转入识别，等待村级入户核实"))
            return redirect("workflows:case_detail", case_id=case.pk)
    return render(request, "workflows/case_from_warning.html", {
        "w": warning, "hh": warning.household, "proposal": proposal, "existing": existing,
        "summary": actions.warning_summary(warning),
        "facts": readiness.identification_facts(warning.household, today()),
        "kinds": [k for k, _ in codes.MonitoringKind.choices if k],
        "risks": codes.RiskType.values})
