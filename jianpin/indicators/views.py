"""The indicator dashboard of the user's area and its child regions."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jianpin.accounts.access import requires
from jianpin.accounts.policy import Cap
from jianpin.indicators import queries


@requires(Cap.READ_REGISTRY)
def dashboard(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    board = queries.dashboard_for_user(request.user, request.GET.get("area"),
                                       int(year) if year.isdigit() else None,
                                       request.GET.get("chart"))
    if board is None:
        raise Http404()
    return render(request, "indicators/dashboard.html", {"board": board})
