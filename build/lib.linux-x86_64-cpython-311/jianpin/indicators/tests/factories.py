from __future__ import annotations

import itertools
from decimal import Decimal

from jianpin.indicators.models import Indicator, Report, Target

_years = itertools.count(2030)


def make_target(region_code: str) -> dict[str, int]:
    row = Target.objects.create(indicator=Indicator.objects.get(code="poverty_incidence"),
                                region_id=region_code, year=next(_years), value=Decimal(2))
    return {"pk": row.pk}


def make_report(region_code: str) -> dict[str, int]:
    from pathlib import Path

    from django.conf import settings

    row = Report.objects.create(kind="assistance_coverage", region_id=region_code, year=2025,
                                format="xlsx", file_name=f"report-f{region_code}.xlsx")
    folder = Path(settings.DATA_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / row.file_name).write_bytes(b"PK")
    return {"pk": row.pk}


AREA_FACTORIES = {"target": make_target, "report": make_report}
