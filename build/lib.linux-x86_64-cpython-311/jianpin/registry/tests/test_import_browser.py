"""A village cadre uploads a workbook, reads the preview, confirms, watches it finish, and
downloads the error report of a second, faulty file."""
from __future__ import annotations

import time

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_upload_preview_confirm_progress_done_and_error_report(browser_page, live_server, cadre,
                                                               tmp_path, settings):  # type: ignore[no-untyped-def]
    if not Region.objects.filter(code=VILLAGE).exists():
        from jianpin.regions.loader import load_core

        load_core()
    settings.DATA_DIR = tmp_path / "data"
    # Jobs run on commit of each request: the shared in-memory test database cannot take a
    # second writer thread. The progress fragment is covered in test_import_views.
    settings.JOBS_INLINE = True
    hhs = households(40)
    header, rows = rows_of(hhs)
    good = write_xlsx(tmp_path / "协和村脱贫户.xlsx", header, rows)
    page = browser_page
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/registry/import/")
    page.screenshot(path=artefact_path("import-1-upload.png"), full_page=True)
    page.set_input_files("#id_file", str(good))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("text=预检通过", timeout=60000)
    counts = page.inner_text("#counts")
    assert "40\n新增农户" in counts and f"{len(rows)}\n新增成员" in counts
    assert Household.objects.count() == 0
    page.screenshot(path=artefact_path("import-2-preview.png"), full_page=True)
    page.click("#confirm")
    page.wait_for_selector("#done", timeout=60000)
    page.screenshot(path=artefact_path("import-3-done.png"), full_page=True)
    assert Household.objects.count() == 40 and Member.objects.count() == len(rows)

    rows[0][header.index("文化程度")] = "博士后"
    rows[2][header.index("证件号码")] = rows[2][header.index("证件号码")][:17] + (
        "0" if rows[2][header.index("证件号码")][17] != "0" else "1")
    bad = write_xlsx(tmp_path / "有错误的表.xlsx", header, rows)
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#errors", timeout=60000)
    table = page.inner_text("#errors")
    assert "「博士后」不在代码表中" in table and "身份证号校验位错误" in table
    assert "确认导入" not in page.inner_text("body")
    page.screenshot(path=artefact_path("import-4-errors.png"), full_page=True)
    with page.expect_download() as info:
        page.click("#error-report")
    target = tmp_path / "report.xlsx"
    info.value.save_as(target)
    assert target.stat().st_size > 0
    page.set_viewport_size({"width": 390, "height": 844})
    time.sleep(0.2)
    page.screenshot(path=artefact_path("import-5-errors-phone.png"), full_page=True)
