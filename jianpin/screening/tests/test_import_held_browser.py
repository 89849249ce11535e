"""The inbox shows a warning an import's held difference opened, in Chinese and English."""
from __future__ import annotations

import os

import pytest

from jianpin.conftest import artefact_path, login
from jianpin.registry.io import service
from jianpin.registry.io.models import ImportBatch
from jianpin.screening.tests.test_import_held import WARN, _county, _differing

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_sees_an_import_warning_in_the_inbox(browsers, live_server, officer,
                                                      tmp_path) -> None:  # type: ignore[no-untyped-def]
    hhs = _county(tmp_path, officer)
    service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    batch = ImportBatch.objects.get(file_name="national.xlsx")
    third = hhs[2][0]["hh.number"]
    for locale, name, reason, tag in (
            ("zh-CN", "导入文件的户类型与本系统不一致", "户类型（导入文件）=一般农户", "zh"),
            ("en", "Household status in the imported file differs from jianpin",
             "Household status (imported file)=Ordinary household", "en")):
        page = browsers.page(locale)
        login(page, live_server, "officer")
        for width, height, device in ((1366, 900, "desktop"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/screening/?rule=IMPORT-HELD-STATUS&sort=household")
            rows = page.locator("tbody tr")
            assert rows.count() == 2
            row = rows.filter(has_text=third)
            assert row.get_by_text(name).is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=artefact_path(f"import-held-inbox-{device}-{tag}.png"),
                            full_page=True)
            if device == "desktop":
                assert reason in row.locator("td.reasons").inner_text()
                shown = f"{batch.pk}（national.xlsx）" if tag == "zh" else \
                    f"{batch.pk} (national.xlsx)"
                assert shown in row.inner_text()
            page.goto(f"{live_server.url}/registry/import/")
            assert page.locator("#id_warn_held").is_checked()
            page.screenshot(path=artefact_path(f"import-held-page-{device}-{tag}.png"),
                            full_page=True)
            page.goto(f"{live_server.url}/registry/import/{batch.pk}/")
            assert page.locator("#held-warnings").is_visible()
            assert page.locator("#held-warnings a").get_attribute("href") == (
                "/screening/?category=data_quality&sort=household")
            page.screenshot(path=artefact_path(f"import-held-batch-{device}-{tag}.png"),
                            full_page=True)
