"""The shared hostile corpus through the household import: the action and the upload page."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from jianpin.conftest import PASSWORD
from jianpin.kernel.errors import DomainError
from jianpin.registry.io import service
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.models import Household
from jianpin.uploads.tests import corpus

pytestmark = pytest.mark.django_db
CASES = corpus.hostile_sheets()


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_action_refuses(tmp_path: Path, cadre, case: str) -> None:  # type: ignore[no-untyped-def]
    data, code = CASES[case]
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)
    with pytest.raises(DomainError) as exc:
        service.run(path, user=cadre, dry_run=False)
    assert exc.value.code == code
    assert Household.objects.count() == 0


def test_dense_sheet_over_the_setting_is_refused(tmp_path, cadre, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "max_cells": 500}
    path = tmp_path / "dense.xlsx"
    path.write_bytes(corpus.dense_sheet(30, 26))
    with pytest.raises(DomainError) as exc:
        service.run(path, user=cadre, dry_run=True)
    assert (exc.value.code, exc.value.message) == (
        "too_many_cells", "工作表「数据」的数据区域过大（约 20 行 × 26 列），超出单次导入上限，"
                          "请删除空白行列或拆分文件")


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_page_reports_and_stores_nothing(client, cadre, settings, tmp_path, case,  # type: ignore[no-untyped-def]
                                                django_capture_on_commit_callbacks) -> None:
    settings.JOBS_INLINE = True
    settings.DATA_DIR = tmp_path / "data"
    assert client.login(username=cadre.username, password=PASSWORD)
    data, code = CASES[case]
    path = tmp_path / "名单.xlsx"
    path.write_bytes(data)
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        resp = client.post(reverse("registry:import"), {"file": fh, "layout": "", "year": "2025"})
    assert resp.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    page = client.get(reverse("registry:import_batch", args=[batch.pk]))
    assert page.status_code == 200
    assert batch.message and batch.message in page.content.decode()
    assert batch.job.result == {"error": code}
    assert Household.objects.count() == 0
