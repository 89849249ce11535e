from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jianpin.accounts.policy import Cap, can
from jianpin.regions.models import Region
from jianpin.regions.scoping import in_area
from jianpin.registry import codes, queries


def home(request: HttpRequest) -> HttpResponse:
    """Counts for the user's area (or a sub-area they pick) and the areas directly below."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if not can(user, Cap.READ_REGISTRY):
        return render(request, "web/home_other.html", {})
    region = user.region
    code = request.GET.get("area")
    if code:
        picked = Region.objects.filter(code=code).first()
        if picked is not None and in_area(user, picked.code):
            region = picked
    return render(request, "web/home.html", {
        "region": region,
        "totals": queries.area_counts(user, region),
        "children": queries.child_counts(user, region),
        "statuses": codes.HouseholdStatus.values,
        "kinds": codes.MonitoringKind.values[1:],
        "parent": region.parent if region and region != user.region else None,
    })
