"""Village and county exit assessment: incidence against the threshold and add-ons."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.conftest import COUNTY, VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.registry import codes
from jianpin.villages.models import VillageYear
from jianpin.workflows import incidence
from jianpin.workflows.actions import do_create_assessment, do_transition
from jianpin.workflows.assessment_pdf import report_rows
from jianpin.workflows.tests.helpers import make_household


def test_rate() -> None:
    assert incidence.rate(3, 200) == Decimal("1.50")
    assert incidence.rate(0, 0) == Decimal("0.00")


GOOD = {"collective_income": Decimal("60000"), "road_hardened": True, "safe_water": True,
        "power": True, "broadband": True, "clinic_with_doctor": True}


def test_village_assessment_flow(seeded_standards, cadre, reviewer, officer):  # type: ignore[no-untyped-def]
    VillageYear.objects.create(village_id=VILLAGE, year=2025, **GOOD)
    for _ in range(49):
        make_household(VILLAGE, income="9900")
    make_household(VILLAGE, status=codes.HouseholdStatus.POOR, income="9900")
    a = do_create_assessment(reviewer, Region.objects.get(pk=VILLAGE), 2025)
    assert (a.rural_population, a.poor_population, a.incidence, a.threshold, a.passed) == (
        100, 2, Decimal("2.00"), Decimal("2"), False)
    a = do_transition(reviewer, a, "submit", version=a.version)
    with pytest.raises(DomainError) as err:
        do_transition(officer, a, "approve", version=a.version)
    assert err.value.code == "not_passed"
    a = do_transition(officer, a, "reject", version=a.version, note="发生率未达标")
    assert a.status == "draft"
    make_household(VILLAGE, income="9900")
    a = do_transition(reviewer, a, "submit", version=a.version)
    assert (a.rural_population, a.incidence, a.passed) == (102, Decimal("1.96"), True)
    with pytest.raises(DomainError) as err:
        do_transition(reviewer, a, "approve", version=a.version)
    a = do_transition(officer, a, "approve", version=a.version)
    assert a.status == "approved" and a.closed_at is not None


def _since_2018() -> int:
    """Years of income the helper must write so that 2018 is among them."""
    from django.utils import timezone

    return timezone.localdate().year - 2018


def test_local_addons_from_standards(seeded_standards, officer):  # type: ignore[no-untyped-def]
    """Guangdong's seeded add-ons (2016-2020): village income ≥ 60% and labour households
    ≥ 45% of the provincial figure 16,367 (9,820 and 7,365); none after 2020."""
    make_household(VILLAGE, income="5000", years=_since_2018())
    make_household(VILLAGE, income="7000", years=_since_2018())
    make_household(VILLAGE, income="7000", status=codes.HouseholdStatus.EXITED,
                   years=_since_2018())
    assert do_create_assessment(officer, Region.objects.get(pk=COUNTY), 2025).addons == []
    a = do_create_assessment(officer, Region.objects.get(pk=COUNTY), 2018)
    assert a.addons == [
        {"code": "village_income", "label": "农民人均纯收入", "target": "9820.00",
         "value": "6333.33", "passed": False},
        {"code": "labour_income", "label": "有劳动力脱贫户人均纯收入达标", "target": "7365.00",
         "value": "1户未达标", "passed": False}]
    assert (a.incidence, a.passed) == (Decimal("0.00"), False)


def test_western_threshold_from_standards(seeded_standards) -> None:  # type: ignore[no-untyped-def]
    from jianpin.workflows.settings import exit_threshold

    assert exit_threshold("522301000000", 2025) == Decimal("3.00")
    assert exit_threshold("441424100200", 2025) == Decimal("2.00")


def test_only_village_or_county(officer):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        do_create_assessment(officer, Region.objects.get(pk="441424100000"), 2025)
    assert err.value.code == "bad_level"


def test_assessment_report_pdf(seeded_standards, officer, client):  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    make_household(VILLAGE, income="5000", years=_since_2018())
    make_household(VILLAGE, income="7000", status=codes.HouseholdStatus.EXITED,
                   years=_since_2018())
    a = do_create_assessment(officer, Region.objects.get(pk=COUNTY), 2018)
    client.force_login(officer)
    response = client.get(f"/workflows/assessments/{a.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "五华县2018年退出评估报告" in text
    assert f"{a.incidence}%" in text and "地方附加：农民人均纯收入" in text
    assert "未达到退出标准" in text


def _village_items(a) -> list[tuple[str, bool, str]]:  # type: ignore[no-untyped-def]
    return [(x["code"], x["passed"], x.get("reason", "")) for x in a.addons
            if x.get("source") == "village_record"]


def test_a_village_without_a_record_does_not_pass(seeded_standards, officer):  # type: ignore[no-untyped-def]
    make_household(VILLAGE, income="9900")          # incidence 0%: only the record is missing
    VillageYear.objects.create(village_id=VILLAGE, year=2024, **GOOD)   # another year's
    a = do_create_assessment(officer, Region.objects.get(pk=VILLAGE), 2025)
    assert (a.incidence, a.passed) == (Decimal("0.00"), False)
    assert _village_items(a) == [
        ("village_record", False, "缺少2025年村级档案，无法核验集体经济收入和基础设施")]


def test_each_failing_record_item_gives_its_reason(seeded_standards, officer):  # type: ignore[no-untyped-def]
    make_household(VILLAGE, income="9900")
    VillageYear.objects.create(village_id=VILLAGE, year=2025, **{
        **GOOD, "collective_income": Decimal("30000"), "broadband": False})
    a = do_create_assessment(officer, Region.objects.get(pk=VILLAGE), 2025)
    assert a.passed is False
    assert _village_items(a) == [
        ("collective_income", False, "村集体经济收入30,000.00元，低于标准50,000.00元"),
        ("road_hardened", True, ""), ("safe_water", True, ""), ("power", True, ""),
        ("broadband", False, "通宽带：否"), ("clinic_with_doctor", True, "")]
    assert a.addons[0] == {"code": "collective_income", "label": "村集体经济收入",
                           "target": "50,000.00", "value": "30,000.00", "passed": False,
                           "source": "village_record",
                           "reason": "村集体经济收入30,000.00元，低于标准50,000.00元"}
    rows = report_rows(a)
    assert ["村级档案：通宽带", "否（标准 是）未达到：通宽带：否"] in rows
    # The record is corrected and the assessment recomputed on submit: it passes.
    VillageYear.objects.filter(village_id=VILLAGE, year=2025).update(**GOOD)
    a = do_transition(officer, a, "submit", version=a.version)
    assert a.passed is True and all(p for _, p, _ in _village_items(a))


def test_collective_income_not_filled_in_and_no_line(seeded_standards, officer):  # type: ignore[no-untyped-def]
    """No income on the record fails; where no collective income line is in force (before
    2020, when the national default starts) income is not checked."""
    make_household(VILLAGE, income="9900", years=_since_2018())
    VillageYear.objects.create(village_id=VILLAGE, year=2025,
                               **{**GOOD, "collective_income": None})
    a = do_create_assessment(officer, Region.objects.get(pk=VILLAGE), 2025)
    assert _village_items(a)[0] == ("collective_income", False,
                                    "2025年村级档案未填报村集体经济收入")
    VillageYear.objects.create(village_id=VILLAGE, year=2019, **GOOD)
    old = do_create_assessment(officer, Region.objects.get(pk=VILLAGE), 2019)
    assert [c for c, _, _ in _village_items(old)] == [
        "road_hardened", "safe_water", "power", "broadband", "clinic_with_doctor"]


def test_a_county_assessment_has_no_record_items(seeded_standards, officer):  # type: ignore[no-untyped-def]
    make_household(VILLAGE, income="9900")
    a = do_create_assessment(officer, Region.objects.get(pk=COUNTY), 2025)
    assert _village_items(a) == [] and a.passed is True
