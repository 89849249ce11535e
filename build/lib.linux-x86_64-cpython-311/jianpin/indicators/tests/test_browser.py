"""The county officer's dashboard on a desktop and on a phone, with the ECharts bars."""
from __future__ import annotations

import pytest

from jianpin.conftest import COUNTY, artefact_path, login
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.tests import fixture


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_county_dashboard_on_desktop_and_phone(browser_page, live_server, officer) -> None:  # type: ignore[no-untyped-def]
    fixture.build()
    do_refresh(None, fixture.YEAR, COUNTY)
    page = browser_page
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/indicators/")
    page.wait_for_selector("#indicator-chart canvas")
    row = page.locator("tr[data-code=poverty_incidence] td").all_inner_texts()
    assert row[:3] == ["贫困发生率", "50", "%"]
    totals = page.locator("tr.total td").all_inner_texts()
    assert totals[:4] == ["7", "20", "50", "3"]
    page.screenshot(path=artefact_path("indicators-county-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/indicators/?chart=poverty_incidence")
    page.wait_for_selector("#indicator-chart canvas")
    assert page.locator("h2", has_text="贫困发生率（%）").count() == 1
    page.screenshot(path=artefact_path("indicators-county-phone.png"), full_page=True)
