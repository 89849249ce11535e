"""Under the Content-Security-Policy the pages still work: charts draw, htmx loads, the delete
confirmation asks, and the browser reports no blocked script or style."""
from __future__ import annotations

import pytest

from jianpin.conftest import VILLAGE, login
from jianpin.library.models import Document
from jianpin.library.tests.factories import ingest_seeds
from jianpin.registry import actions
from jianpin.registry.tests.helpers import make_household


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_work_under_the_policy(browser_page, live_server, reviewer, cadre,  # type: ignore[no-untyped-def]
                                     admin_user) -> None:
    ingest_seeds()
    hh = make_household(VILLAGE, head_name="曾繁华", size=3)
    for year, wage in ((2023, "15000"), (2024, "18000")):
        actions.do_record_income(cadre, hh, year, {"wage_income": wage})
    page = browser_page
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text
            else None)
    page.goto(f"{live_server.url}/library/targets/")
    page.wait_for_selector("#targets-chart canvas")
    page.goto(f"{live_server.url}/library/regions/")
    login(page, live_server, "reviewer")
    assert page.evaluate("typeof window.htmx") == "object"
    page.goto(f"{live_server.url}/registry/households/{hh.pk}/")
    page.wait_for_selector("#income-chart canvas")

    page.context.clear_cookies()
    login(page, live_server, "sysadmin")
    doc = Document.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/library/doc/{doc.pk}/")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("form[data-confirm] button")
    assert asked == ["确定删除这篇文献？"]
    assert Document.objects.filter(pk=doc.pk).exists()  # dismissed: nothing deleted
    assert blocked == []
