"""Access checks in one place: capability by role, area by region subtree."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import PermissionDenied
from jianpin.regions.scoping import in_area

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def check_can(user: Any, cap: Cap, region_code: str | None = None) -> None:
    """Raise PermissionDenied unless user has cap and (if given) region_code is in their area."""
    if not can(user, cap):
        raise PermissionDenied("您的角色无权执行此操作")
    if region_code is not None and not in_area(user, region_code):
        raise PermissionDenied("该记录不在您的管辖区域内")


def requires(cap: Cap) -> Callable[[View], View]:
    """View decorator: log in first, then 403 unless the role has `cap`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, cap):
                raise Forbidden("您的角色无权访问此页面")
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                raise Forbidden(exc.message) from exc
        return cast(View, wrapper)
    return decorate
