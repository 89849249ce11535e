"""Place screening objects in a given area for the scoping matrix."""
from __future__ import annotations

import itertools

from django.utils import timezone

from jianpin.regions.models import Region
from jianpin.registry.tests.helpers import make_household
from jianpin.screening.models import DeptUpload, ScreeningRun, Warning


def _village(code: str) -> str:
    region = Region.objects.get(code=code)
    if region.level == 5:
        return code
    found = Region.objects.filter(level=5, code__startswith=region.prefix).order_by("code").first()
    assert found is not None
    return found.code


def warning(region_code: str) -> dict[str, object]:
    village = _village(region_code)
    hh = make_household(village, head_name="预警户")
    w = Warning.objects.create(household=hh, village_code=village, year=2024,
                               rule_code="MON-MARGINAL", rule_name="一般农户收入低于监测线",
                               category="monitoring_kind", flag="边缘易致贫户", severity="高",
                               explanation={"per_capita_net": 5000.0}, last_seen=timezone.now())
    return {"pk": w.pk}


def run(region_code: str) -> dict[str, object]:
    made = ScreeningRun.objects.create(rule_set="default", year=2024, area_code=region_code,
                                       engine="sqlite", status="done")
    return {"pk": made.pk}


_versions = itertools.count(1)


def upload(region_code: str) -> dict[str, object]:
    made = DeptUpload.objects.create(kind="vehicle", version=next(_versions), region_code=region_code,
                                     file_name="v.csv", file_sha256="0" * 64)
    return {"pk": made.pk}


AREA_FACTORIES = {"warning": warning, "run": run, "upload": upload}
