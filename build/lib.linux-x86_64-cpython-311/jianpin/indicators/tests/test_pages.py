"""The dashboard: each role sees its own area and child regions, never another area."""
from __future__ import annotations

import re

import pytest
from django.test import Client

from jianpin.accounts.models import User
from jianpin.conftest import COUNTY, OTHER_COUNTY, TOWNSHIP, VILLAGE
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.tests import fixture


def _page(user: User, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/indicators/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _cell(body: str, code: str) -> str:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', body, re.S)
    assert row is not None, code
    return re.sub(r"<[^>]+>", " ", row.group(1)).split()[1]


@pytest.fixture
def refreshed(db) -> None:  # type: ignore[no-untyped-def]
    fixture.build()
    do_refresh(None, fixture.YEAR, None)


@pytest.mark.usefixtures("refreshed")
def test_county_officer_sees_county_totals_and_townships(officer) -> None:  # type: ignore[no-untyped-def]
    body = _page(officer)
    assert "五华县 指标看板" in body and "数据截至" in body
    assert (_cell(body, "households"), _cell(body, "poverty_incidence"),
            _cell(body, "per_capita_income_mean"), _cell(body, "per_capita_income_median"),
            _cell(body, "assistance_coverage")) == ("7", "50", "5,416.67", "5,750", "66.67")
    assert "水寨镇" in body and "河东镇" in body and "合计" in body
    assert "indicator-data" in body


@pytest.mark.usefixtures("refreshed")
def test_area_outside_the_users_is_ignored(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    for query in ("", f"?area={COUNTY}", f"?area={OTHER_COUNTY}", "?area=441481001001"):
        body = _page(cadre, query)
        assert "协和村委会 指标看板" in body, query
        assert (_cell(body, "households"), _cell(body, "poverty_incidence")) == ("3", "50")
        assert "兴宁" not in body and "河尾" not in body
    body = _page(reviewer, f"?area={VILLAGE}")
    assert "协和村委会 指标看板" in body
    body = _page(reviewer, f"?area={COUNTY}")
    assert "水寨镇 指标看板" in body and _cell(body, "poverty_incidence") == "46.67"
    assert "河尾村委会" in body and "河东镇" not in body


def test_english_names(officer, refreshed, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(officer)
    body = client.get(f"/indicators/?area={TOWNSHIP}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Poverty incidence" in body and "Indicator dashboard" in body
