"""A researcher searches with filters in a real browser and opens a document."""
from __future__ import annotations

import pytest

from jianpin.conftest import artefact_path
from jianpin.library.tests.factories import ingest_seeds


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_with_filters_and_open_a_document(browser_page, live_server) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    page = browser_page
    page.goto(f"{live_server.url}/library/")
    page.fill("input[name=q]", "脱贫 攻坚")
    page.click("details.advanced summary")
    page.select_option("select[name=doc_type]", "方案")
    page.select_option("select[name=region]", "441424000000")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#result-count")
    assert page.inner_text("#result-count") == "共 1 条结果（“脱贫 攻坚”）"
    assert page.locator(".hits mark").first.inner_text() in {"脱贫", "攻坚"}
    page.screenshot(path=artefact_path("library-search.png"), full_page=True)
    page.click(".hits h3 a")
    page.wait_for_selector("#doc-title")
    assert page.inner_text("#doc-title") == "新时期精准扶贫精准脱贫三年攻坚实施方案"
    assert page.locator("#doc-targets tbody tr").count() == 57  # goals and reported statistics
    page.screenshot(path=artefact_path("library-document.png"), full_page=False)
