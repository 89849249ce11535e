"""Indicators over village records, worked by hand (year 2024, lines 50,000 / 100,000).

  水寨镇: 协和 60,000 yuan (road, water, first secretary, one paired unit); 河尾 30,000 (road)
  河东镇: its first village 120,000 (nothing else)
  兴宁市: one village 200,000 (never counted in 五华县)
"""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from jianpin.conftest import COUNTY, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.models import Indicator, IndicatorValue
from jianpin.indicators.tests import fixture
from jianpin.rules.errors import RuleError
from jianpin.standards.actions import do_set_standard
from jianpin.villages.models import PairedUnit, VillageYear

pytestmark = pytest.mark.django_db
YEAR = 2024


def _record(code: str, income: int, **flags: object) -> VillageYear:
    return VillageYear.objects.create(village_id=code, year=YEAR, collective_income=income,
                                      **flags)


@pytest.fixture
def villages() -> None:
    row = _record(VILLAGE, 60000, road_hardened=True, safe_water=True, first_secretary="李明",
                  first_secretary_unit="县农业农村局")
    PairedUnit.objects.create(record=row, kind="designated", name="县农业农村局")
    _record(SIBLING_VILLAGE, 30000, road_hardened=True)
    _record(fixture.third_village(), 120000)
    _record("441481001001", 200000, road_hardened=True)


def values(code: str) -> dict[str, tuple[D, D | None, D | None]]:
    return {v.indicator.code: (v.numerator, v.denominator, v.value)
            for v in IndicatorValue.objects.filter(region_id=code, year=YEAR)
            .select_related("indicator")}


@pytest.mark.usefixtures("villages")
def test_village_indicators_by_hand() -> None:
    do_refresh(None, YEAR, COUNTY)
    county = values(COUNTY)
    assert county["villages_recorded"] == (D(3), None, D(3))
    assert county["collective_income_any_share"] == (D(3), D(3), D("100.0000"))
    assert county["collective_income_50k_share"] == (D(2), D(3), D("66.6667"))
    assert county["collective_income_100k_share"] == (D(1), D(3), D("33.3333"))
    assert county["collective_income_mean"] == (D(210000), D(3), D("70000.0000"))
    assert county["road_hardened_share"] == (D(2), D(3), D("66.6667"))
    assert county["safe_water_village_share"] == (D(1), D(3), D("33.3333"))
    assert county["first_secretary_share"] == (D(1), D(3), D("33.3333"))
    assert county["paired_villages_share"] == (D(1), D(3), D("33.3333"))
    assert county["relative_poor_villages"] == (D(0), None, D(0))  # criteria ended in 2020
    township = values(TOWNSHIP)
    assert township["collective_income_50k_share"] == (D(1), D(2), D("50.0000"))
    assert township["collective_income_100k_share"] == (D(0), D(2), D("0.0000"))
    assert values(VILLAGE)["collective_income_50k_share"] == (D(1), D(1), D("100.0000"))
    # Additive parts roll up: the county's are the sums of its townships'.
    for code in ("villages_recorded", "collective_income_50k_share", "road_hardened_share"):
        kids = [values(t)[code] for t in (TOWNSHIP, "441424101000")]
        assert county[code][0] == sum(k[0] for k in kids)


@pytest.mark.usefixtures("villages")
def test_a_county_line_changes_the_share(officer) -> None:  # type: ignore[no-untyped-def]
    do_set_standard(officer, year=YEAR, region_code=COUNTY, key="village_collective_income",
                    value="30000")
    do_refresh(None, YEAR, COUNTY)
    assert values(COUNTY)["collective_income_50k_share"] == (D(3), D(3), D("100.0000"))


@pytest.mark.parametrize(("text", "error"), [
    ("collective_income > 1", "应为 \\[\\[字段, 运算, 值\\], …\\]"),
    ('[["members", ">", 1]]', "村级档案没有字段“members”"),
    ('[["collective_income", "~", 1]]', "未知的运算"),
    ('[["collective_income", ">=", "std:nope"]]', "未知的标准项"),
])
def test_bad_village_filters_are_refused(text, error) -> None:  # type: ignore[no-untyped-def]
    Indicator.objects.filter(code="villages_recorded").update(numerator_filter=text)
    with pytest.raises(RuleError, match=error):
        do_refresh(None, YEAR, COUNTY)
    assert not IndicatorValue.objects.exists()
