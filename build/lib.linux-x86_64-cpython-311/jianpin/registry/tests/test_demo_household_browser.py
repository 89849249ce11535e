"""The demo county's household page shows the living conditions and periods of migrant work the
generator gives the households the monitoring system follows, on a desktop and a phone screen,
in Chinese and English."""
from __future__ import annotations

import pytest
from django.db.models import Count

from jianpin.conftest import COUNTY, artefact_path, login
from jianpin.registry import synth
from jianpin.registry.models import Household, WorkPeriod


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_demo_household_shows_living_conditions_and_work_periods(browsers, live_server,
                                                                 officer) -> None:  # type: ignore[no-untyped-def]
    synth.generate(300, COUNTY, seed=441424)
    # the household with the most periods (ties: the lowest number)
    busiest = WorkPeriod.objects.values("member__household").annotate(n=Count("id")).order_by(
        "-n", "member__household")[0]["member__household"]
    hh = Household.objects.get(pk=busiest)
    periods = list(WorkPeriod.objects.filter(member__household=hh).order_by("member_id", "start"))
    assert hh.road_hardened is not None and len(periods) >= 2
    for locale, living, work, until in (("zh-CN", "生活条件（户信息）", "外出务工", "至今"),
                                        ("en", "Living conditions", "Migrant work", "ongoing")):
        page = browsers.page(locale)
        login(page, live_server, "officer")
        page.goto(f"{live_server.url}/registry/households/{hh.pk}/")
        assert living in page.inner_text("main") and work in page.inner_text("main")
        rows = page.locator("#work-periods tbody tr")
        assert rows.count() == len(periods)
        first = rows.nth(0).inner_text()
        assert periods[0].member.name in first and periods[0].county in first
        assert page.locator("#living dt").count() == 13     # the 12 and 是否有卫生户厕
        if any(p.end is None for p in periods):
            assert until in page.locator("#work-periods").inner_text()
        lang = "zh" if locale == "zh-CN" else "en"
        page.set_viewport_size({"width": 1366, "height": 900})
        page.screenshot(path=artefact_path(f"demo-household-{lang}-desktop.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=artefact_path(f"demo-household-{lang}-phone.png"), full_page=True)
        # nothing wider than the phone's screen but the tables' own scrolling boxes
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
