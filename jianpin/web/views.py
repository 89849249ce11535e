from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_noop

from jianpin.accounts.policy import Cap, can
from jianpin.regions.models import Region
from jianpin.regions.scoping import in_area
from jianpin.registry import codes, queries

# Refusals raised below the web layer (kernel, accounts) in Chinese; the 403 page shows them
# through {% translate %}, so the catalogue needs their text.
REFUSALS = (gettext_noop("无权执行此操作"), gettext_noop("您的角色无权执行此操作"),
            gettext_noop("您的角色无权访问此页面"),
            gettext_noop("该记录不在您的管辖区域内"),
            gettext_noop("该记录已被他人修改，请刷新页面后重新编辑"))


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
