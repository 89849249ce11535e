"""The import page: upload → preview with row errors (nothing written) → confirm (all rows)."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jianpin.audit.models import AuditEvent
from jianpin.projects.models import Project
from jianpin.projects.tests.test_io import COUNTY_SHEET, book

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_preview_then_confirm_writes_every_row(officer, tmp_path, data_dir) -> None:  # type: ignore[no-untyped-def]
    c = client_for(officer)
    path = book(tmp_path / "县项目库.xlsx", "Sheet1", COUNTY_SHEET)
    before = AuditEvent.objects.count()
    body = c.post(reverse("projects:import"), {"file": upload(path)}).content.decode()
    assert "县项目库.xlsx：项目库，共 2 行" in body and "全部 2 行检查无误" in body
    assert "协和村茶叶加工厂建设项目" in body and "河尾村饮水安全巩固提升工程" in body
    assert "受益户数" not in body     # read past on import, so not previewed
    assert (Project.objects.count(), AuditEvent.objects.count()) == (0, before)
    response = c.post(reverse("projects:import_confirm"))
    assert response.status_code == 302
    assert sorted(Project.objects.values_list("name", flat=True)) == [
        "协和村茶叶加工厂建设项目", "河尾村饮水安全巩固提升工程"]
    assert list((data_dir / "imports" / "projects").iterdir()) == []   # staged file removed
    # confirming again: nothing is waiting, nothing written twice
    c.post(reverse("projects:import_confirm"))
    assert Project.objects.count() == 2


def test_row_errors_are_shown_and_nothing_can_be_confirmed(cadre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = [r[:] for r in COUNTY_SHEET]
    rows[2][2] = "文化旅游"
    c = client_for(cadre)
    body = c.post(reverse("projects:import"),
                  {"file": upload(book(tmp_path / "bad.xlsx", "项目库", rows))}).content.decode()
    assert "2 行有误，未写入任何数据" in body
    assert "项目类别不在代码表内：文化旅游" in body
    assert "区划不存在或不在管辖范围内：441424100201" in body    # the sibling village
    assert reverse("projects:import_confirm") not in body
    c.post(reverse("projects:import_confirm"))   # forcing it re-checks and writes nothing
    assert Project.objects.count() == 0


def test_readers_cannot_upload_and_english_page(auditor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = client_for(auditor)
    page = c.get(reverse("projects:import"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Import a sheet" in page and 'type="file"' not in page
    path = book(tmp_path / "a.xlsx", "项目库", COUNTY_SHEET)
    assert c.post(reverse("projects:import"), {"file": upload(path)}).status_code == 403
    assert c.post(reverse("projects:import_confirm")).status_code == 403
    assert Project.objects.count() == 0


def test_other_files_are_refused(officer) -> None:  # type: ignore[no-untyped-def]
    c = client_for(officer)
    body = c.post(reverse("projects:import"),
                  {"file": SimpleUploadedFile("a.txt", b"hello")}).content.decode()
    assert "请上传 Excel（.xlsx/.xls）或 CSV 文件" in body and Project.objects.count() == 0
