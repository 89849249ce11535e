"""Place registry objects in a given village for the scoping matrix."""
from __future__ import annotations

from jianpin.registry.tests.helpers import make_household


def household(village_code: str) -> dict[str, object]:
    return {"pk": make_household(village_code, head_name="矩阵户").pk}


def member(village_code: str) -> dict[str, object]:
    return {"pk": make_household(village_code, head_name="矩阵人").members.get().pk}


AREA_FACTORIES = {"household": household, "member": member}
