"""One project in the browser, from the village application to the completion notice.

Three levels log in through the login form: the village cadre enters and applies, the
township reviewer reviews, the county officer decides, puts it in the library and the year's
plan; the village publishes the pre-implementation notice, starts the works once the notice
period has passed, chooses the beneficiaries from the registry and records their wages; the
county accepts; the village publishes the completion notice, which the public pages show.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.projects.machine import NOTICE_DAYS
from jianpin.projects.models import Project, ProjectIncome
from jianpin.registry.codes import HouseholdStatus, MonitoringKind
from jianpin.registry.models import IncomeRecord
from jianpin.workflows.tests.helpers import make_household

NAME = "协和村高标准茶园提升项目"


def step(page, action: str, note: str = "") -> None:  # type: ignore[no-untyped-def]
    if note:
        page.fill("form[action$='/step/'] textarea[name=note]", note)
    page.click(f"form[action$='/step/'] button[value={action}]")
    page.wait_for_load_state()


def as_user(page, live_server, username: str, project: Project) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, live_server, username)
    page.goto(f"{live_server.url}/projects/{project.pk}/")


def status(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.inner_text("h1 .badge"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_project_from_application_to_completion_notice(browser_page, live_server, cadre,  # type: ignore[no-untyped-def]
                                                       reviewer, officer) -> None:
    year = timezone.localdate().year
    worker = make_household(VILLAGE, head="黄德明", status=HouseholdStatus.EXITED, income="7000")
    watched = make_household(VILLAGE, head="钟桂英", monitoring_kind=MonitoringKind.MARGINAL)
    page = browser_page

    # Village: enter the application and apply (申报).
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=category]", "industry")
    page.fill("input[name=responsible_unit]", "水寨镇人民政府")
    page.fill("input[name=responsible_person]", "陈志强")
    page.fill("textarea[name=tasks]", "改造低产茶园200亩，新建机耕道1.5公里")
    page.fill("input[name=start_on]", f"{year}-03-01")
    page.fill("input[name=end_on]", f"{year}-12-31")
    page.fill("textarea[name=linkage]", "优先吸纳脱贫户和监测户务工，按月结算劳务报酬")
    page.fill("input[name=budget_central]", "600000")
    page.fill("input[name=budget_county]", "50000")
    page.fill("input[name=indicator_0]", "项目(工程)验收合格率")
    page.fill("input[name=target_0]", "100%")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    project = Project.objects.get(name=NAME)
    assert status(page) == "草稿"
    step(page, "submit")
    assert status(page) == "村级已申报"
    page.screenshot(path=artefact_path("projects-1-applied.png"), full_page=True)

    # Township: review (审核).
    as_user(page, live_server, "reviewer", project)
    assert page.locator("form[action$='/step/'] button[value=review]").is_visible()
    step(page, "review", "材料齐全，同意上报")
    assert status(page) == "乡镇已审核"

    # County: decide (审定), put in the library (入库) and in this year's plan (年度计划).
    as_user(page, live_server, "officer", project)
    step(page, "approve", "经论证，同意实施")
    step(page, "enter_library")
    assert status(page) == "已入库"
    page.fill("form[action$='/step/'] input[name=year]", str(year))
    step(page, "plan")
    assert status(page) == "已列入年度计划"

    # Village: the pre-implementation notice (实施前公示), open to anyone.
    as_user(page, live_server, "cadre", project)
    step(page, "notice")
    assert status(page) == "实施前公示"
    page.goto(f"{live_server.url}/projects/public/")
    assert NAME in page.inner_text("body")
    # The notice period passes (at least NOTICE_DAYS days), then the works start.
    Project.objects.filter(pk=project.pk).update(
        notice_from=timezone.localdate() - dt.timedelta(days=NOTICE_DAYS))
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    step(page, "start")
    assert status(page) == "实施中"
    # Beneficiaries from the registry; the counts are computed from their status.
    page.fill("form[action$='/beneficiaries/'] textarea[name=households]",
              f"{worker.number}，{watched.number}")
    page.click("form[action$='/beneficiaries/'] button")
    page.wait_for_load_state()
    assert "2户 4人，其中脱贫户1户、监测对象1户，脱贫（监测）人口4人" in page.inner_text("dl")
    form = page.locator("form[action$='/income/']")
    form.locator("input[name=household]").fill(worker.number)
    form.locator("input[name=year]").fill(str(year - 1))
    form.locator("input[name=amount]").fill("4800")
    form.locator("button").click()
    page.wait_for_load_state()
    assert IncomeRecord.objects.get(household=worker, year=year - 1).wage_income == 18800
    assert ProjectIncome.objects.get().applied is True

    # County: acceptance (竣工验收).
    as_user(page, live_server, "officer", project)
    step(page, "accept", "验收合格")
    assert status(page) == "已验收"

    # Village: the completion notice (完工公告), public with masked names only.
    as_user(page, live_server, "cadre", project)
    step(page, "complete_notice")
    assert status(page) == "完工公告"
    page.screenshot(path=artefact_path("projects-2-completed-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artefact_path("projects-2-completed-phone.png"), full_page=True)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/projects/public/")
    body = page.inner_text("body")
    assert (NAME in body, "完工公告" in body, "黄*明" in body, "黄德明" in body,
            "钟桂英" in body) == (True, True, True, False, False)
    page.screenshot(path=artefact_path("projects-3-public-phone.png"), full_page=True)
    pdf = page.request.get(f"{live_server.url}/projects/public/{project.pk}/notice.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert list(Project.objects.get(pk=project.pk).events.values_list("action", flat=True)) == [
        "create", "submit", "review", "approve", "enter_library", "plan", "notice", "start",
        "accept", "complete_notice"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_preview_and_confirm(browser_page, live_server, officer, tmp_path,  # type: ignore[no-untyped-def]
                                    settings) -> None:
    from jianpin.projects.tests.test_io import COUNTY_SHEET, book

    settings.DATA_DIR = tmp_path / "data"
    rows = [r[:] for r in COUNTY_SHEET]
    rows[2][2] = "文化旅游"
    bad = book(tmp_path / "有误.xlsx", "项目库", rows)
    good = book(tmp_path / "县项目库.xlsx", "项目库", COUNTY_SHEET)
    page = browser_page
    login(page, live_server, "officer")
    page.goto(f"{live_server.url}/projects/import/")
    page.set_input_files("input[name=file]", str(bad))
    page.click("form[enctype] button")
    page.wait_for_load_state()
    assert "项目类别不在代码表内：文化旅游" in page.inner_text("[role=alert]")
    assert page.locator("form[action$='/import/confirm/']").count() == 0
    page.screenshot(path=artefact_path("projects-import-errors-desktop.png"), full_page=True)
    page.set_input_files("input[name=file]", str(good))
    page.click("form[enctype] button")
    page.wait_for_load_state()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artefact_path("projects-import-preview-phone.png"), full_page=True)
    assert Project.objects.count() == 0
    page.click("form[action$='/import/confirm/'] button")
    page.wait_for_load_state()
    assert "项目库：已导入 2 行" in page.inner_text("body")
    assert Project.objects.count() == 2
