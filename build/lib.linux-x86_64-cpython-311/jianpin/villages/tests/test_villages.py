"""Village records: 相对贫困村 from the standards, collective income from its sources,
area-scoped audited writes and the pages."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.villages.actions import do_save_village_year
from jianpin.villages.models import VillageYear

pytestmark = pytest.mark.django_db


def _save(user, year: int = 2018, **data):  # type: ignore[no-untyped-def]
    sources = data.pop("sources", None)
    units = data.pop("units", None)
    return do_save_village_year(user, village_code=VILLAGE, year=year, data=data,
                                sources=sources, units=units)


@pytest.mark.parametrize(("year", "income", "registered", "poor", "expected"), [
    (2018, "7000", 1000, 50, True),     # 7,000 < 8,000 and 50/1,000 = 5% ≥ 5%
    (2018, "7000", 1000, 49, False),    # 4.9% < 5%
    (2018, "8000", 1000, 80, False),    # not below 8,000
    (2016, "7999.99", 20, 1, True),     # 1/20 = 5%
    (2018, "7000", None, 50, None),     # population missing
    (2022, "7000", 1000, 200, None),    # the criteria ended in 2020
])
def test_relatively_poor_village_from_the_standards(cadre, year, income, registered, poor,  # type: ignore[no-untyped-def]
                                                    expected) -> None:
    row = _save(cadre, year=year, per_capita_disposable=income,
                registered_population=registered, poor_population=poor)
    assert row.relative_poor is expected


def test_collective_income_is_the_sum_of_its_sources_and_audited(cadre) -> None:  # type: ignore[no-untyped-def]
    row = _save(cadre, year=2024, exited_poor_village=True, road_hardened=True, safe_water=True,
                first_secretary="李明", first_secretary_unit="县农业农村局", work_team_size=3,
                sources={"business": "32,000", "asset": "18000.50", "other": ""},
                units=[("designated", "县农业农村局"), ("east_west", "广州市番禺区"),
                       ("enterprise", " "), ("designated", "县农业农村局")])
    assert row.collective_income == Decimal("50000.50")
    assert sorted((s.source, s.amount) for s in row.sources.all()) == [
        ("asset", Decimal("18000.50")), ("business", Decimal("32000.00"))]
    assert [(u.kind, u.name) for u in row.units.all()] == [
        ("designated", "县农业农村局"), ("east_west", "广州市番禺区")]
    event = AuditEvent.objects.get(action="villages.record.save")
    assert event.region_code == VILLAGE and event.diff["before"] == {}
    assert event.diff["after"]["collective_income"] == "50000.50"
    assert event.diff["after"]["sources"] == {"asset": "18000.50", "business": "32000.00"}
    again = _save(cadre, year=2024, collective_income="60000")
    assert (again.pk, again.collective_income, again.sources.count(), again.units.count()) == (
        row.pk, Decimal("60000.00"), 0, 0)
    second = AuditEvent.objects.filter(action="villages.record.save").order_by("pk")[1]
    assert second.diff["before"]["collective_income"] == "50000.50"


@pytest.mark.parametrize(("data", "error"), [
    ({"collective_income": "40000", "sources": {"business": "30000"}},
     "各项收入来源合计30,000.00元，与集体经济收入40,000.00元不一致"),
    ({"registered_population": 10, "poor_population": 11}, "贫困人口不能多于户籍人口"),
    ({"first_secretary": "李明"}, "请填写第一书记的派出单位"),
    ({"collective_income": "-1"}, "应为不小于0的数额"),
    ({"units": [("twinning", "某单位")]}, "未知的帮扶类型"),
])
def test_bad_records_are_refused(cadre, data, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=error):
        _save(cadre, **data)
    assert not VillageYear.objects.exists()
    assert not AuditEvent.objects.exists()


def test_outside_the_area_or_without_the_right_nothing_changes(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        do_save_village_year(cadre, village_code=SIBLING_VILLAGE, year=2024,
                             data={"collective_income": "1"})
    with pytest.raises(PermissionDenied):
        do_save_village_year(auditor, village_code=VILLAGE, year=2024,
                             data={"collective_income": "1"})
    assert not VillageYear.objects.exists()
    assert not AuditEvent.objects.exists()


def test_pages_list_and_save(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cadre)
    saved = client.post(f"/villages/{VILLAGE}/2024/", {
        "collective_income": "", "source_business": "52000", "broadband": "on",
        "first_secretary": "李明", "first_secretary_unit": "县农业农村局",
        "unit_kind_0": "enterprise", "unit_name_0": "某农业公司"})
    assert saved.status_code == 302
    row = VillageYear.objects.get(village_id=VILLAGE, year=2024)
    assert (row.collective_income, row.broadband, row.safe_water) == (Decimal(52000), True, False)
    assert client.get(f"/villages/{SIBLING_VILLAGE}/2024/").status_code == 404
    officer_client = Client()
    officer_client.force_login(officer)
    body = officer_client.get("/villages/?year=2024&area=441424100000").content.decode()
    assert "52,000" in body and "李明" in body
    record = officer_client.get(f"/villages/{VILLAGE}/2024/").content.decode()
    assert 'value="52000.00"' in record


def test_a_changed_standard_shows_without_saving_the_record(cadre, officer) -> None:  # type: ignore[no-untyped-def]
    """Saved as 相对贫困村 by the 2018 line (7,000 < 8,000); the county then sets its own line of
    6,500: the page and the village indicators say no, the stored row still says yes."""
    from jianpin.indicators.actions import do_refresh
    from jianpin.indicators.definitions import seed
    from jianpin.indicators.models import Indicator, IndicatorValue
    from jianpin.standards.actions import do_set_standard

    seed(Indicator)
    _save(cadre, year=2018, per_capita_disposable="7000", registered_population=1000,
          poor_population=50)

    def indicator() -> Decimal | None:
        do_refresh(None, 2018, "441424000000")
        return IndicatorValue.objects.get(indicator__code="relative_poor_villages",
                                          region_id=VILLAGE, year=2018).value

    client = Client()
    client.force_login(cadre)

    def page() -> str:
        html = client.get(f"/villages/{VILLAGE}/2018/").content.decode()
        return html.split("相对贫困村（按标准计算）", 1)[1][:60]

    assert indicator() == Decimal(1) and "<b>是</b>" in page()
    do_set_standard(officer, year=2018, region_code="441424000000",
                    key="relative_village_income", value="6500")
    assert indicator() == Decimal(0) and "<b>否</b>" in page()
    assert VillageYear.objects.get(village_id=VILLAGE, year=2018).relative_poor is True


@pytest.mark.parametrize(("language", "data", "message"), [
    ("zh-hans", {"collective_income": "abc"}, "村集体经济收入（元）格式不正确：abc"),
    ("en", {"collective_income": "abc"}, "Collective income (yuan) is not a valid number: abc"),
    ("zh-hans", {"poor_population": "-2"}, "贫困人口不能为负数"),
    ("en", {"poor_population": "-2"}, "Poor population cannot be negative"),
    ("zh-hans", {"collective_income": "40000", "sources": {"business": "30000"}},
     "各项收入来源合计30,000.00元，与集体经济收入40,000.00元不一致"),
    ("en", {"collective_income": "40000", "sources": {"business": "30000"}},
     "The income sources add up to 30,000.00 yuan, not the collective income of 40,000.00 yuan"),
    ("zh-hans", {"sources": {"lottery": "1"}}, "未知的收入来源：lottery"),
    ("en", {"sources": {"lottery": "1"}}, "Unknown income source: lottery"),
])
def test_refusals_in_both_languages(cadre, language, data, message) -> None:  # type: ignore[no-untyped-def]
    with translation.override(language), pytest.raises(DomainError) as refused:
        _save(cadre, **data)
    assert refused.value.message == message
    assert not VillageYear.objects.exists()
    assert not AuditEvent.objects.exists()
