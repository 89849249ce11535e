"""Round trips on the demonstration county (`jianpin demo` draws it with registry.synth): each
layout exported by a county officer and imported again changes nothing. Monitored households
carry 风险是否已消除 = 否, which the monitoring checks require of every monitoring object."""
from __future__ import annotations

import pytest

from jianpin.conftest import COUNTY
from jianpin.registry import synth
from jianpin.registry.models import Household
from jianpin.registry.tests.io_helpers import assert_export_reimports_unchanged

pytestmark = pytest.mark.django_db
N = 300


@pytest.fixture
def county() -> int:
    synth.generate(N, COUNTY, seed=441424)
    return Household.objects.exclude(monitoring_kind="").count()


def test_monitored_households_say_their_risk_is_not_eliminated(county: int) -> None:
    monitored = Household.objects.exclude(monitoring_kind="")
    assert county > 0
    assert list(monitored.order_by().values_list("risk_eliminated", flat=True).distinct()) == [False]
    assert Household.objects.filter(monitoring_kind="", risk_eliminated__isnull=False).count() == 0


@pytest.mark.parametrize("layout", ["monitoring", "national", "template"])
def test_round_trip_of_the_demo_county_changes_nothing(tmp_path, officer, county, layout) -> None:  # type: ignore[no-untyped-def]
    assert_export_reimports_unchanged(tmp_path, officer, layout, 2025, N)
