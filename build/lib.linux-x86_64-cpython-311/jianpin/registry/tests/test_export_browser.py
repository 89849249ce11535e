"""The export page: the layouts are radio buttons read in full on a desktop and a phone, in
both languages, and the chosen one is the one exported (screenshots in var/test-artifacts/)."""
from __future__ import annotations

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.registry.tests.helpers import make_household

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
LABELS = {"zh-Hans": ["建档立卡导出格式（2014-2020，每人一行）",
                      "防返贫监测导出格式（2021起，监测对象每人一行）", "本系统导入模板"]}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_layouts_read_in_full_and_the_chosen_one_is_exported(browser_page, live_server,
                                                             officer) -> None:  # type: ignore[no-untyped-def]
    make_household(VILLAGE, head_name="曾繁华", size=2)
    page = browser_page
    login(page, live_server, "officer")
    for language in ("zh-Hans", "en"):
        page.goto(f"{live_server.url}/registry/export/")
        assert page.get_attribute("html", "lang") == language
        radios = page.locator("#e_layout input[name=layout]")
        assert [radios.nth(i).get_attribute("value") for i in range(3)] == [
            "national", "monitoring", "template"]
        assert radios.nth(0).is_checked()
        labels = page.locator("#e_layout label")
        if language in LABELS:
            assert [labels.nth(i).inner_text().strip() for i in range(3)] == LABELS[language]
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            for i in range(3):  # each label within the page and not cut off
                box = labels.nth(i).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
                assert labels.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth")
            page.screenshot(path=artefact_path(f"export-{language}-{size}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        if language == "zh-Hans":
            page.click("form.langswitch button")
            page.wait_for_selector("html[lang=en]")
    assert "Excel" in page.inner_text("#e_format")
    page.check("#e_layout input[value=monitoring]")
    with page.expect_download():
        page.click("#export-form button[type=submit]")
    event = AuditEvent.objects.get(action="registry.export")
    assert event.diff["layout"] == "monitoring"
