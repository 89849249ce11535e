"""The main menu in a real browser: on a 1366 px screen it takes one line for the widest role,
its groups open by mouse and by keyboard without JavaScript doing the work, and on a phone the
menu button shows the groups stacked (screenshots in var/test-artifacts/)."""
from __future__ import annotations

import pytest

from jianpin.conftest import artefact_path, login

# Group titles and what each holds for a county officer (who sees nearly everything).
OFFICER_MENU = {
    "档案": ["农户档案", "村级档案", "导入导出"],
    "监测帮扶": ["监测预警", "业务办理", "帮扶", "指标"],
    "项目资金": ["项目库", "项目公示"],
    "管理": ["标准", "计划任务", "部门数据", "审计日志"],
}


def _menu(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.mainnav details.navgroup')].map(d => [d.querySelector('summary').textContent.trim(),
        [...d.querySelectorAll('.navmenu a')].map(a => a.textContent.trim())]))""")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_menu_fits_one_line_and_opens_by_keyboard(browser_page, live_server, officer) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/registry/households/")
    assert _menu(page) == OFFICER_MENU
    for language in ("zh-Hans", "en"):
        assert page.get_attribute("html", "lang") == language
        tops = page.evaluate("""() => [...document.querySelectorAll(
            '.mainnav > a, .mainnav > details > summary')].map(e => e.getBoundingClientRect().top)""")
        assert len(tops) == 6 and max(tops) - min(tops) < 2  # one line
        # the whole top bar is one line too: brand, menu and user menu side by side
        assert page.evaluate("document.querySelector('.topbar').getBoundingClientRect().height") < 60
        assert page.locator(".navmenu").first.is_hidden()
        page.screenshot(path=artefact_path(f"menu-{language}-desktop.png"))
        # keyboard: Tab to the first group, Enter opens it, its first item is reachable by Tab
        page.locator(".mainnav > a").first.focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        first = page.locator(".mainnav details.navgroup").first
        assert first.get_attribute("open") is not None
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "/registry/households/"
        page.screenshot(path=artefact_path(f"menu-{language}-desktop-open.png"))
        page.keyboard.press("Escape")  # nav.js: closed, focus back on the group's title
        assert first.get_attribute("open") is None
        # opening another group closes the first (details name="mainnav")
        first.locator("summary").click()
        page.locator(".mainnav details.navgroup").nth(1).locator("summary").click()
        assert first.get_attribute("open") is None
        page.mouse.click(700, 600)  # a click elsewhere closes it
        assert page.locator(".mainnav details[open]").count() == 0
        if language == "zh-Hans":
            page.click("form.langswitch button")
            page.wait_for_selector("html[lang=en]")
            assert list(_menu(page)) == ["Records", "Monitoring & aid", "Projects",
                                         "Administration"]
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".mainnav").is_hidden()
    page.click("label.navbtn")
    assert page.locator(".mainnav").is_visible()
    page.locator(".mainnav details.navgroup").nth(1).locator("summary").click()
    assert page.locator(".mainnav a[href=\"/screening/\"]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artefact_path("menu-en-phone.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_menu_shows_a_role_only_what_it_may_use(browser_page, live_server, provider) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    login(page, live_server, "provider")
    page.goto(f"{live_server.url}/screening/departments/")
    assert _menu(page) == {"管理": ["部门数据"]}
    assert page.locator(".mainnav > a").all_inner_texts() == ["项目公示", "政策文献库"]
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/library/")
    assert _menu(page) == {}
    assert page.locator(".mainnav > a").all_inner_texts() == ["项目公示", "政策文献库"]
