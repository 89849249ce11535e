"""Date inputs as officials see them: 2025/03/01 in a Chinese browser, 03/01/2025 in an English
one (the browser tests' chromium speaks the run's language; screenshots desktop and phone)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login, shown_date
from jianpin.registry.tests.helpers import make_household

LOCALE_FILES = Path("/usr/lib/chromium/locales")
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("locale", "shown", "title"), [
    ("zh-CN", "2025/03/01", "添加务工时段：陈建国"),
    ("en", "03/01/2025", "Add a work period: 陈建国")])
def test_date_inputs_in_the_browsers_language(browsers, live_server, cadre, locale, shown,  # type: ignore[no-untyped-def]
                                              title) -> None:
    if not (LOCALE_FILES / f"{'en-US' if locale == 'en' else locale}.pak").exists():
        pytest.skip(f"chromium has no {locale} locale file: install Debian's chromium-l10n")
    member = make_household(VILLAGE, head_name="陈建国").members.get()
    page = browsers.page(locale)
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/registry/members/{member.pk}/work-periods/new/")
    page.fill("input[name=start]", "2025-03-01")
    assert shown_date(page, "input[name=start]") == shown
    assert title in page.inner_text("h1")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=artefact_path(f"date-input-{locale}-{size}.png"), full_page=True)
