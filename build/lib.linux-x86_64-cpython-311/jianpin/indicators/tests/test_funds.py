"""Fund indicators worked by hand (fund year 2025), against the projects app's funds report.

  road   (infrastructure, VILLAGE):          central 400,000, paid 100,000 + 50,000.50
  cattle (industry, SIBLING_VILLAGE):        central 500,000, paid 500,000; county 200,000, 0
  park   (industry, the county itself):      central 100,000, paid 25,000
  a 2024 batch (90,000, all paid) and another county's project never count in 2025.

County: disbursed 675,000.50 of 1,200,000 allocated → 56.25004… % → 56.2500; central
675,000.50 of 1,000,000 → 67.50005 % → 67.5001 (half up); industry share of central
(500,000 + 100,000) / 1,000,000 = 60.0000 %; of all four levels 800,000 / 1,200,000 = 66.6667 %.
Township (road and cattle, not the county-level park):
650,000.50 / 1,100,000 → 59.09095… % → 59.0910.
"""
from __future__ import annotations

import io
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jianpin.conftest import COUNTY, OTHER_COUNTY, SIBLING_TOWNSHIP, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.indicators.actions import check_indicator, do_refresh
from jianpin.indicators.models import Indicator, IndicatorValue, Report, Subject
from jianpin.indicators.queries import area_values
from jianpin.indicators.report_content import build
from jianpin.indicators.reports import do_request_report, path_of
from jianpin.kernel.errors import DomainError
from jianpin.projects.funds import funds_report
from jianpin.regions.models import Region
from jianpin.rules.errors import RuleError
from jianpin.standards.actions import do_set_standard

pytestmark = pytest.mark.django_db


def values(code: str, year: int = 2025) -> dict[str, tuple[D, D | None, D | None]]:
    return {v.indicator.code: (v.numerator, v.denominator, v.value)
            for v in IndicatorValue.objects.filter(region_id=code, year=year,
                                                   indicator__subject=Subject.FUNDS)
            .select_related("indicator")}


@pytest.mark.usefixtures("money")
def test_fund_indicators_by_hand() -> None:
    do_refresh(None, 2025, COUNTY)
    county = values(COUNTY)
    assert county["fund_allocated"] == (D("1200000"), None, D("1200000"))
    assert county["fund_disbursed"] == (D("675000.50"), None, D("675000.50"))
    assert county["fund_execution_rate"] == (D("675000.50"), D("1200000"), D("56.2500"))
    assert county["central_fund_execution_rate"] == (D("675000.50"), D("1000000"),
                                                     D("67.5001"))
    assert county["industry_share_central"] == (D("600000"), D("1000000"), D("60.0000"))
    assert county["industry_share_linkage"] == (D("800000"), D("1200000"), D("66.6667"))
    township = values(TOWNSHIP)
    assert township["fund_execution_rate"] == (D("650000.50"), D("1100000"), D("59.0910"))
    assert township["industry_share_central"] == (D("500000"), D("900000"), D("55.5556"))
    assert values(VILLAGE)["fund_execution_rate"] == (D("150000.50"), D("400000"),
                                                      D("37.5001"))
    assert values(SIBLING_VILLAGE)["fund_execution_rate"] == (D("500000"), D("700000"),
                                                              D("71.4286"))
    # No money in the other township, and nothing of the other county.
    assert values(SIBLING_TOWNSHIP) == {}
    assert values(OTHER_COUNTY) == {}
    # The county's parts are its township's plus its own county-level project's.
    assert county["fund_allocated"][0] == township["fund_allocated"][0] + D("100000")
    do_refresh(None, 2024, COUNTY)
    assert values(COUNTY, 2024)["fund_execution_rate"] == (D("90000"), D("90000"),
                                                           D("100.0000"))


@pytest.mark.usefixtures("money")
def test_execution_rate_is_the_funds_reports() -> None:
    do_refresh(None, 2025, COUNTY)
    for code in (COUNTY, TOWNSHIP, VILLAGE):
        report = funds_report(Region.objects.get(code=code), 2025)
        value = values(code)["fund_execution_rate"][2]
        assert report.total.rate is not None and value is not None
        assert (value / 100).quantize(D("0.0001"), ROUND_HALF_UP) == report.total.rate
        assert report.industry_central is not None
        share = values(code)["industry_share_central"][2]
        assert share is not None
        assert (share / 100).quantize(D("0.0001"), ROUND_HALF_UP) == report.industry_central


@pytest.mark.usefixtures("money")
def test_industry_threshold_comes_from_the_standards(officer) -> None:  # type: ignore[no-untyped-def]
    do_refresh(None, 2025, COUNTY)
    county = Region.objects.get(code=COUNTY)
    rows = {r.code: r for r in area_values(county, 2025)[0]}
    assert rows["industry_share_central"].threshold == D("60.0000")
    assert rows["industry_share_linkage"].threshold is None
    # A province or county may set its own share; before 2023 no national share is seeded.
    do_set_standard(officer, year=2025, region_code=COUNTY, key="fund_industry_share",
                    value="0.65")
    rows = {r.code: r for r in area_values(county, 2025)[0]}
    assert rows["industry_share_central"].threshold == D("65.0000")
    assert {r.code: r for r in area_values(county, 2022)[0]}[
        "industry_share_central"].threshold is None


@pytest.mark.parametrize(("num", "error"), [
    (("count", "", ""), "资金指标只支持求和"),
    (("sum", "members", ""), "“members”不是资金的金额字段"),
    (("sum", "allocated", '[["town", "=", "x"]]'), "资金没有字段“town”"),
    (("sum", "allocated", '[["source", "=", "gold"]]'), "“source”没有代码值：gold"),
    (("sum", "allocated", '[["source", "<", "central"]]'), "未知的运算“<”"),
    (("sum", "allocated", "source = 'central'"), "应为"),
])
def test_malformed_fund_indicators_are_refused(num: tuple[str, str, str], error: str) -> None:
    ind = Indicator(code="x", name="x", subject=Subject.FUNDS, numerator_agg=num[0],
                    numerator_feature=num[1], numerator_filter=num[2])
    with pytest.raises(RuleError, match=error):
        check_indicator(ind)


@pytest.mark.usefixtures("money")
def test_fund_execution_report(officer, django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
                               settings) -> None:
    doc = build("fund_execution", Region.objects.get(code=COUNTY), 2025, None)
    assert doc.title == "五华县2025年度衔接资金支出进度表"
    by_area, by_source, by_category = doc.sections
    township = Region.objects.get(code=TOWNSHIP).name
    assert by_area.rows == [
        [township, "1,100,000.00", "650,000.50", "59.09"],
        ["五华县本级项目", "100,000.00", "25,000.00", "25.00"]]
    assert by_area.total == ["合计", "1,200,000.00", "675,000.50", "56.25"]
    assert by_source.rows == [["中央衔接资金", "1,000,000.00", "675,000.50", "67.50"],
                              ["县级衔接资金", "200,000.00", "0.00", "0.00"]]
    assert by_category.rows == [["产业", "800,000.00", "525,000.00", "65.63"],
                                ["乡村建设/基础设施", "400,000.00", "150,000.50", "37.50"]]
    assert doc.notes[:2] == ["中央衔接资金用于产业发展的比重：60.00%，达到60.00%的标准。",
                             "各级衔接资金用于产业发展的比重：66.67%。"]
    settings.JOBS_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        report = do_request_report(officer, kind="fund_execution", region_code=TOWNSHIP,
                                   year=2025, month=None, fmt="pdf")
    report.refresh_from_db()
    raw = path_of(report).read_bytes()  # type: ignore[union-attr]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)
    assert "水寨镇2025年度衔接资金支出进度表" in text.replace("\n", "")
    assert "650,000.50" in text
    with django_capture_on_commit_callbacks(execute=True):
        report = do_request_report(officer, kind="fund_execution", region_code=COUNTY,
                                   year=2025, month=None, fmt="xlsx")
    report.refresh_from_db()
    sheet = load_workbook(path_of(report)).worksheets[0]
    assert [sheet.cell(7, c).value for c in range(1, 5)] == [
        "合计", "1,200,000.00", "675,000.50", "56.25"]


def test_a_village_gets_no_fund_report(cadre) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="乡镇及以上区域"):
        do_request_report(cadre, kind="fund_execution", region_code=VILLAGE, year=2025,
                          month=None, fmt="xlsx")
    assert Report.objects.count() == 0
