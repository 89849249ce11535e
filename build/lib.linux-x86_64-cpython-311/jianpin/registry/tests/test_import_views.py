"""The import and export pages through HTTP: upload → preview → confirm → done, errors, access."""
from __future__ import annotations

import pytest
import python_calamine
from django.urls import reverse

from jianpin.conftest import PASSWORD
from jianpin.jobs.models import Job, JobStatus
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import households, national, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_jobs(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    settings.DATA_DIR = tmp_path / "data"


def _client(client, user):  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _upload(client, path):  # type: ignore[no-untyped-def]
    with path.open("rb") as fh:
        return client.post(reverse("registry:import"), {"file": fh, "layout": "", "year": "2025"})


def test_upload_preview_confirm_done(client, cadre, tmp_path, django_capture_on_commit_callbacks):
    c = _client(client, cadre)
    assert c.get(reverse("registry:import")).status_code == 200
    hhs = households(3)
    path = national(tmp_path, 3)
    with django_capture_on_commit_callbacks(execute=True):
        resp = _upload(c, path)
    batch = ImportBatch.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("registry:import_batch",
                                                                   args=[batch.pk])
    assert batch.status == BatchStatus.PREVIEWED
    assert batch.summary["households"] == {"new": 3, "updated": 0, "unchanged": 0}
    assert Household.objects.count() == 0
    page = c.get(resp["Location"]).content.decode()
    assert "预检通过" in page and "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert batch.summary["reused_preview"] is True     # the preview's checked rows
    assert Household.objects.count() == 3
    assert Member.objects.count() == sum(len(h) for h in hhs)
    assert Job.objects.filter(status=JobStatus.DONE).count() == 2
    assert "导入完成" in c.get(resp["Location"]).content.decode()
    # confirming twice does nothing
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert Job.objects.count() == 2


def test_errors_are_listed_and_downloadable(client, cadre, tmp_path,
                                            django_capture_on_commit_callbacks):
    c = _client(client, cadre)
    header, rows = rows_of(households(2))
    rows[0][header.index("文化程度")] = "博士后"
    path = write_xlsx(tmp_path / "bad.xlsx", header, rows)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(c, path)
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.INVALID and batch.error_count == 1
    page = c.get(reverse("registry:import_batch", args=[batch.pk])).content.decode()
    assert "「博士后」不在代码表中" in page and "确认导入" not in page
    resp = c.get(reverse("registry:import_errors", args=[batch.pk]))
    assert resp.status_code == 200
    (tmp_path / "r.xlsx").write_bytes(resp.content)
    listing = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "r.xlsx")) \
        .get_sheet_by_name("错误明细").to_python()
    assert listing[1][4] == "bad_code"
    resp = c.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert Household.objects.count() == 0


def test_hostile_upload_fails_cleanly(client, cadre, tmp_path, django_capture_on_commit_callbacks):
    c = _client(client, cadre)
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(c, path)
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert batch.message == "文件内容是PDF 文档，不是 Excel 或 CSV 表格"
    assert "文件内容是PDF 文档" in c.get(reverse("registry:import_batch", args=[batch.pk])).content.decode()


def test_batches_are_scoped_to_area(client, cadre, officer, tmp_path,
                                    django_capture_on_commit_callbacks):
    c = _client(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(c, national(tmp_path, 1))
    batch = ImportBatch.objects.get()
    c.logout()
    c = _client(client, cadre)              # a village cadre does not see a county upload
    for name in ("registry:import_batch", "registry:import_progress", "registry:import_errors"):
        assert c.get(reverse(name, args=[batch.pk])).status_code == 404
    assert c.post(reverse("registry:import_confirm", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEWED and Household.objects.count() == 0


def test_roles_without_import_are_refused(client, auditor, tmp_path):
    c = _client(client, auditor)
    assert c.get(reverse("registry:import")).status_code == 403
    resp = _upload(c, national(tmp_path, 1))
    assert resp.status_code == 403
    assert ImportBatch.objects.count() == 0
    assert c.get(reverse("registry:import_template")).status_code == 403


def test_template_download_is_importable_shape(client, cadre, tmp_path):
    c = _client(client, cadre)
    resp = c.get(reverse("registry:import_template"))
    assert resp.status_code == 200
    (tmp_path / "t.xlsx").write_bytes(resp.content)
    book = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "t.xlsx"))
    assert book.sheet_names == ["农户成员信息", "代码表", "填写说明"]
    header = book.get_sheet_by_name("农户成员信息").to_python()[0]
    assert header[:4] == ["行政区划代码*", "行政村", "户编号*", "户主姓名"]


def test_export_page_download(client, cadre, tmp_path):
    c = _client(client, cadre)
    assert c.get(reverse("registry:export")).status_code == 200
    resp = c.get(reverse("registry:export"), {"download": "1", "format": "csv", "year": "2025"})
    assert resp.status_code == 200
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    assert resp.content.decode("utf-8-sig").splitlines()[0].startswith("县(市、区、旗),乡(镇),行政村,户编号")


def test_anonymous_is_sent_to_login(client):
    resp = client.get(reverse("registry:import"))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_progress_fragment_while_running(client, cadre, tmp_path):
    from jianpin.jobs.models import Job

    c = _client(client, cadre)
    job = Job.objects.create(kind="registry.import.commit", status=JobStatus.RUNNING,
                             progress=250, total=1000)
    batch = ImportBatch.objects.create(owner=cadre, region_code=cadre.region_id, file_name="a.xlsx",
                                       sha256="0" * 64, status=BatchStatus.COMMITTING, job=job)
    resp = c.get(reverse("registry:import_progress", args=[batch.pk]))
    html = resp.content.decode()
    assert resp.status_code == 200 and "HX-Refresh" not in resp
    assert "正在写入数据库…" in html and "25%（250/1000）" in html
    assert 'hx-trigger="every 1s"' in html
    page = c.get(reverse("registry:import_batch", args=[batch.pk])).content.decode()
    assert "取消导入" in page
    c.post(reverse("registry:import_cancel", args=[batch.pk]))
    job.refresh_from_db()
    assert job.cancel_requested is True
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.CANCELLED)
    resp = c.get(reverse("registry:import_progress", args=[batch.pk]))
    assert resp["HX-Refresh"] == "true"


def test_cancel_during_commit_rolls_everything_back(cadre, tmp_path,
                                                    django_capture_on_commit_callbacks):
    from jianpin.jobs.models import Job
    from jianpin.jobs.runner import Cancelled, Reporter
    from jianpin.registry.io import jobs

    path = national(tmp_path, 5)
    batch = ImportBatch.objects.create(owner=cadre, region_code=cadre.region_id,
                                       file_name="a.xlsx", sha256="0" * 64, stored_path=str(path),
                                       status=BatchStatus.PREVIEWED, summary={"rows": 10})
    job = Job.objects.create(kind=jobs.COMMIT, args={"batch": batch.pk}, status=JobStatus.RUNNING,
                             cancel_requested=True)
    with pytest.raises(Cancelled):
        jobs.commit_job(job, Reporter(job, every=1))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED
    assert batch.message == "已取消，数据库未作任何修改"
    assert Household.objects.count() == 0 and Member.objects.count() == 0
