"""The indicator dashboard of the user's area and its child regions."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.indicators import queries

# Units of the shipped indicators, translated in the template by value.
UNITS = (gettext_noop("户"), gettext_noop("人"), gettext_noop("元"), gettext_noop("个"))


@requires(Cap.READ_REGISTRY)
def dashboard(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    board = queries.dashboard_for_user(request.user, request.GET.get("area"),
                                       int(year) if year.isdigit() else None,
                                       request.GET.get("chart"))
    if board is None:
        raise Http404()
    subjects = [("household", _("农户指标")), ("village", _("村级指标"))]
    return render(request, "indicators/dashboard.html", {"board": board, "subjects": subjects})
