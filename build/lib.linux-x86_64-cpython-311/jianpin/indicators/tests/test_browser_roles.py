"""Each role's dashboard (with village indicators and plan against progress), the village
records and the reports page, on a desktop and on a phone; one English pass."""
from __future__ import annotations

import importlib

import pytest

from jianpin.conftest import COUNTY, SIBLING_VILLAGE, VILLAGE, artefact_path, login, make_user

ROLES = [("cadre", VILLAGE), ("reviewer", "441424100000"), ("officer", COUNTY),
         ("auditor", COUNTY), ("sysadmin", None)]


def _seed() -> None:
    """Transactional tests flush the rows that migrations seed: put them back."""
    from django.apps import apps

    from jianpin.indicators.definitions import seed
    from jianpin.indicators.models import Indicator
    from jianpin.regions.loader import load_core
    from jianpin.regions.models import Region
    from jianpin.standards.models import Standard

    if not Region.objects.filter(code=VILLAGE).exists():
        load_core()
    if not Standard.objects.exists():
        for name in ("0002_seed", "0003_workflow_day_counts",
                     "0004_lines_as_shares_validity_concepts"):
            module = importlib.import_module(f"jianpin.standards.migrations.{name}")
            (module.forward if hasattr(module, "forward") else module.seed)(apps, None)
    seed(Indicator)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_dashboards_of_every_role(browser_page, live_server) -> None:  # type: ignore[no-untyped-def]
    from jianpin.accounts.models import Role
    from jianpin.indicators.actions import do_refresh
    from jianpin.indicators.targets import do_set_target
    from jianpin.indicators.tests import fixture
    from jianpin.villages.actions import do_save_village_year

    _seed()
    roles = {"cadre": Role.VILLAGE_CADRE, "reviewer": Role.TOWNSHIP_REVIEWER,
             "officer": Role.COUNTY_OFFICER, "auditor": Role.AUDITOR, "sysadmin": Role.ADMIN}
    users = {name: make_user(name, roles[name], code) for name, code in ROLES}
    fixture.build()
    officer = users["officer"]
    for code, income, flags in ((VILLAGE, "62000", {"road_hardened": True, "safe_water": True}),
                                (SIBLING_VILLAGE, "31000", {"road_hardened": True})):
        do_save_village_year(officer, village_code=code, year=fixture.YEAR,
                             data={"collective_income": income, **flags,
                                   "first_secretary": "李明",
                                   "first_secretary_unit": "县农业农村局"},
                             units=[("east_west", "广州市番禺区")])
    for code, value in (("exit_share", "30"), ("poverty_incidence", "2"),
                        ("assistance_coverage", "100"), ("collective_income_50k_share", "80")):
        do_set_target(officer, indicator_code=code, region_code=COUNTY, year=fixture.YEAR,
                      value=value)
    do_refresh(None, fixture.YEAR, None)
    page = browser_page
    for name, _code in ROLES:
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1366, "height": 900})
        login(page, live_server, name)
        page.goto(f"{live_server.url}/indicators/?year={fixture.YEAR}")
        # The national view lists provinces only (no national totals row yet).
        assert page.locator("h2", has_text="村级指标").count() == (1 if _code else 0)
        page.screenshot(path=artefact_path(f"dashboard-{name}-desktop.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        page.screenshot(path=artefact_path(f"dashboard-{name}-phone.png"), full_page=True)
    page.context.clear_cookies()
    login(page, live_server, "officer")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/indicators/?year={fixture.YEAR}")
    page.wait_for_selector("#plan-chart canvas")
    assert page.locator("tr[data-target=exit_share] td").nth(3).inner_text() == "未达成"
    page.screenshot(path=artefact_path("dashboard-officer-plan.png"), full_page=True)
    page.goto(f"{live_server.url}/villages/?year={fixture.YEAR}&area=441424100000")
    page.screenshot(path=artefact_path("villages-officer-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/villages/{VILLAGE}/{fixture.YEAR}/")
    page.screenshot(path=artefact_path("village-record-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/indicators/reports/")
    page.screenshot(path=artefact_path("reports-phone.png"), full_page=True)
    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "url": live_server.url}])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/indicators/?year={fixture.YEAR}")
    assert page.locator("h2", has_text="Village indicators").count() == 1
    page.screenshot(path=artefact_path("dashboard-officer-en.png"), full_page=True)
    page.goto(f"{live_server.url}/standards/?year=2018")
    page.screenshot(path=artefact_path("standards-officer-en.png"), full_page=True)
