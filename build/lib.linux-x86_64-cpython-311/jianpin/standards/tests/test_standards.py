from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, OTHER_COUNTY, TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.standards.actions import do_delete_standard, do_set_standard
from jianpin.standards.models import NATIONAL, Standard
from jianpin.standards.resolve import resolve, resolve_many

pytestmark = pytest.mark.django_db


def test_seeded_national_values_by_year() -> None:
    assert resolve(2016, VILLAGE)["poverty_line"] == Decimal(2855)
    assert resolve(2019, VILLAGE)["poverty_line"] == Decimal(3335)
    assert resolve(2024, VILLAGE)["poverty_line"] == Decimal(4000)
    assert resolve(2024, VILLAGE)["monitoring_line"] == Decimal(6000)
    assert "monitoring_line" not in resolve(2019, VILLAGE)
    assert Standard.objects.filter(editable=False).count() == 0


def test_province_rows_inherit_down_and_western_incidence() -> None:
    wuhua = resolve(2018, VILLAGE)
    assert wuhua["relative_line"] == Decimal(4000)
    assert wuhua["labour_exit_income"] == Decimal(7365)
    assert wuhua["village_exit_income"] == Decimal(9820)
    assert wuhua["village_exit_incidence"] == Decimal("0.02")
    guizhou = resolve(2018, "520102000000")
    assert guizhou["village_exit_incidence"] == Decimal("0.03")
    assert "relative_line" not in guizhou


def test_county_officer_sets_county_line_with_audit(officer) -> None:  # type: ignore[no-untyped-def]
    row = do_set_standard(officer, year=2024, region_code=COUNTY, key="monitoring_line",
                          value="8800", note="县定")
    assert row.region_prefix == "441424"
    both = resolve_many(2024, [VILLAGE, "441481100200"])
    assert both[VILLAGE]["monitoring_line"] == Decimal(8800)
    assert both["441481100200"]["monitoring_line"] == Decimal(6000)
    # The county's 2024 value carries into later years until someone sets a newer one.
    assert resolve(2025, VILLAGE)["monitoring_line"] == Decimal(8800)
    do_set_standard(officer, year=2024, region_code=COUNTY, key="monitoring_line", value="8700")
    events = AuditEvent.objects.filter(action="standards.standard.set").order_by("pk")
    assert [e.diff["after"]["value"] for e in events] == ["8800.0000", "8700.0000"]
    assert events[1].diff["before"]["value"] == "8800.0000"
    do_delete_standard(officer, Standard.objects.get(pk=row.pk))
    assert resolve(2024, VILLAGE)["monitoring_line"] == Decimal(6000)
    assert AuditEvent.objects.filter(action="standards.standard.delete").count() == 1


@pytest.mark.parametrize(("code", "key", "value", "error"), [
    (COUNTY, "rigid_share", "1.5", "比例类标准应在0到1之间"),
    (COUNTY, "monitoring_line", "-1", "标准数值不能为负数"),
    (COUNTY, "monitoring_line", "abc", "数值格式不正确"),
    (COUNTY, "nope", "1", "未知的标准项"),
])
def test_bad_values_refused(officer, code, key, value, error) -> None:  # type: ignore[no-untyped-def]
    before = Standard.objects.count()
    with pytest.raises(DomainError, match=error):
        do_set_standard(officer, year=2024, region_code=code, key=key, value=value)
    assert Standard.objects.count() == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("code", [OTHER_COUNTY, NATIONAL, "440000000000"])
def test_officer_cannot_edit_outside_or_above(officer, code) -> None:  # type: ignore[no-untyped-def]
    before = list(Standard.objects.values_list("pk", "value"))
    with pytest.raises(PermissionDenied):
        do_set_standard(officer, year=2021, region_code=code, key="monitoring_line", value="1")
    assert list(Standard.objects.values_list("pk", "value")) == before
    assert not AuditEvent.objects.exists()


def test_reviewer_cannot_edit(reviewer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        do_set_standard(reviewer, year=2024, region_code=TOWNSHIP, key="monitoring_line",
                        value="1")
    assert not Standard.objects.filter(region_code=TOWNSHIP).exists()


def test_page_shows_effective_values_and_saves(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    page = client.get("/standards/?year=2024")
    assert page.status_code == 200
    text = page.content.decode()
    assert "防止返贫监测线（元/人·年）" in text and "6,000" in text
    assert "2024年处于巩固拓展脱贫攻坚成果过渡期（2021-2025年）" in text
    old = client.get("/standards/?year=2018").content.decode()
    assert "7,365" in old and "0.45 × 农村居民人均可支配收入（元/人·年）（2018年：16,367）" in old
    saved = client.post("/standards/?year=2024", {"year": 2024, "region_code": COUNTY,
                                                   "key": "monitoring_line", "value": "8800",
                                                   "note": ""})
    assert saved.status_code == 302
    assert resolve(2024, VILLAGE)["monitoring_line"] == Decimal(8800)
    refused = client.post("/standards/", {"year": 2024, "region_code": OTHER_COUNTY,
                                          "key": "monitoring_line", "value": "1", "note": ""})
    assert refused.status_code == 400
    assert "不在您的管辖区域内" in refused.content.decode()


def test_page_denied_to_cadre(client, cadre) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cadre)
    assert client.get("/standards/").status_code == 403


@pytest.mark.parametrize(("value", "note", "error"), [
    ("0", "", "任何地方规定都不能低于1"),
    ("0", "依据《某省扶贫对象识别办法》第8条", "任何地方规定都不能低于1"),
    ("3", "", "低于5须在说明中写明所依据的地方规定"),
    ("4.5", "县里定的", "低于5须在说明中写明所依据的地方规定"),
])
def test_notice_days_below_the_legal_minimum_are_refused(officer, value, note, error) -> None:  # type: ignore[no-untyped-def]
    from jianpin.workflows.settings import value as wf_value

    before = list(Standard.objects.values_list("pk", "year", "region_code", "key", "value"))
    with pytest.raises(DomainError, match=error):
        do_set_standard(officer, year=2026, region_code=COUNTY, key="notice_min_days", value=value,
                        note=note)
    assert list(Standard.objects.values_list("pk", "year", "region_code", "key", "value")) == before
    assert not AuditEvent.objects.exists()
    assert wf_value("notice_min_days", VILLAGE, 2026) == 5


def test_notice_days_below_five_with_a_documented_local_rule(officer) -> None:  # type: ignore[no-untyped-def]
    rule = "依据《某省扶贫对象动态管理办法》第12条，公示3天"
    row = do_set_standard(officer, year=2026, region_code=COUNTY, key="notice_min_days", value="3",
                          note=rule)
    assert (row.value, row.note) == (Decimal(3), rule)
    assert do_set_standard(officer, year=2026, region_code=COUNTY, key="notice_min_days",
                           value="7").value == Decimal(7)  # above the minimum needs no note


@pytest.mark.parametrize(("language", "fields", "message"), [
    ("zh-hans", {"key": "monitoring_line", "value": "abc"}, "数值格式不正确：abc"),
    ("en", {"key": "monitoring_line", "value": "abc"}, "Not a valid number: abc"),
    ("zh-hans", {"key": "nope", "value": "1"}, "未知的标准项：nope"),
    ("en", {"key": "nope", "value": "1"}, "Unknown standard: nope"),
    ("zh-hans", {"key": "monitoring_line", "value": "1", "valid_until": "x"}, "有效至年度应为年份"),
    ("en", {"key": "monitoring_line", "value": "1", "valid_until": "x"},
     "Valid until (year) must be a year"),
    ("zh-hans", {"key": "notice_min_days", "value": "0"}, "村内公示不少于5天；任何地方规定都不能低于1"),
    ("en", {"key": "notice_min_days", "value": "0"},
     "Public notice in the village lasts at least 5 days; no local rule may set less than 1"),
])
def test_refusals_in_both_languages(officer, language, fields, message) -> None:  # type: ignore[no-untyped-def]
    with translation.override(language), pytest.raises(DomainError) as refused:
        do_set_standard(officer, year=2024, region_code=COUNTY, **fields)
    assert refused.value.message == message
    assert not Standard.objects.filter(region_prefix="441424").exists()
    assert not AuditEvent.objects.exists()
