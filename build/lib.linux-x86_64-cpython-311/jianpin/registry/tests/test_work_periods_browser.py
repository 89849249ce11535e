"""A village cadre adds, edits and deletes a member's period of migrant work from the household
page, on a desktop and a phone screen, in Chinese and English; a household imported with its
risk eliminated shows 风险已消除 and offers identification, not elimination."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.registry.models import WorkPeriod
from jianpin.registry.tests.helpers import make_household

SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=artefact_path(f"work-periods-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(SIZES["desktop"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cadre_adds_edits_and_deletes_a_work_period(browsers, browser_page, live_server, cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="陈建国", size=2, status="脱贫户",
                        monitoring_kind="脱贫不稳定户", risk_eliminated=True,
                        elimination_method="帮扶消除", risk_eliminated_on=dt.date(2025, 9, 1))
    member = hh.members.get(relation="本人")
    page = browser_page
    login(page, live_server, "cadre")
    page.set_viewport_size(SIZES["desktop"])
    make_household(VILLAGE, head_name="林秀英", monitoring_kind="边缘易致贫户",
                   risk_eliminated=False)
    page.goto(f"{live_server.url}/registry/households/?kind=eliminated")
    assert page.inner_text("table tbody").split("\n")[0].startswith("陈建国")
    assert page.locator("tbody .badge.elim").count() == 1 and "林秀英" not in page.content()
    _shots(page, "0-list-eliminated")
    page.goto(f"{live_server.url}/")
    _shots(page, "0-home")
    page.goto(f"{live_server.url}/registry/households/{hh.pk}/")
    assert page.inner_text("h1 .badge.elim") == "风险已消除"
    assert page.locator("a:has-text('发起监测识别')").count() == 1
    assert page.locator("a:has-text('发起风险消除')").count() == 0
    page.click(f"a[href='/registry/members/{member.pk}/work-periods/new/']")
    page.select_option("select[name=working]", "true")
    page.fill("input[name=county]", "广东省深圳市宝安区")
    page.fill("input[name=channel]", "自主就业")
    page.fill("input[name=start]", "2025-03-01")
    page.fill("input[name=monthly_income]", "4500")
    _shots(page, "1-add")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#work-periods")
    assert "广东省深圳市宝安区" in page.inner_text("#work-periods")
    _shots(page, "2-household")
    period = WorkPeriod.objects.get()
    page.click(f"a[href='/registry/work-periods/{period.pk}/edit/']")
    page.fill("input[name=end]", "2025-01-31")
    page.click("form.card button[type=submit]")
    assert "结束时间不能早于开始时间" in page.inner_text("form.card")
    _shots(page, "3-edit-refused")
    page.fill("input[name=end]", "2025-11-30")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#work-periods")
    period.refresh_from_db()
    assert (period.end, period.monthly_income) == (dt.date(2025, 11, 30), Decimal("4500.00"))
    changes = page.inner_text("#changes")
    assert changes.count("务工所在县") == 1 and "结束时间：空 → 2025-11-30（陈建国）" in changes
    page = browsers.page("en")     # an English browser, as an English-speaking official's
    login(page, live_server, "cadre")
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{live_server.url}/registry/households/{hh.pk}/")
    assert "County of work" in page.inner_text("#work-periods")
    assert page.inner_text("h1 .badge.elim") == "Risk eliminated"
    _shots(page, "4-household-en")
    page.goto(f"{live_server.url}/registry/members/{member.pk}/work-periods/new/")
    _shots(page, "5-add-en")
    page.goto(f"{live_server.url}/registry/households/?kind=any")
    assert "林秀英" in page.content() and "陈建国" not in page.inner_text("table tbody")
    _shots(page, "5-list-any-en")
    page.goto(f"{live_server.url}/registry/work-periods/{period.pk}/delete/")
    _shots(page, "6-delete-en")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#changes")
    assert WorkPeriod.objects.count() == 0
    assert page.locator("#work-periods").count() == 0
