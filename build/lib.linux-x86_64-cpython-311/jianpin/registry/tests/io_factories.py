"""Place import batches in a given area for the scoping matrix."""
from __future__ import annotations

from jianpin.registry.io.models import BatchStatus, ImportBatch


def import_batch(region_code: str) -> dict[str, object]:
    batch = ImportBatch.objects.create(region_code=region_code, file_name="矩阵.xlsx",
                                       sha256="0" * 64, status=BatchStatus.INVALID,
                                       errors=[{"sheet": "表", "row": 3, "column": "性别",
                                                "value": "?", "code": "bad_code",
                                                "message": "「?」不在代码表中"}], error_count=1)
    return {"pk": batch.pk}


AREA_FACTORIES = {"import_batch": import_batch}
