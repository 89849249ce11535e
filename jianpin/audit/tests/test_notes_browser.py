"""A workflow's announcement note on the household's change log and in the audit log, read in
Chinese and in English, desktop and phone (screenshots kept as test artefacts)."""
from __future__ import annotations

import pytest

from jianpin.audit.labels import note
from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.registry import actions
from jianpin.registry.tests.helpers import make_household

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_announcement_notes_in_each_language(browsers, live_server, cadre, officer,  # type: ignore[no-untyped-def]
                                             auditor) -> None:
    if not Region.objects.filter(code=VILLAGE).exists():
        from jianpin.regions.loader import load_core

        load_core()
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    actions.do_apply_decision(officer, hh, version=1, note=note("elimination.announce", case=7),
                              monitoring_kind="", risk_types=[])
    for language, shown in (("zh-CN", "风险消除案件 7 公告"),
                            ("en", "Risk elimination case 7 announced")):
        page = browsers.page(language)
        login(page, live_server, "cadre")
        page.goto(f"{live_server.url}/registry/households/{hh.pk}/")
        changes = page.inner_text("#changes")
        assert shown in changes and ("公告" in changes) == (language == "zh-CN")
        page.locator("#changes").scroll_into_view_if_needed()
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            path = artefact_path(f"audit-note-household-{language}-{label}.png")
            page.screenshot(path=path, full_page=True)
        page = browsers.page(language)  # a browser of its own: the auditor signs in
        login(page, live_server, "auditor")
        page.goto(f"{live_server.url}/audit/")
        assert shown in page.inner_text("main")
        page.screenshot(path=artefact_path(f"audit-note-log-{language}-desktop.png"),
                        full_page=True)
