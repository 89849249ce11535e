from __future__ import annotations

import base64
import os
import time

import pytest
from django_otp.oath import hotp

from jianpin.accounts import second_factor
from jianpin.accounts.models import User
from jianpin.conftest import PASSWORD, artefact_path, login

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrol_with_the_qr_page_then_log_in_with_a_recovery_code(browser_page, live_server,
                                                                 reviewer) -> None:  # type: ignore[no-untyped-def]
    page = browser_page
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    User.objects.filter(pk=reviewer.pk).update(display_name="欧阳晓明（驻村第一书记）")
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/accounts/totp/")
    qr = page.locator(".qr-box svg.qr")
    assert qr.is_visible() and qr.bounding_box()["width"] == 220  # type: ignore[index]
    page.screenshot(path=artefact_path("totp-enrol-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert qr.bounding_box()["width"] <= 390 * 0.7 + 1  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # 安全设置 and 退出 each stay on one line; the long name is shortened instead
    lines = ("e => { const r = document.createRange(); r.selectNodeContents(e);"
             " return r.getClientRects().length; }")
    for name in ("安全设置", "退出"):
        item = page.locator(".usermenu").get_by_text(name, exact=True)
        box = item.bounding_box()
        assert item.evaluate(lines) == 1 and box is not None and box["x"] + box["width"] <= 390
    menu = page.locator("label.navbtn")
    assert menu.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    page.screenshot(path=artefact_path("totp-enrol-phone.png"), full_page=True)
    secret = page.locator("code.secret").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", str(hotp(key, int(time.time()) // 30, 6)).zfill(6))
    page.get_by_role("button", name="开启双因素认证").click()
    codes = page.locator("ol.codes code").all_inner_texts()
    assert len(codes) == 10
    page.screenshot(path=artefact_path("totp-recovery-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=artefact_path("totp-recovery-desktop.png"), full_page=True)
    page.get_by_role("button", name="退出").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=otp]", codes[0])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    assert second_factor.remaining_recovery_codes(User.objects.get(pk=reviewer.pk)) == 9
    assert refused == []
