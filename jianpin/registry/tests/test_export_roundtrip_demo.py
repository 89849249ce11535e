"""Round trips on the demonstration county (`jianpin demo` draws it with registry.synth): each
layout exported by a county officer and imported again changes nothing. Monitored households
carry 风险是否已消除 = 否, which the monitoring checks require of every monitoring object."""
from __future__ import annotations

import pytest

from jianpin.conftest import COUNTY
from jianpin.registry import synth
from jianpin.registry.io import service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.models import Household, Member

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
    name, data, count = do_export(officer, ExportRequest(layout=layout, year=2025, unmasked=True))
    (tmp_path / name).write_bytes(data)
    before = list(Household.objects.values_list("id", "version", "updated_at").order_by("id"))
    members = list(Member.objects.values_list("id", "updated_at").order_by("id"))
    out = service.run(tmp_path / name, user=officer, dry_run=False, year=2025)
    assert out.errors == []
    assert out.households == {"new": 0, "updated": 0, "unchanged": N}
    assert out.members == {"new": 0, "updated": 0, "unchanged": count}
    assert list(Household.objects.values_list("id", "version", "updated_at")
                .order_by("id")) == before
    assert list(Member.objects.values_list("id", "updated_at").order_by("id")) == members
