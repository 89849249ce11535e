"""Place registry objects in a given village for the scoping matrix."""
from __future__ import annotations

from jianpin.registry.tests.helpers import make_household


def household(village_code: str) -> dict[str, object]:
    return {"pk": make_household(village_code, head_name="矩阵户").pk}


def member(village_code: str) -> dict[str, object]:
    return {"pk": make_household(village_code, head_name="矩阵人").members.get().pk}


AREA_FACTORIES = {"household": household, "member": member}
try:  # the import/export pages keep their own factories
    from jianpin.registry.tests.io_factories import AREA_FACTORIES as _IO
except ModuleNotFoundError:
    _IO = {}
AREA_FACTORIES.update(_IO)
