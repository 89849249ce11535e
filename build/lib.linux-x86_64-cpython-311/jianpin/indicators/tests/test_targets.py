"""Annual targets and monthly progress, worked by hand on the small county of `fixture`
(2025): 贫困户 persons 3 + 4 + 3 = 10, 脱贫户 persons 2 + 2 = 4, 20 persons in all;
monitored households 3, of which 2 with a helper."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal as D
from unittest import mock

import pytest
from django.test import Client
from django.utils import translation

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, OTHER_COUNTY, TOWNSHIP
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.models import Target, TargetProgress
from jianpin.indicators.targets import do_delete_target, do_set_target, met, plan_rows
from jianpin.indicators.tests import fixture
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[mock.MagicMock]:
    with mock.patch("django.utils.timezone.now") as now:
        now.return_value = dt.datetime(2025, 3, 31, 17, 30, tzinfo=dt.UTC)  # 1 April in China
        yield now


def _targets(officer) -> None:  # type: ignore[no-untyped-def]
    do_set_target(officer, indicator_code="exit_share", region_code=COUNTY, year=2025,
                  value="30", note="到2016年底30%实现脱贫")
    do_set_target(officer, indicator_code="poverty_incidence", region_code=COUNTY, year=2025,
                  value="2")
    do_set_target(officer, indicator_code="assistance_coverage", region_code=COUNTY,
                  year=2025, value="60")


def test_progress_by_month_against_targets(officer, clock) -> None:  # type: ignore[no-untyped-def]
    fixture.build()
    _targets(officer)
    do_refresh(None, 2025, COUNTY)
    rows = {r.target.indicator.code: r for r in plan_rows(Region.objects.get(code=COUNTY),
                                                          2025, False)}
    assert (rows["exit_share"].current, rows["exit_share"].met) == (D("28.5714"), False)
    assert (rows["poverty_incidence"].current, rows["poverty_incidence"].met) == (
        D("50.0000"), False)
    assert (rows["assistance_coverage"].current, rows["assistance_coverage"].met) == (
        D("66.6667"), True)
    assert rows["exit_share"].months[3] == D("28.5714")  # April, in Shanghai
    assert rows["exit_share"].months[:3] == [None, None, None]
    # In May the two poor households not monitored (3 + 3 persons) leave poverty: 10 of 14.
    clock.return_value = dt.datetime(2025, 5, 10, 2, 0, tzinfo=dt.UTC)
    from jianpin.registry.models import Household
    Household.objects.filter(village__code__startswith="441424", status="贫困户",
                             monitoring_kind="").update(status="脱贫户")
    do_refresh(None, 2025, COUNTY)
    row = {r.target.indicator.code: r for r in plan_rows(Region.objects.get(code=COUNTY),
                                                         2025, False)}["exit_share"]
    assert (row.months[3], row.months[4], row.current, row.met) == (
        D("28.5714"), D("71.4286"), D("71.4286"), True)
    assert TargetProgress.objects.count() == 6


def test_a_past_year_is_recorded_as_december(officer, clock) -> None:  # type: ignore[no-untyped-def]
    fixture.build()
    do_set_target(officer, indicator_code="households", region_code=TOWNSHIP, year=2024,
                  value="5")
    do_refresh(None, 2024, COUNTY)
    assert list(TargetProgress.objects.values_list("month", "value")) == [(12, D(5))]
    do_set_target(officer, indicator_code="households", region_code=TOWNSHIP, year=2026,
                  value="5")
    do_refresh(None, 2026, COUNTY)  # a future year has no month yet
    assert TargetProgress.objects.count() == 1


def test_met_follows_the_direction() -> None:
    assert [met("higher", D(80), D(80)), met("higher", D("79.9"), D(80)),
            met("lower", D(2), D(2)), met("lower", D("2.01"), D(2)),
            met("lower", None, D(2))] == [True, False, True, False, None]


def test_targets_are_audited_and_scoped(officer, reviewer) -> None:  # type: ignore[no-untyped-def]
    row = do_set_target(officer, indicator_code="poverty_incidence", region_code=COUNTY,
                        year=2025, value="3")
    do_set_target(officer, indicator_code="poverty_incidence", region_code=COUNTY, year=2025,
                  value="2")
    events = AuditEvent.objects.filter(action="indicators.target.set").order_by("pk")
    assert [(e.diff["before"], e.diff["after"]["value"]) for e in events] == [
        ({}, "3.0000"), ({"value": "3.0000", "note": ""}, "2.0000")]
    before = list(Target.objects.values_list("pk", "value"))
    with pytest.raises(PermissionDenied):
        do_set_target(officer, indicator_code="poverty_incidence", region_code=OTHER_COUNTY,
                      year=2025, value="1")
    with pytest.raises(PermissionDenied):
        do_set_target(reviewer, indicator_code="poverty_incidence", region_code=TOWNSHIP,
                      year=2025, value="1")
    with pytest.raises(PermissionDenied):
        do_delete_target(reviewer, row)
    with pytest.raises(DomainError, match="百分比不超过100"):
        do_set_target(officer, indicator_code="poverty_incidence", region_code=COUNTY,
                      year=2025, value="120")
    assert list(Target.objects.values_list("pk", "value")) == before
    assert AuditEvent.objects.filter(action="indicators.target.set").count() == 2


def test_dashboard_shows_plan_against_progress(officer, clock) -> None:  # type: ignore[no-untyped-def]
    fixture.build()
    _targets(officer)
    do_refresh(None, 2025, COUNTY)
    client = Client()
    client.force_login(officer)
    body = client.get("/indicators/?year=2025").content.decode()
    assert "计划与进展" in body and 'data-target="exit_share"' in body
    assert "未达成" in body and "已达成" in body and "plan-data" in body
    page = client.post("/indicators/targets/", {"indicator": "exit_share", "region_code": "",
                                                "year": 2026, "value": "70", "note": ""})
    assert page.status_code == 302
    assert Target.objects.get(year=2026).region_id == COUNTY


@pytest.mark.parametrize(("language", "fields", "message"), [
    ("zh-hans", {"indicator_code": "nope"}, "未知的指标：nope"),
    ("en", {"indicator_code": "nope"}, "Unknown indicator: nope"),
    ("zh-hans", {"value": "三"}, "目标值格式不正确：三"),
    ("en", {"value": "三"}, "The target is not a valid number: 三"),
])
def test_target_refusals_in_both_languages(officer, language, fields, message) -> None:  # type: ignore[no-untyped-def]
    args = {"indicator_code": "poverty_incidence", "region_code": COUNTY, "year": 2025,
            "value": "3", **fields}
    with translation.override(language), pytest.raises(DomainError) as refused:
        do_set_target(officer, **args)
    assert refused.value.message == message
    assert not Target.objects.exists()
    assert not AuditEvent.objects.exists()
