"""A library editor adds a synonym group in a real browser; the next search uses it."""
from __future__ import annotations

import pytest

from jianpin.accounts.models import User
from jianpin.conftest import artefact_path, login
from jianpin.library.models import SynonymGroup
from jianpin.library.tests.factories import ingest_seeds


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_adds_a_synonym_group(browsers, live_server, editor: User) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    page = browsers.page("zh-CN")
    login(page, live_server, editor.username)
    page.goto(f"{live_server.url}/library/?q=兜底保障")
    page.wait_for_selector("#result-count")
    assert page.inner_text("#result-count") == "共 2 条结果（“兜底保障”）"
    page.goto(f"{live_server.url}/library/synonyms/")
    page.fill("#synonym-add input[name=words]", "兜底保障 社会保障兜底")
    page.click("#synonym-add button[type=submit]")
    page.wait_for_selector(".messages .msg-success")
    assert page.inner_text(".messages .msg-success") == "已添加同义词组：兜底保障 社会保障兜底"
    last = page.locator("#synonym-groups li").last
    assert last.locator("textarea[name=words]").input_value() == "兜底保障 社会保障兜底"
    assert list(SynonymGroup.objects.values_list("words", flat=True))[-1] == "兜底保障 社会保障兜底"
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=artefact_path("library-synonyms.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artefact_path("library-synonyms-phone.png"), full_page=False)
    page.goto(f"{live_server.url}/library/?q=兜底保障")
    page.wait_for_selector("#result-count")
    assert page.inner_text("#result-count") == "共 4 条结果（“兜底保障”）"

    english = browsers.page("en")
    login(english, live_server, editor.username)
    english.goto(f"{live_server.url}/library/synonyms/")
    assert english.inner_text("h1") == "Search synonyms"
    english.set_viewport_size({"width": 1366, "height": 900})
    english.screenshot(path=artefact_path("library-synonyms-en.png"), full_page=True)
    english.set_viewport_size({"width": 390, "height": 844})
    english.screenshot(path=artefact_path("library-synonyms-en-phone.png"), full_page=False)
