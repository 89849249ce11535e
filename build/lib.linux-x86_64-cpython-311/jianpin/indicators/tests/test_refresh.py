"""Exact indicator values for a village, its township and the county, rolled up by sums."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, SIBLING_TOWNSHIP, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.indicators.actions import check_indicator, do_refresh, enqueue_refresh
from jianpin.indicators.models import Indicator, IndicatorValue
from jianpin.indicators.tests import fixture
from jianpin.jobs.models import JobStatus
from jianpin.rules.errors import RuleError

D = Decimal


def values(region: str) -> dict[str, tuple[Decimal, Decimal | None, Decimal | None]]:
    return {v.indicator.code: (v.numerator, v.denominator, v.value) for v in
            IndicatorValue.objects.filter(region_id=region, year=fixture.YEAR)
            .select_related("indicator")}


@pytest.mark.django_db
def test_shipped_definitions_are_valid() -> None:
    shipped = list(Indicator.objects.all())
    assert [i.subject for i in shipped].count("household") == 19      # 0009: risk elimination
    assert [i.subject for i in shipped].count("village") == 14
    for ind in shipped:
        check_indicator(ind)


@pytest.mark.django_db
def test_refresh_gives_hand_worked_values_rolled_up_by_sums() -> None:
    third = fixture.build()
    assert do_refresh(None, fixture.YEAR, COUNTY) > 0
    village, sibling, township = values(VILLAGE), values(SIBLING_VILLAGE), values(TOWNSHIP)
    other_township, county = values(SIBLING_TOWNSHIP), values(COUNTY)
    assert values(third)["households"] == (D(2), None, D(2))

    assert village["households"] == (D(3), None, D(3))
    assert village["persons"] == (D(6), None, D(6))
    assert village["poverty_incidence"] == (D(3), D(6), D(50))
    assert village["monitored_households"] == (D(1), None, D(1))
    assert village["monitored_unstable"][2] == D(1)
    assert village["open_problem_households"][2] == D(1)
    assert village["per_capita_income_median"] == (D(4000), None, D(4000))
    assert village["per_capita_income_mean"] == (D(8000), D(2), D(4000))
    assert village["under_monitoring_line_share"] == (D(2), D(2), D(100))
    assert village["under_poverty_line_share"] == (D(1), D(2), D(50))
    assert village["assistance_coverage"] == (D(1), D(1), D(100))
    assert sibling["poverty_incidence"] == (D(4), D(9), D("44.4444"))
    assert sibling["assistance_coverage"] == (D(0), D(1), D(0))

    assert township["households"] == (D(5), None, D(5))
    assert township["poverty_incidence"] == (D(7), D(15), D("46.6667"))
    assert township["monitored_households"][2] == D(2)
    assert township["per_capita_income_median"][2] == D(6000)
    assert township["per_capita_income_mean"] == (D(24000), D(4), D(6000))
    assert township["under_monitoring_line_share"] == (D(2), D(4), D(50))
    assert township["assistance_coverage"] == (D(1), D(2), D(50))

    assert other_township["poverty_incidence"] == (D(3), D(5), D(60))
    # The county sums its townships' numerators and denominators: 10 / 20, not the mean of
    # 46.6667 and 60; the other county's household is not counted.
    assert county["households"] == (D(7), None, D(7))
    assert county["persons"][2] == D(20)
    assert county["poverty_incidence"] == (D(10), D(20), D(50))
    assert county["monitored_households"][2] == D(3)
    assert (county["monitored_unstable"][2], county["monitored_marginal"][2],
            county["monitored_sudden"][2]) == (D(1), D(1), D(1))
    assert county["per_capita_income_median"][2] == D(5750)
    assert county["per_capita_income_mean"] == (D(32500), D(6), D("5416.6667"))
    assert county["under_monitoring_line_share"] == (D(3), D(6), D(50))
    assert county["assistance_coverage"] == (D(2), D(3), D("66.6667"))
    for code in ("households", "persons", "poverty_incidence", "assistance_coverage"):
        assert county[code][0] == township[code][0] + other_township[code][0]
    assert not IndicatorValue.objects.filter(region__code__startswith="441481").exists()
    assert not IndicatorValue.objects.filter(region_id__in=["441400000000", "440000000000"]) \
        .exists()


@pytest.mark.django_db
def test_refresh_replaces_the_area_and_is_audited() -> None:
    fixture.build()
    do_refresh(None, fixture.YEAR, COUNTY)
    first = IndicatorValue.objects.count()
    do_refresh(None, fixture.YEAR, TOWNSHIP)
    assert IndicatorValue.objects.count() == first
    assert AuditEvent.objects.filter(action="indicators.refresh").count() == 2


@pytest.mark.django_db
def test_a_bad_filter_is_refused_and_nothing_changes() -> None:
    fixture.build()
    do_refresh(None, fixture.YEAR, COUNTY)
    before = sorted(IndicatorValue.objects.values_list("pk", "value"))
    Indicator.objects.filter(code="households").update(numerator_filter="members >")
    with pytest.raises(RuleError):
        do_refresh(None, fixture.YEAR, COUNTY)
    assert sorted(IndicatorValue.objects.values_list("pk", "value")) == before


@pytest.mark.django_db(transaction=True)
def test_the_job_and_the_command_refresh(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    fixture.build()
    job = enqueue_refresh(None, fixture.YEAR, COUNTY)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert values(COUNTY)["households"][2] == D(7)
    call_command("indicators", "refresh", "--area", VILLAGE, "--year", str(fixture.YEAR))
    assert "指标快照已刷新：2025 年，441424100200" in capsys.readouterr().out
    call_command("indicators", "show", "--area", COUNTY, "--year", "2025", "--json")
    import json
    shown = json.loads(capsys.readouterr().out)
    first = shown["indicators"][0]
    assert (shown["area"], first["code"], first["value"], first["unit"]) == (
        COUNTY, "households", 7.0, "户")


@pytest.mark.django_db
@pytest.mark.parametrize(("concept", "error"), [
    ("", "读取人均纯收入，须注明所用收入口径"),
    ("disposable", "读取人均纯收入，须注明所用收入口径"),
])
def test_an_income_indicator_names_its_concept(concept, error) -> None:  # type: ignore[no-untyped-def]
    fixture.build()
    Indicator.objects.filter(code="per_capita_income_median").update(income_concept=concept)
    before = sorted(IndicatorValue.objects.values_list("pk", "value"))
    with pytest.raises(RuleError, match=error):
        do_refresh(None, fixture.YEAR, COUNTY)
    assert sorted(IndicatorValue.objects.values_list("pk", "value")) == before


@pytest.mark.django_db
def test_shipped_income_indicators_name_net_income() -> None:
    named = dict(Indicator.objects.exclude(income_concept="").values_list("code", "income_concept"))
    assert named == {"per_capita_income_median": "net", "per_capita_income_mean": "net",
                     "under_poverty_line_share": "net", "under_monitoring_line_share": "net"}
    Indicator.objects.filter(code="households").update(income_concept="net")
    with pytest.raises(RuleError, match="不读取收入，不应注明收入口径"):
        do_refresh(None, fixture.YEAR, COUNTY)
