from __future__ import annotations

import itertools
from decimal import Decimal

from jianpin.regions.models import Region
from jianpin.standards.models import ReferenceFigure, Standard

_years = itertools.count(2030)


def make_standard(region_code: str) -> dict[str, int]:
    region = Region.objects.get(code=region_code)
    row = Standard.objects.create(year=next(_years), region_code=region_code, region_prefix=region.prefix,
                                  key="monitoring_line", value=Decimal(9000))
    return {"pk": row.pk}


def make_reference(region_code: str) -> dict[str, int]:
    region = Region.objects.get(code=region_code)
    row = ReferenceFigure.objects.create(key="rural_disposable_income", year=next(_years),
                                         region_code=region_code, region_prefix=region.prefix,
                                         value=Decimal(20000))
    return {"pk": row.pk}


AREA_FACTORIES = {"standard": make_standard, "reference": make_reference}
