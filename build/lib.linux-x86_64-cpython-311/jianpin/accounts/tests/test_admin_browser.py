from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from jianpin.accounts.models import Role, User
from jianpin.audit.actions import record
from jianpin.conftest import COUNTY, VILLAGE, artefact_path, login, make_user

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_county_admin_unlocks_a_cadre_and_the_auditor_sees_it(browser_page, live_server) -> None:  # type: ignore[no-untyped-def]
    make_user("county_admin", Role.ADMIN, COUNTY)
    make_user("auditor", Role.AUDITOR, COUNTY)
    cadre = make_user("cadre", Role.VILLAGE_CADRE, VILLAGE)
    User.objects.filter(pk=cadre.pk).update(
        failed_logins=0, locked_until=timezone.now() + dt.timedelta(minutes=15))
    record(cadre, "registry.reveal", cadre, region_code=VILLAGE, diff={"field": "phone"})
    page = browser_page
    login(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/accounts/users/")
    assert page.locator("h1").inner_text() == "用户管理"
    assert page.locator("tr", has_text="cadre").get_by_text("已锁定").is_visible()
    page.screenshot(path=artefact_path("admin-users-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artefact_path("admin-users-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="cadre", exact=True).click()
    page.get_by_role("button", name="解除登录锁定").click()
    assert page.get_by_text("已解除登录锁定").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="重置密码").last.click()
    one_time = page.locator("[role=alert] code").inner_text()
    page.screenshot(path=artefact_path("admin-user-phone.png"), full_page=True)
    cadre.refresh_from_db()
    assert cadre.locked_until is None and cadre.check_password(one_time)
    page.context.clear_cookies()
    login(page, live_server, "auditor")
    page.goto(f"{live_server.url}/audit/")
    assert page.locator("tr.ev-reveal").count() == 1
    assert page.get_by_text("解除登录锁定").first.is_visible()
    page.screenshot(path=artefact_path("audit-log-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artefact_path("audit-log-desktop.png"), full_page=True)
