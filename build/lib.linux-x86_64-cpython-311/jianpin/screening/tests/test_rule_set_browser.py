"""Two rule sets warning one household: each inbox row names its set (screenshots desktop and
phone, Chinese and English)."""
from __future__ import annotations

import pytest

from jianpin.conftest import artefact_path, login
from jianpin.screening import actions
from jianpin.screening.tests.fixture import build, ensure_reference_data

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("locale", "sets"), [
    ("zh-CN", ["规则集：默认（全部内置规则）", "规则集：监测对象识别"]),
    ("en", ["Rule set: Default (all shipped rules)", "Rule set: Identifying monitored households"]),
])
def test_inbox_rows_name_their_rule_set(browsers, live_server, reviewer, locale, sets) -> None:  # type: ignore[no-untyped-def]
    ensure_reference_data()      # a live-server test before this one flushed the seeded rows
    build()
    for rule_set in ("default", "monitoring"):
        actions.run_now(rule_set=rule_set, year=2024, area_code=None, engine=None, full=True)
    page = browsers.page(locale)
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/screening/?q=SCR01&rule=MON-MARGINAL")
    assert page.locator("table.warnings .ruleset").all_inner_texts() == sets
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=artefact_path(f"screening-inbox-rule-sets-{locale}-{size}.png"),
                        full_page=True)
