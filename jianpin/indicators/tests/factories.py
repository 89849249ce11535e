from __future__ import annotations

import itertools
from decimal import Decimal

from jianpin.indicators.models import Indicator, Target

_years = itertools.count(2030)


def make_target(region_code: str) -> dict[str, int]:
    row = Target.objects.create(indicator=Indicator.objects.get(code="poverty_incidence"),
                                region_id=region_code, year=next(_years), value=Decimal(2))
    return {"pk": row.pk}


AREA_FACTORIES = {"target": make_target}
