"""Lines that follow the texts: shares of a yearly provincial figure, validity years, the
transition period, and the income concept of each line (values worked by hand)."""
from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.standards.actions import do_delete_reference, do_set_reference, do_set_standard
from jianpin.standards.income import concepts_of
from jianpin.standards.models import ReferenceFigure, Standard
from jianpin.standards.resolve import (
    in_transition_period,
    resolve,
    resolve_with_origin,
    transition_period,
)
from jianpin.standards.seed import SOURCE

pytestmark = pytest.mark.django_db
GD = "440000000000"


def test_seeded_guangdong_lines_are_shares_of_the_plan_figure() -> None:
    labour = Standard.objects.get(year=2016, region_code=GD, key="labour_exit_income")
    assert (labour.basis, labour.value, labour.reference, labour.reference_year,
            labour.valid_until, labour.income_concept) == (
        "share", Decimal("0.4500"), "rural_disposable_income", 2018, 2020, "disposable")
    # 0.45 × 16,367 = 7,365.15 → 7,365; 0.60 × 16,367 = 9,820.20 → 9,820 (the texts' figures)
    for year in (2016, 2018, 2020):
        got = resolve(year, VILLAGE)
        assert (got["labour_exit_income"], got["village_exit_income"]) == (7365, 9820)
        assert got["relative_line"] == 4000
    later = resolve(2021, VILLAGE)
    for key in ("labour_exit_income", "village_exit_income", "relative_line",
                "relative_village_income", "relative_village_poor_share",
                "village_exit_incidence"):
        assert key not in later
    assert later["monitoring_line"] == 6000  # open-ended national row still applies


def test_a_line_of_the_current_year_figure_follows_the_published_figures(admin_user) -> None:  # type: ignore[no-untyped-def]
    do_set_standard(admin_user, year=2019, region_code=GD, key="labour_exit_income",
                    value="0.45", basis="share", reference="rural_disposable_income",
                    valid_until=2020, note="当年全省农村居民人均可支配收入的45%")
    assert "labour_exit_income" not in resolve(2019, VILLAGE)  # no 2019 figure: no line
    do_set_reference(admin_user, key="rural_disposable_income", year=2019, region_code=GD,
                     value="18818")
    assert resolve(2019, VILLAGE)["labour_exit_income"] == Decimal(8468)  # 8,468.10
    assert "labour_exit_income" not in resolve(2020, VILLAGE)  # the 2020 figure is missing
    do_set_reference(admin_user, key="rural_disposable_income", year=2020, region_code=GD,
                     value="20143")
    assert resolve(2020, VILLAGE)["labour_exit_income"] == Decimal(9064)  # 9,064.35
    # A county figure is more local than the province's.
    do_set_reference(admin_user, key="rural_disposable_income", year=2020, region_code=COUNTY,
                     value="15000")
    assert resolve(2020, VILLAGE)["labour_exit_income"] == Decimal(6750)
    assert resolve(2020, "441481100200")["labour_exit_income"] == Decimal(9064)
    row = {i["key"]: i for i in resolve_with_origin(2020, VILLAGE)}["labour_exit_income"]
    assert (row["value"], row["figure"], row["figure_year"]) == (6750, 15000, 2020)
    events = AuditEvent.objects.filter(action="standards.reference.set").order_by("pk")
    assert [e.diff["after"]["value"] for e in events] == ["18818.00", "20143.00", "15000.00"]


def test_a_lagged_share_uses_last_years_figure(admin_user) -> None:  # type: ignore[no-untyped-def]
    do_set_reference(admin_user, key="rural_disposable_income", year=2023, region_code=GD,
                     value="25142")
    do_set_standard(admin_user, year=2024, region_code=GD, key="monitoring_line",
                    value="0.35", basis="share", reference="rural_disposable_income",
                    reference_lag=1, income_concept="disposable")
    assert resolve(2024, VILLAGE)["monitoring_line"] == Decimal(8800)  # 0.35 × 25,142 = 8,799.7
    assert resolve(2024, "520102000000")["monitoring_line"] == Decimal(6000)


def test_transition_period_is_a_standard() -> None:
    assert [in_transition_period(y, VILLAGE) for y in (2020, 2021, 2025, 2026)] == [
        False, True, True, False]
    assert transition_period(2023, VILLAGE) == (2021, 2025)
    assert transition_period(2026, VILLAGE) is None


def test_every_income_line_names_its_concept() -> None:
    lines = Standard.objects.filter(key__in=["poverty_line", "monitoring_line", "exit_income",
                                             "relative_line", "labour_exit_income",
                                             "village_exit_income", "relative_village_income"])
    assert set(lines.values_list("income_concept", flat=True)) == {"net", "disposable"}
    assert not Standard.objects.filter(key="rigid_share").exclude(income_concept="").exists()
    assert concepts_of("per_capita_net < std_monitoring_line") == {"net"}
    assert concepts_of("per_capita_net < std_labour_exit_income") == {"net", "disposable"}
    assert concepts_of("members > 3") == set()


@pytest.mark.parametrize(("fields", "error"), [
    ({"key": "monitoring_line", "value": "0.45", "basis": "share"}, "须选择参照数"),
    ({"key": "rigid_share", "value": "0.4", "basis": "share",
      "reference": "rural_disposable_income"}, "只有收入线可以按参照数的比例设定"),
    ({"key": "monitoring_line", "value": "0.45", "basis": "share",
      "reference": "rural_disposable_income", "income_concept": "net"}, "可支配收入口径"),
    ({"key": "monitoring_line", "value": "9", "basis": "share",
      "reference": "rural_disposable_income"}, "比例应大于0且不超过5"),
    ({"key": "monitoring_line", "value": "8000", "valid_until": 2023}, "有效至年度不能早于起始年度"),
    ({"key": "notice_min_days", "value": "7", "income_concept": "net"}, "只有收入线需要注明收入口径"),
])
def test_badly_stated_lines_are_refused(officer, fields, error) -> None:  # type: ignore[no-untyped-def]
    before = list(Standard.objects.values_list("pk", "value", "basis", "valid_until"))
    with pytest.raises(DomainError, match=error):
        do_set_standard(officer, year=2024, region_code=COUNTY, **fields)
    assert list(Standard.objects.values_list("pk", "value", "basis", "valid_until")) == before
    assert not AuditEvent.objects.exists()


def test_county_officer_cannot_change_the_provincial_figure(officer) -> None:  # type: ignore[no-untyped-def]
    before = list(ReferenceFigure.objects.values_list("pk", "value"))
    with pytest.raises(PermissionDenied):
        do_set_reference(officer, key="rural_disposable_income", year=2018, region_code=GD,
                         value="1")
    with pytest.raises(PermissionDenied):
        do_delete_reference(officer, ReferenceFigure.objects.get(region_code=GD, year=2018))
    assert list(ReferenceFigure.objects.values_list("pk", "value")) == before
    assert not AuditEvent.objects.exists()


def test_migration_converts_seeded_rows_and_keeps_edited_ones() -> None:
    """Put the rows back as migration 0003 left them, one edited by a county; run 0004's data
    step: the untouched row becomes a share, the edited one keeps its amount."""
    migration = importlib.import_module(
        "jianpin.standards.migrations.0004_lines_as_shares_validity_concepts")
    Standard.objects.filter(key__in=["transition_period", "village_collective_income",
                                     "village_collective_income_high"]).delete()
    ReferenceFigure.objects.all().delete()
    Standard.objects.update(basis="amount", reference="", reference_year=None, valid_until=None,
                            income_concept="")
    Standard.objects.filter(key="village_exit_income", region_code=GD).update(value=9820)
    Standard.objects.filter(key="labour_exit_income", region_code=GD).update(value=7000)
    county = Standard.objects.create(year=2016, region_code=COUNTY, region_prefix="441424",
                                     key="relative_line", value=4200, source="县级设定")
    migration.forward(apps, None)
    village = Standard.objects.get(key="village_exit_income", region_code=GD)
    assert (village.basis, village.value, village.valid_until) == ("share", Decimal("0.6"), 2020)
    labour = Standard.objects.get(key="labour_exit_income", region_code=GD)
    assert (labour.basis, labour.value, labour.valid_until, labour.source) == (
        "amount", Decimal(7000), 2020, SOURCE)
    county.refresh_from_db()
    assert (county.value, county.valid_until, county.income_concept) == (
        Decimal(4200), None, "disposable")
    assert resolve(2018, VILLAGE)["village_exit_income"] == Decimal(9820)
    assert resolve(2018, VILLAGE)["labour_exit_income"] == Decimal(7000)
    assert in_transition_period(2022, VILLAGE)
