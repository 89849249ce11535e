"""Round trips on the demonstration county (`jianpin demo` draws it with registry.synth): each
layout exported by a county officer and imported again changes nothing. Monitored households
carry 风险是否已消除 = 否, which the monitoring checks require of every monitoring object; the
households the monitoring system follows carry living conditions (户信息) and their members
who work away from the township periods of migrant work (已外出务工信息) that agree with their
务工时间（月）, and those come back unchanged too."""
from __future__ import annotations

from typing import Any

import pytest

from jianpin.conftest import COUNTY
from jianpin.registry import codes, synth
from jianpin.registry.fields import LIVING, WORK_PERIOD
from jianpin.registry.io.periods import months_in_year
from jianpin.registry.models import Household, Member, WorkPeriod
from jianpin.registry.tests.io_helpers import assert_export_reimports_unchanged

pytestmark = pytest.mark.django_db
N = 300
AWAY = ("县内务工", "省内务工", "省外务工")


@pytest.fixture
def county() -> int:
    synth.generate(N, COUNTY, seed=441424)
    return Household.objects.exclude(monitoring_kind="").count()


def _periods() -> list[tuple[Any, ...]]:
    return list(WorkPeriod.objects.order_by("member_id", "start", "id").values_list(
        "id", "member_id", *WORK_PERIOD))


def _living() -> list[tuple[Any, ...]]:
    return list(Household.objects.order_by("id").values_list("id", *LIVING))


def test_monitored_households_say_their_risk_is_not_eliminated(county: int) -> None:
    monitored = Household.objects.exclude(monitoring_kind="")
    assert county > 0
    assert list(monitored.order_by().values_list("risk_eliminated", flat=True).distinct()) == [False]
    assert Household.objects.filter(monitoring_kind="", risk_eliminated__isnull=False).count() == 0


def test_followed_households_have_living_conditions_and_work_periods(county: int) -> None:
    followed = Household.objects.exclude(identified_on=None) | Household.objects.exclude(
        monitoring_kind="")
    recorded = Household.objects.exclude(road_hardened=None)
    assert (N, followed.distinct().count(), recorded.count()) == (300, 85, 85)
    assert set(recorded.values_list("pk", flat=True)) == set(followed.values_list("pk", flat=True))
    # a dilapidated house is one graded C or D; a toilet type only with a sanitary toilet
    assert set(recorded.filter(dilapidated=True).values_list("housing_grade", flat=True)) <= {"C", "D"}
    assert not recorded.filter(sanitary_toilet=False).exclude(toilet_type="").exists()
    assert not recorded.filter(tap_water=True, water_safe=False).exists()
    periods = WorkPeriod.objects.select_related("member")
    assert (periods.count(), periods.values("member").distinct().count(),
            periods.values("member__household").distinct().count()) == (119, 88, 51)
    workers = Member.objects.filter(work_periods__isnull=False).distinct()
    for m in workers:       # of working age, working away, months as the import computes them
        age = 2025 - m.birth_date.year
        assert 16 <= age <= 60 and m.work_status in AWAY and m.labour_ability in \
            codes.WITH_LABOUR and m.school_status == codes.SchoolStatus.NOT_IN_SCHOOL, m.name
        assert months_in_year(list(m.work_periods.values()), 2025) == m.work_months
        assert m.work_place == m.work_periods.order_by("-start").first().county
    # every member who works away from the township in a followed household has them
    assert workers.count() == Member.objects.filter(
        household__in=followed, work_status__in=AWAY).count()


@pytest.mark.parametrize("layout", ["monitoring", "national", "template"])
def test_round_trip_of_the_demo_county_changes_nothing(tmp_path, officer, county, layout) -> None:  # type: ignore[no-untyped-def]
    periods, living = _periods(), _living()
    assert len(periods) == 119
    assert_export_reimports_unchanged(tmp_path, officer, layout, 2025, N)
    assert (_periods(), _living()) == (periods, living)
