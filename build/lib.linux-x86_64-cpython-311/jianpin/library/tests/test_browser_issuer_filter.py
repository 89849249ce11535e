"""In a real browser, in Chinese and English, on a desktop and a phone: the advanced search's
发文机关 box finds an issuer by its short form, and popular searches show simplified script."""
from __future__ import annotations

import pytest

from jianpin.conftest import artefact_path
from jianpin.library import actions
from jianpin.library.tests.test_issuer_forms import ISSUERS, docs  # noqa: F401  (the fixture)

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
COUNT = {"zh-CN": "共 2 条结果", "en": "2 results"}
TIMES = {"zh-CN": "4 次", "en": "4 times"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_issuer_box_short_form_and_simplified_hot_searches(browsers, live_server, docs) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert ISSUERS["003"] == "国家发展改革委"
    for query, n in [("扶貧", 3), ("扶贫", 1)]:
        for _ in range(n):
            actions.do_log_search(query, 2)
    for locale in ("zh-CN", "en"):
        for size, (width, height) in SIZES.items():
            page = browsers.page(locale)
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/library/")
            assert page.locator("#hot-searches a").all_inner_texts() == ["扶贫"]
            assert page.locator("#hot-searches a").get_attribute("title") == TIMES[locale]
            page.click("details.advanced summary")
            page.fill("input[name=issuer]", "发改委")
            page.click("#search-form button[type=submit]")
            page.wait_for_selector("#result-count")
            assert page.inner_text("#result-count").startswith(COUNT[locale])
            titles = page.locator(".hits h3 a").all_inner_texts()
            assert sorted(titles) == ["扶贫方法论:脱贫攻坚的“贵州解法”",
                                      "新时期精准扶贫精准脱贫三年攻坚实施方案"]
            page.screenshot(path=artefact_path(f"library-issuer-box-{locale}-{size}.png"),
                            full_page=False)
            page.context.close()
