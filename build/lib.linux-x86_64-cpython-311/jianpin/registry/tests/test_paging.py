"""The household list counts no further than its cap, and offers areas that fit in one list."""
from __future__ import annotations

import pytest
from django.test import Client

from jianpin.conftest import COUNTY, VILLAGE, make_user
from jianpin.regions.models import Level, Region
from jianpin.registry import paging
from jianpin.registry.models import Household
from jianpin.registry.paging import CappedPaginator
from jianpin.registry.tests.helpers import make_household
from jianpin.registry.views import AREA_CHOICES, _area_choices

pytestmark = pytest.mark.django_db


def test_count_stops_past_the_cap() -> None:
    for k in range(5):
        make_household(VILLAGE, head_name=f"钟{k}")
    qs = Household.objects.order_by("number")
    capped = CappedPaginator(qs, 2, cap=3)
    assert (capped.count, capped.capped, capped.num_pages) == (4, True, 2)
    assert [h.head_name for h in capped.page(2)] == [h.head_name for h in qs[2:4]]
    exact = CappedPaginator(qs, 2, cap=5)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)


def test_list_page_says_more_than_the_cap(officer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for k in range(4):
        make_household(VILLAGE, head_name=f"廖{k}")
    client = Client()
    client.force_login(officer)
    body = client.get("/registry/households/").content.decode()
    assert "共 4 户" in body and "超过" not in body
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    body = client.get("/registry/households/").content.decode()
    assert "超过 3 户，请按区域或条件缩小范围" in body and "共 4 户" not in body
    assert "第 1 / 1 页" in body


def test_area_filter_lists_levels_that_fit() -> None:
    county = make_user("county-officer", "county_officer", COUNTY)
    province = make_user("province-officer", "county_officer", "440000000000")
    in_county = Region.objects.filter(prefix__startswith=COUNTY[:6])
    assert 0 < in_county.filter(level__in=[4, 5]).count() <= AREA_CHOICES
    assert set(_area_choices(county).values_list("level", flat=True)) == {Level.TOWNSHIP,
                                                                        Level.VILLAGE}
    # Guangdong as shipped: Meizhou's 2,269 villages are too many, its counties and townships fit
    assert Region.objects.filter(prefix__startswith="44", level=Level.VILLAGE).count() > AREA_CHOICES
    levels = set(_area_choices(province).values_list("level", flat=True))
    assert levels == {Level.COUNTY, Level.TOWNSHIP}
    assert _area_choices(province).count() <= AREA_CHOICES
