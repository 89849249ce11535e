"""Access checks in one place: capability by role, area by region subtree."""
from __future__ import annotations

from typing import Any

from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import PermissionDenied
from jianpin.regions.scoping import in_area


def check_can(user: Any, cap: Cap, region_code: str | None = None) -> None:
    """Raise PermissionDenied unless user has cap and (if given) region_code is in their area."""
    if not can(user, cap):
        raise PermissionDenied("您的角色无权执行此操作")
    if region_code is not None and not in_area(user, region_code):
        raise PermissionDenied("该记录不在您的管辖区域内")
