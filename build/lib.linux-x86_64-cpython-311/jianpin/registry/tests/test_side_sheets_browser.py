"""A village cadre uploads the county workbook with its other sheets: the preview lists the
kept columns per sheet, the work periods and village figures, and the village row it could not
match; after the commit a household's page shows its living conditions and work periods.
Desktop and phone, Chinese and English."""
from __future__ import annotations

import pytest
import python_calamine
import xlsxwriter

from jianpin.conftest import VILLAGE, artefact_path, login
from jianpin.regions.models import Region
from jianpin.registry.models import Household, WorkPeriod
from jianpin.registry.tests import national_sheets as ns

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def _with_unknown_village(path, target):  # type: ignore[no-untyped-def]
    source = python_calamine.CalamineWorkbook.from_path(str(path))
    book = xlsxwriter.Workbook(str(target))
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "行政村信息":
            rows.append(["五华县", "水寨镇", "没有这个村", "否", 200, 800,
                         *[""] * (len(rows[2]) - 6)])
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    book.close()
    return target


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=artefact_path(f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_county_workbook_preview_and_household_page(browser_page, live_server, cadre,
                                                    tmp_path, settings):  # type: ignore[no-untyped-def]
    if not Region.objects.filter(code=VILLAGE).exists():
        from jianpin.regions.loader import load_core

        load_core()
    settings.DATA_DIR = tmp_path / "data"
    settings.JOBS_INLINE = True
    book = ns.build(tmp_path / "c.xlsx", 12, clean=True)
    path = _with_unknown_village(book.path, tmp_path / "五华县监测对象及其他表.xlsx")
    page = browser_page
    login(page, live_server, "cadre")
    page.goto(f"{live_server.url}/registry/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("text=预检通过", timeout=60000)
    side = page.inner_text("#side-counts")
    assert f"{book.rows['已外出务工信息']}\n新增务工时段" in side and "1\n新增行政村信息" in side
    assert "1\n未对应的行政村" in side
    assert "没有这个村\t找不到该行政村" in page.inner_text("#unmatched-villages")
    kept = page.inner_text("#kept-columns")
    assert kept.startswith("工作表\t列\n监测对象信息\t") and "户信息" not in kept
    _shots(page, "side-sheets-1-preview")
    page.click("#confirm")
    page.wait_for_selector("#done", timeout=60000)
    assert WorkPeriod.objects.count() == book.rows["已外出务工信息"]
    hh = Household.objects.filter(members__work_periods__isnull=False).order_by("number").first()
    page.goto(f"{live_server.url}/registry/households/{hh.pk}/")
    living = page.inner_text("#living")
    assert "入户道路是否硬化\n是" in living and "卫生厕所类型" in living
    periods = page.inner_text("#work-periods")
    first = WorkPeriod.objects.filter(member__household=hh).order_by("-start").first()
    assert f"{first.start:%Y-%m}" in periods and first.county in periods
    _shots(page, "side-sheets-2-household")
    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "url": live_server.url}])
    page.reload()
    assert "Hardened road to the house\nYes" in page.inner_text("#living")
    assert "County of work" in page.inner_text("#work-periods")
    _shots(page, "side-sheets-3-household-en")
