"""Fund indicators on the county dashboard and the reports page (with a scheduled report),
on a desktop and on a phone, in Chinese and in English."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.conftest import COUNTY, artefact_path, login
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.report_schedule import start_monthly_report
from jianpin.indicators.tests import fixture


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_fund_indicators_and_reports_pages(browser_page, live_server, officer, settings,  # type: ignore[no-untyped-def]
                                           request) -> None:
    request.getfixturevalue("money")
    fixture.build()
    do_refresh(None, 2025, COUNTY)
    settings.JOBS_INLINE, settings.JOBS_MODE = False, "worker"
    start_monthly_report(COUNTY, dt.date(2026, 1, 5))
    page = browser_page
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/indicators/?year=2025")
    row = page.locator("tr[data-code=industry_share_central] td").all_inner_texts()
    assert row[0] == "中央衔接资金用于产业发展的比重" and row[1] == "60"
    assert row[5].replace(" ", "") == "≥60"
    page.locator("h2", has_text="资金指标").scroll_into_view_if_needed()
    page.screenshot(path=artefact_path("indicators-funds-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/indicators/reports/")
    assert page.locator("text=（定时生成）").count() == 2
    page.screenshot(path=artefact_path("indicators-reports-phone.png"), full_page=True)
    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "url": live_server.url}])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/indicators/?year=2025")
    assert page.locator("h2", has_text="Fund indicators").count() == 1
    assert page.locator("tr[data-code=fund_execution_rate] td").first.inner_text() == \
        "Fund execution rate"
    page.screenshot(path=artefact_path("indicators-funds-desktop-en.png"), full_page=True)
    page.goto(f"{live_server.url}/indicators/reports/")
    assert page.locator("text=(scheduled)").count() == 2
    assert page.locator("td", has_text="2025-12").count() == 2
    page.screenshot(path=artefact_path("indicators-reports-desktop-en.png"), full_page=True)
