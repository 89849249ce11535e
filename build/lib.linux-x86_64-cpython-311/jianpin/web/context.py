from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jianpin.accounts.policy import Cap, can


def shell(request: HttpRequest) -> dict[str, Any]:
    """Navigation facts for the base template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {"nav": {cap.value: can(user, cap) for cap in Cap}}
