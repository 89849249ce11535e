from __future__ import annotations

from decimal import Decimal

from jianpin.regions.models import Region
from jianpin.standards.models import Standard


def make_standard(region_code: str) -> dict[str, int]:
    region = Region.objects.get(code=region_code)
    row = Standard.objects.create(year=2030, region_code=region_code, region_prefix=region.prefix,
                                  key="monitoring_line", value=Decimal(9000))
    return {"pk": row.pk}


AREA_FACTORIES = {"standard": make_standard}
