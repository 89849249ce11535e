"""A village cadre records a household's living conditions and a member's planned work in the
edit forms, on a desktop and a phone screen."""
from __future__ import annotations

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.helpers import make_household


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cadre_edits_living_conditions_and_planned_work(browser_page, live_server, cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="曾繁华", size=2)
    page = browser_page
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/registry/households/{hh.pk}/edit/")
    page.select_option("select[name=tap_water]", "true")
    page.select_option("select[name=clean_energy]", "true")
    page.fill("input[name=clean_energy_type]", "电")
    page.fill("input[name=toilet_type]", "三格化粪池式")
    page.select_option("select[name=dilapidated]", "false")
    page.screenshot(path=artefact_path("registry-living-edit-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artefact_path("registry-living-edit-phone.png"), full_page=True)
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#living")
    hh = Household.objects.get(pk=hh.pk)
    assert (hh.tap_water, hh.clean_energy, hh.clean_energy_type, hh.toilet_type,
            hh.dilapidated, hh.shower) == (True, True, "电", "三格化粪池式", False, None)
    member = hh.members.get(relation="本人")
    page.goto(f"{live_server.url}/registry/members/{member.pk}/edit/")
    page.select_option("select[name=plans_work]", "true")
    page.fill("input[name=work_service_need]", "技能培训")
    page.screenshot(path=artefact_path("registry-planned-edit-phone.png"), full_page=True)
    page.click("form.card button[type=submit]")
    page.wait_for_selector("#planned-work")
    page.screenshot(path=artefact_path("registry-living-detail-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    page.screenshot(path=artefact_path("registry-living-detail-desktop.png"), full_page=True)
    member = Member.objects.get(pk=member.pk)
    assert (member.plans_work, member.work_service_need) == (True, "技能培训")
    assert "技能培训" in page.inner_text("#planned-work")
