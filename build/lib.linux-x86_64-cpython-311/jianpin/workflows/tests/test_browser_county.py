"""County pages in the browser: data approval up the tree, an exit assessment, a grievance."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.registry import codes
from jianpin.villages.models import VillageYear
from jianpin.workflows.actions import do_approve_data, do_open_grievance
from jianpin.workflows.models import DataApproval, ExitAssessment
from jianpin.workflows.tests.helpers import make_household


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_approval_assessment_and_grievance_pages(browser_page, live_server, cadre, reviewer,  # type: ignore[no-untyped-def]
                                                officer, seeded_standards) -> None:
    for _ in range(60):
        make_household(VILLAGE, income="9900")
    make_household(VILLAGE, status=codes.HouseholdStatus.POOR, income="9900")
    VillageYear.objects.create(village_id=VILLAGE, year=2025, collective_income=Decimal("60000"),
                               road_hardened=True, safe_water=True, power=True, broadband=True,
                               clinic_with_doctor=True)
    do_approve_data(cadre, Region.objects.get(pk=VILLAGE), "2025")
    page = browser_page
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/workflows/approvals/?period=2025")
    page.click("text=审批本级数据")
    assert DataApproval.objects.get(region_id="441424100000", period="2025").status == "approved"
    page.screenshot(path=artefact_path("workflows-approvals.png"), full_page=True)
    page.goto(f"{live_server.url}/workflows/assessments/")
    page.select_option("select[name=region]", VILLAGE)
    page.fill("input[name=year]", "2025")
    page.click("text=计算评估")
    page.click('form[data-action="submit"] button')
    body = page.inner_text("body")
    assert "1.64%" in body and "村级档案：通宽带" in body and "未达到退出标准" not in body
    page.context.clear_cookies()
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/workflows/")
    page.click("text=2025年退出评估")
    page.click('form[data-action="approve"] button')
    assert ExitAssessment.objects.get().status == "approved"
    page.screenshot(path=artefact_path("workflows-exit-assessment.png"), full_page=True)
    g = do_open_grievance(officer, Region.objects.get(pk=VILLAGE), channel="hotline",
                          subject="反映帮扶责任人未入户", content="半年未见帮扶干部",
                          complainant="王某", contact="13912345678")
    page.goto(f"{live_server.url}/workflows/grievances/{g.pk}/")
    page.select_option("select[name=assignee]", str(cadre.pk))
    page.click('form[data-action="assign"] button')
    assert "办理中" in page.inner_text("h1") and "13912345678" not in page.content()
    assert page.locator('form[data-action="respond"]').count() == 0  # only the assignee answers
    page.screenshot(path=artefact_path("workflows-grievance.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cadre_registers_a_self_report_on_a_phone(browser_page, live_server, cadre) -> None:  # type: ignore[no-untyped-def]
    from jianpin.workflows.models import Case

    hh = make_household(VILLAGE, head="邓春花", income="5200")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/workflows/cases/new/?household={hh.number}")
    page.select_option("select[name=source]", "self_hotline")
    page.fill("textarea[name=summary]", "12317来电：丈夫务工受伤，收入骤降")
    page.select_option("select[name=monitoring_kind]", "突发严重困难户")
    page.check("input[name=risk_types][value=因意外事故]")
    page.screenshot(path=artefact_path("workflows-open-case-phone.png"), full_page=True)
    page.click("form.card button")
    page.wait_for_selector("#case-status")
    case = Case.objects.get(household=hh)
    assert (case.source, case.proposal) == ("self_hotline", {
        "monitoring_kind": "突发严重困难户", "risk_types": ["因意外事故"]})
    page.screenshot(path=artefact_path("workflows-case-phone.png"), full_page=True)
