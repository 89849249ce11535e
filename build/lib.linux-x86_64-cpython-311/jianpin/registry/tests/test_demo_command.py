"""`jianpin demo`: households from the fast generator, then every app's demo data, then the
indicator snapshot, so the dashboard opens with figures."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from jianpin.accounts.models import User
from jianpin.indicators.definitions import seed
from jianpin.indicators.models import Indicator, IndicatorValue
from jianpin.registry.models import Household
from jianpin.screening.models import ScreeningRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_demo_generates_sets_up_and_refreshes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JOBS_INLINE = True
    seed(Indicator)  # an earlier transactional test may have flushed the rows migrations ship
    out = io.StringIO()
    call_command("demo", households=600, no_serve=True, stdout=out, stderr=io.StringIO())
    assert Household.objects.filter(village__prefix__startswith="441424").count() == 600
    assert ScreeningRun.objects.filter(area_code="441424000000", year=2025).count() == 1
    assert IndicatorValue.objects.filter(region_id="441424000000", year=2025).exists()
    assert User.objects.filter(username__in=["cun", "xiang", "xian"]).count() == 3
    text = out.getvalue()
    assert "已生成演示数据：600 户" in text and "指标：已刷新 2025 年五华县指标快照" in text
    # run again: nothing is generated twice
    call_command("demo", households=600, no_serve=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert Household.objects.count() == 600
