"""In a real browser the header's switcher turns the UI English and back, the choice survives
navigation, and the pages hold together on a desktop and a phone in both languages
(screenshots in var/test-artifacts/)."""
from __future__ import annotations

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.registry import actions
from jianpin.registry.tests.helpers import make_household

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_switcher_and_pages_in_both_languages(browser_page, live_server, cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="曾繁华", size=3)
    for year, wage in ((2023, "15000"), (2024, "18000")):
        actions.do_record_income(cadre, hh, year, {"wage_income": wage})
    page = browser_page
    login(page, live_server, "cadre")
    pages = {"households": "/registry/households/", "household": f"/registry/households/{hh.pk}/",
             "workflows": "/workflows/", "assistance": "/assistance/"}
    page.goto(f"{live_server.url}/registry/households/")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    page.click("form.langswitch button")
    page.wait_for_selector("html[lang=en]")
    assert page.url == f"{live_server.url}/registry/households/"  # back on the same page
    assert page.inner_text("h1").startswith("Households")
    for language in ("en", "zh-Hans"):
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            assert page.get_attribute("html", "lang") == language  # the cookie persists
            for size, (width, height) in SIZES.items():
                page.set_viewport_size({"width": width, "height": height})
                page.screenshot(path=artefact_path(f"english-{language}-{name}-{size}.png"),
                                full_page=True)
        if language == "en":
            page.set_viewport_size({"width": 1366, "height": 900})
            page.click("form.langswitch button")
            page.wait_for_selector("html[lang=zh-Hans]")
    assert page.inner_text("h1").startswith("帮扶")
