"""A township reviewer finds a household by name and sees the masked ID and income chart."""
from __future__ import annotations

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.registry import actions
from jianpin.registry.tests.helpers import make_household


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reviewer_searches_and_opens_household(browser_page, live_server, reviewer, cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="曾繁华", size=3)
    for year, wage in ((2023, "15000"), (2024, "18000"), (2025, "12000")):
        actions.do_record_income(cadre, hh, year, {"wage_income": wage})
    full_id = hh.members.get(relation="本人").id_number
    page = browser_page
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/registry/households/")
    page.fill("input[name=q]", "曾繁华")
    page.click("form.filters button[type=submit]")
    page.click("text=曾繁华")
    page.wait_for_selector("#income-chart canvas")
    body = page.inner_text("body")
    assert f"{full_id[:6]}************" in body
    assert full_id not in page.content()
    assert "6000.00" in body and "4000.00" in body  # per capita 2024 and 2025
    page.screenshot(path=artefact_path("registry-household-detail.png"), full_page=True)
    page.click(f"#id-{hh.members.get(relation='本人').pk} + button")
    page.wait_for_selector(".revealed")
    assert full_id in page.inner_text(f"#id-{hh.members.get(relation='本人').pk}")
