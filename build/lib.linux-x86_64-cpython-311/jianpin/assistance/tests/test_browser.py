"""A helper on a phone: their household list, then a visit with a photo."""
from __future__ import annotations

import pytest

from jianpin.assistance import actions
from jianpin.assistance.models import Visit
from jianpin.assistance.tests.factories import png_bytes
from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.workflows.tests.helpers import days_ago, make_household


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_helper_logs_a_visit_on_a_phone(browser_page, live_server, cadre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    helper = actions.do_create_helper(cadre, Region.objects.get(pk=VILLAGE), name="郑卫东",
                                      work_unit="县农业农村局", user=cadre)
    seen = make_household(VILLAGE, head="陈阿大", monitoring_kind="边缘易致贫户")
    unseen = make_household(VILLAGE, head="林阿二")
    for hh in (seen, unseen):
        actions.do_pair(cadre, helper, hh, since=days_ago(200))
    actions.do_record_visit(cadre, seen, helper, visited_on=days_ago(20), findings="正常")
    picture = tmp_path / "门前.png"
    picture.write_bytes(png_bytes())
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/assistance/mine/")
    cards = page.locator(".hh-card h3").all_inner_texts()
    assert [c.split("户")[0] for c in cards] == ["林阿二", "陈阿大"]
    page.screenshot(path=artefact_path("assistance-helper-phone.png"), full_page=True)
    page.locator(".hh-card").first.locator("text=记录走访").click()
    page.fill("textarea[name=findings]", "户主在外务工，子女在校，住房安全")
    page.set_input_files("input[name=photos]", str(picture))
    page.screenshot(path=artefact_path("assistance-visit-phone.png"), full_page=True)
    page.click("form.card button")
    page.wait_for_selector("img[alt='门前.png']")
    visit = Visit.objects.get(household=unseen)
    assert (visit.helper_id, visit.findings, visit.photos.count()) == (
        helper.pk, "户主在外务工，子女在校，住房安全", 1)
