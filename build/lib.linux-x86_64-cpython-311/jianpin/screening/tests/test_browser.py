from __future__ import annotations

import os

import pytest

from jianpin.conftest import artefact_path, login
from jianpin.screening.actions import run_now
from jianpin.screening.tests.fixture import build, ensure_reference_data

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_triages_on_a_phone(browser_page, live_server, reviewer) -> None:  # type: ignore[no-untyped-def]
    ensure_reference_data()
    build()
    run_now(rule_set="monitoring,risk", year=2024, area_code=None, engine=None)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/screening/")
    assert page.locator("h1").inner_text().startswith("监测预警")
    assert page.get_by_text("边缘易致贫户").first.is_visible()
    page.screenshot(path=artefact_path("screening-inbox-phone.png"), full_page=True)
    row = page.locator("tbody tr", has_text="SCR08").filter(has_text="因饮水安全")
    row.get_by_role("button", name="确认").click()
    assert page.get_by_text("预警状态已更新").is_visible()
    row = page.locator("tbody tr", has_text="SCR08").filter(has_text="因饮水安全")
    row.locator("input[name=ids]").check()
    assert page.locator("[data-checked-count]").inner_text() == "1"
    page.locator("input[name=reason]").fill("已通自来水，入户核实")
    page.get_by_role("button", name="排除所选").click()
    assert page.get_by_text("已处理 1 条预警").is_visible()
    page.goto(f"{live_server.url}/screening/?state=dismissed")
    assert page.get_by_text("已通自来水，入户核实").is_visible()
    # Enter in the reason field dismisses the ticked warnings with that reason; it never
    # acknowledges them (the acknowledge button comes first on the bar).
    page.goto(f"{live_server.url}/screening/?state=new&sort=household")
    page.locator("tbody tr").first.get_by_role("button", name="确认").click()
    page.goto(f"{live_server.url}/screening/?state=acknowledged")
    assert page.locator("tbody input[name=ids]").count() == 1
    page.locator("tbody input[name=ids]").check()
    page.locator("input[name=reason]").fill("回车提交的理由")
    page.locator("input[name=reason]").press("Enter")
    assert page.get_by_text("已处理 1 条预警").is_visible()
    assert page.get_by_text("没有符合条件的预警").is_visible()  # still filtered: acknowledged
    page.goto(f"{live_server.url}/screening/?state=dismissed")
    assert page.get_by_text("回车提交的理由").is_visible()
    page.locator("input[name=reason]").press("Enter")  # nothing ticked, nothing typed
    assert page.get_by_text("排除预警必须填写理由").is_visible()
    page.goto(f"{live_server.url}/screening/")
    page.locator("thead input[type=checkbox]").check()  # ticks the whole page (inbox.js)
    ticked = page.locator("tbody input[name=ids]:checked").count()
    assert ticked == page.locator("tbody input[name=ids]").count() > 1
    assert page.locator("[data-checked-count]").inner_text() == str(ticked)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/screening/?state=all&sort=-severity")
    assert page.locator("tbody tr").count() > 10
    page.screenshot(path=artefact_path("screening-inbox-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out
    page.goto(f"{live_server.url}/screening/runs/")
    page.screenshot(path=artefact_path("screening-runs-phone.png"), full_page=True)
