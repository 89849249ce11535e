"""A county officer uploads a roster whose status columns differ from the registry: the preview
lists each held-back difference by field name with readable values (Chinese and English,
desktop and phone screenshots)."""
from __future__ import annotations

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.registry.tests.test_import_write_layer import _imported, _set, _write

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("locale", "first"), [
    ("zh-CN", "户类型\t脱贫户\t一般农户"),
    ("en", "Household status\tLifted out of poverty\tOrdinary household")])
def test_preview_lists_held_differences(browsers, live_server, officer, tmp_path, settings,  # type: ignore[no-untyped-def]
                                        locale, first) -> None:
    if not Region.objects.filter(code=VILLAGE).exists():
        from jianpin.regions.loader import load_core

        load_core()
    settings.DATA_DIR = tmp_path / "data"
    settings.JOBS_INLINE = True
    hhs = _imported(tmp_path, officer)
    _set(hhs[0], status="一般农户", monitoring_kind="边缘易致贫户")
    path = _write(tmp_path, hhs, "国家系统名单.xlsx")
    page = browsers.page(locale)
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#held", timeout=60000)
    rows = page.locator("#held tr").all_inner_texts()
    assert len(rows) == 4 and rows[1].split("\t")[3:] == first.split("\t")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=artefact_path(f"import-held-{locale}-{size}.png"), full_page=True)
