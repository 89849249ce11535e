"""Place registry objects in a given village for the scoping matrix."""
from __future__ import annotations

import datetime as dt

from jianpin.registry.models import WorkPeriod
from jianpin.registry.tests.helpers import make_household


def household(village_code: str) -> dict[str, object]:
    return {"pk": make_household(village_code, head_name="矩阵户").pk}


def member(village_code: str) -> dict[str, object]:
    return {"pk": make_household(village_code, head_name="矩阵人").members.get().pk}


def work_period(village_code: str) -> dict[str, object]:
    person = make_household(village_code, head_name="矩阵工").members.get()
    return {"pk": WorkPeriod.objects.create(member=person, county="宝安区",
                                            start=dt.date(2025, 3, 1)).pk}


AREA_FACTORIES = {"household": household, "member": member, "work_period": work_period}
try:  # the import/export pages keep their own factories
    from jianpin.registry.tests.io_factories import AREA_FACTORIES as _IO
except ModuleNotFoundError:
    _IO = {}
AREA_FACTORIES.update(_IO)
