"""Households that entered or left monitoring, in the monthly and the annual report, and the
annual report's funds part. Worked by hand (March 2025):

  水寨镇  协和村  A 3 persons, monitored since 2025-03-05                       new in March
                 B 2 persons, since 2024-11-02, eliminated 2025-03-31 帮扶消除    eliminated in March
                 C 4 persons, since 2025-02-28                                  new in February
                 F 2 persons, since 2025-04-01                                  new in April
          河尾村  D 5 persons, since 2025-03-01, eliminated 2025-03-20 自然消除    both in March
  河东镇  its first village: E 1 person, since 2024-06-01, eliminated 2025-03-15 自然消除
  兴宁市 (another county): X 6 persons, since 2025-03-10                        never counted

March, 水寨镇: new A + D = 2 households, 8 persons; eliminated B + D = 2, 7 (1 assisted, 1
natural); 河东镇: eliminated E = 1, 1 (natural). The county: 2, 8, 3, 8, 1, 2.
The year 2025 adds C and F to 水寨镇's new: 4 households, 14 persons.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianpin.accounts.models import User
from jianpin.conftest import COUNTY, SIBLING_TOWNSHIP, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.indicators.report_content import build
from jianpin.indicators.report_doc import Section
from jianpin.indicators.report_flows import period
from jianpin.indicators.tests.fixture import third_village
from jianpin.regions.models import Region
from jianpin.registry.tests.helpers import make_household
from jianpin.workflows.actions import do_transition
from jianpin.workflows.models import Case
from jianpin.workflows.tests.test_elimination_exit import open_elimination

pytestmark = pytest.mark.django_db
D = dt.date
FLOWS_NOTE = ("新识别和风险消除按户的纳入监测时间、消除监测时间统计（生成报表时的建档数据），"
              "人数为家庭人口。")
HEADERS = ["新识别监测户数（户）", "新识别监测人数（人）", "风险消除户数（户）", "风险消除人数（人）",
           "其中帮扶消除（户）", "其中自然消除（户）"]


@pytest.fixture
def moves() -> None:
    marginal = "边缘易致贫户"
    make_household(VILLAGE, size=3, monitoring_kind=marginal, monitoring_since=D(2025, 3, 5),
                   risk_eliminated=False)
    make_household(VILLAGE, size=2, monitoring_since=D(2024, 11, 2), risk_eliminated=True,
                   elimination_method="帮扶消除", risk_eliminated_on=D(2025, 3, 31))
    make_household(VILLAGE, size=4, monitoring_kind=marginal, monitoring_since=D(2025, 2, 28))
    make_household(VILLAGE, size=2, monitoring_kind=marginal, monitoring_since=D(2025, 4, 1))
    make_household(SIBLING_VILLAGE, size=5, monitoring_since=D(2025, 3, 1), risk_eliminated=True,
                   elimination_method="自然消除", risk_eliminated_on=D(2025, 3, 20))
    make_household(third_village(), size=1, monitoring_since=D(2024, 6, 1), risk_eliminated=True,
                   elimination_method="自然消除", risk_eliminated_on=D(2025, 3, 15))
    make_household("441481001001", size=6, monitoring_kind=marginal,
                   monitoring_since=D(2025, 3, 10))


def _rows(section: Section) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in section.rows}


def _names() -> tuple[str, str]:
    return Region.objects.get(code=TOWNSHIP).name, Region.objects.get(code=SIBLING_TOWNSHIP).name


def test_periods_are_whole_months_or_years() -> None:
    assert period(2025, 2) == (D(2025, 2, 1), D(2025, 2, 28))
    assert period(2024, 2) == (D(2024, 2, 1), D(2024, 2, 29))
    assert period(2025, None) == (D(2025, 1, 1), D(2025, 12, 31))


@pytest.mark.usefixtures("moves")
def test_monthly_report_counts_the_months_new_and_eliminated() -> None:
    county = Region.objects.get(code=COUNTY)
    doc = build("monitoring_monthly", county, 2025, 3)
    flows = doc.sections[1]
    assert (flows.heading, flows.headers) == ("本月新识别监测对象和风险消除情况", ["区域", *HEADERS])
    township, other = _names()
    rows = _rows(flows)
    assert rows[township] == ["2", "8", "2", "7", "1", "1"]
    assert rows[other] == ["0", "0", "1", "1", "0", "1"]
    assert flows.total == ["合计", "2", "8", "3", "8", "1", "2"]
    assert doc.notes[-1] == FLOWS_NOTE
    # Every township has its row, the quiet ones with zeros.
    assert len(flows.rows) == Region.objects.filter(parent=county).count()
    assert {tuple(v) for k, v in rows.items() if k not in (township, other)} == {("0",) * 6}
    # A township's report has a row per village.
    village_rows = _rows(build("monitoring_monthly", Region.objects.get(code=TOWNSHIP), 2025,
                               3).sections[1])
    assert village_rows[Region.objects.get(code=VILLAGE).name] == ["1", "3", "1", "2", "1", "0"]
    assert village_rows[Region.objects.get(code=SIBLING_VILLAGE).name] == [
        "1", "5", "1", "5", "0", "1"]
    april = build("monitoring_monthly", county, 2025, 4).sections[1]
    assert april.total == ["合计", "1", "2", "0", "0", "0", "0"]


@pytest.mark.usefixtures("moves", "money")
def test_annual_report_has_the_years_flows_and_the_funds() -> None:
    doc = build("county_annual", Region.objects.get(code=COUNTY), 2025, None)
    headings = [s.heading for s in doc.sections]
    assert headings[-2:] == ["五、本年新识别监测对象和风险消除情况", "六、衔接资金支出情况"]
    flows, funds = doc.sections[-2:]
    township, other = _names()
    assert flows.headers == ["乡镇", *HEADERS]
    assert (_rows(flows)[township], _rows(flows)[other]) == (
        ["4", "14", "2", "7", "1", "1"], ["0", "0", "1", "1", "0", "1"])
    assert flows.total == ["合计", "4", "14", "3", "8", "1", "2"]
    # The same figures as the fund execution report of test_funds.
    assert funds.headers == ["资金来源", "安排资金（元）", "已支出（元）", "支出进度（%）"]
    assert funds.rows == [["中央衔接资金", "1,000,000.00", "675,000.50", "67.50"],
                          ["县级衔接资金", "200,000.00", "0.00", "0.00"]]
    assert funds.total == ["合计", "1,200,000.00", "675,000.50", "56.25"]
    assert doc.notes[:2] == ["中央衔接资金用于产业发展的比重：60.00%，达到60.00%的标准。",
                             "各级衔接资金用于产业发展的比重：66.67%。"]
    assert doc.notes[2].startswith("衔接资金支出进度 = 已支出 ÷ 安排资金，截至")
    assert doc.notes[3] == FLOWS_NOTE


def test_an_elimination_announced_through_the_workflow_counts_in_its_month(
        cadre: User, officer: User) -> None:
    case = open_elimination(cadre, monitoring_since=D(2024, 6, 1))
    Case.objects.filter(pk=case.pk).update(status="decided", submitted_by=cadre)
    case.refresh_from_db()
    today = timezone.localdate()
    township = Region.objects.get(code=TOWNSHIP)
    before = build("monitoring_monthly", township, today.year, today.month).sections[1].total
    assert before == ["合计", "0", "0", "0", "0", "0", "0"]
    do_transition(officer, case, "announce", version=case.version)
    after = build("monitoring_monthly", township, today.year, today.month).sections[1].total
    assert after == ["合计", "0", "0", "1", "2", "1", "0"]  # the helper makes 2 persons
