from __future__ import annotations

from jianpin.villages.models import VillageYear


def make_record(village_code: str) -> dict[str, object]:
    row, _ = VillageYear.objects.get_or_create(village_id=village_code, year=2025)
    return {"code": row.village_id, "year": row.year}


AREA_FACTORIES = {"village_record": make_record}
