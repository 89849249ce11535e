"""The household page gives the reason a decision closed an import warning, in Chinese and
English, on a desktop and a phone."""
from __future__ import annotations

import os

import pytest

from jianpin.conftest import artefact_path, login
from jianpin.registry.io import service
from jianpin.registry.models import Household
from jianpin.screening.tests.test_import_held import WARN, _county, _differing
from jianpin.screening.tests.test_import_held_decisions import _decide

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_household_page_gives_a_closed_warnings_reason(browsers, live_server, officer,
                                                       tmp_path) -> None:  # type: ignore[no-untyped-def]
    hhs = _county(tmp_path, officer)
    service.run(_differing(tmp_path, hhs), user=officer, dry_run=False, options=WARN)
    first = hhs[0][0]["hh.number"]
    _decide(officer, first, monitoring_kind="边缘易致贫户", risk_types=["因病"])
    pk = Household.objects.get(number=first).pk
    for locale, closed, note, tag in (
            ("zh-CN", "审定结果已一致", "处理说明：识别案件 7 公告后本系统与导入批次", "zh"),
            ("en", "a decision brought jianpin in line",
             "Note: Identification case 7 announced: jianpin now agrees with import batch", "en")):
        page = browsers.page(locale)
        login(page, live_server, "officer")
        for width, height, device in ((1366, 900, "desktop"), (390, 844, "phone")):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/registry/households/{pk}/")
            block = page.locator("section.screening-hits")
            block.scroll_into_view_if_needed()
            assert block.get_by_text(closed).is_visible()
            reason = block.locator(".triage-reason")
            assert reason.count() == 1 and note in reason.inner_text()
            assert reason.is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            block.screenshot(path=artefact_path(f"import-held-decision-{device}-{tag}.png"))
            page.screenshot(path=artefact_path(f"import-held-decision-page-{device}-{tag}.png"),
                            full_page=True)
