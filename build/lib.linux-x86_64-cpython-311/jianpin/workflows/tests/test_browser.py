"""A full identification in the browser: from a screening warning to the announcement.

Three personas: the township reviewer turns the warning into a case, the village cadre visits
(with the signed authorisation), cross-checks, runs the village review and the public notice,
the reviewer approves, the county officer decides and announces.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.registry.models import Household
from jianpin.screening.models import Warning
from jianpin.workflows.models import Case
from jianpin.workflows.tests.helpers import make_household


def take(page, action: str, note: str = "", file: str | None = None) -> None:  # type: ignore[no-untyped-def]
    form = page.locator(f'form[data-action="{action}"]')
    if note:
        form.locator("textarea[name=note]").fill(note)
    if file:
        form.locator("input[name=required_file]").set_input_files(file)
    form.locator("button").click()
    page.wait_for_load_state()


def switch(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, live_server, username)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_identification_from_warning_to_announcement(browser_page, live_server, cadre,  # type: ignore[no-untyped-def]
                                                     reviewer, officer, tmp_path) -> None:
    hh = make_household(VILLAGE, head="黄德明", income="4800")
    warning = Warning.objects.create(
        household=hh, village_code=VILLAGE, year=2025, rule_code="MON-MARGINAL",
        rule_name="一般农户人均纯收入低于监测线", category="monitoring_kind", flag="边缘易致贫户",
        severity="高", state="acknowledged", explanation={"per_capita_net": 4800.0},
        last_seen=timezone.now())
    Warning.objects.create(household=hh, village_code=VILLAGE, year=2025, rule_code="RISK-ILL",
                           rule_name="大额自付医疗支出", category="risk_type", flag="因病",
                           severity="高", state="new", explanation={"medical_oop": 26000.0},
                           last_seen=timezone.now())
    authorisation = tmp_path / "授权书.pdf"
    authorisation.write_bytes(b"%PDF-1.4 household signed authorisation")
    page = browser_page
    page.set_viewport_size({"width": 1100, "height": 900})

    # Township reviewer: the acknowledged warning waits in the inbox; turn it into a case.
    login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/workflows/")
    page.click("text=转入识别")
    assert "一般农户人均纯收入低于监测线" in page.inner_text("body")
    page.screenshot(path=artefact_path("workflows-1-warning-to-case.png"), full_page=True)
    page.click("form.card button")
    case = Case.objects.get(warning_id=warning.pk)
    assert case.proposal == {"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]}
    assert Warning.objects.get(pk=warning.pk).state == "case_opened"

    # Village cadre: visit with the signed authorisation, cross-check, review, notice.
    switch(page, live_server, "cadre")
    page.goto(f"{live_server.url}/workflows/")
    page.click(f"text=监测对象识别纳入 #{case.pk}")
    take(page, "visit", "入户核实：户主住院两次，自付医疗费2.6万元", str(authorisation))
    take(page, "cross_check")
    take(page, "village_review", "村民代表会议评议：到会25人，同意23人")
    take(page, "publish_notice")
    assert page.inner_text("#case-status") == "公示中"
    page.click(".card a[href*=\"/workflows/notices/\"]")
    body = page.inner_text("body")
    assert "黄*明" in body and "4800.00" in body and "13800138000" not in body
    page.screenshot(path=artefact_path("workflows-2-village-notice.png"), full_page=True)
    notice_pdf = page.request.get(page.url + "pdf/")
    assert notice_pdf.headers["content-type"] == "application/pdf"
    # The notice runs its five days.
    Case.objects.filter(pk=case.pk).update(notice_from=timezone.localdate() - dt.timedelta(days=5))
    page.goto(f"{live_server.url}/workflows/cases/{case.pk}/")
    take(page, "submit", "公示期满无异议")
    assert page.inner_text("#case-status") == "待乡镇审核"

    # Township review.
    switch(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/workflows/")
    page.screenshot(path=artefact_path("workflows-3a-reviewer-inbox.png"), full_page=True)
    page.click(f"text=监测对象识别纳入 #{case.pk}")
    page.screenshot(path=artefact_path("workflows-3-township-review.png"), full_page=True)
    take(page, "township_approve", "经审核，符合纳入条件")

    # County decision and announcement.
    switch(page, live_server, "officer")
    page.goto(f"{live_server.url}/workflows/")
    page.click(f"text=监测对象识别纳入 #{case.pk}")
    take(page, "county_approve", "同意纳入边缘易致贫户")
    take(page, "announce", "予以公告")
    assert page.inner_text("#case-status") == "已公告"
    timeline = page.inner_text("ol.timeline")
    for label in ("受理", "入户核实", "数据比对", "村民主评议通过", "村内公示",
                  "公示无异议，提交乡镇审核", "乡镇审核通过", "县级审定通过", "发布公告"):
        assert label in timeline
    page.screenshot(path=artefact_path("workflows-4-announced.png"), full_page=True)
    hh = Household.objects.get(pk=hh.pk)
    assert (hh.monitoring_kind, hh.risk_types, hh.monitoring_since) == (
        "边缘易致贫户", ["因病"], timezone.localdate())
