from __future__ import annotations

import dataclasses

import pytest
from django.test import Client

from jianpin.regions.models import Region
from jianpin.registry import paging, queries
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def test_counts_for_area_and_children(reviewer) -> None:  # type: ignore[no-untyped-def]
    make_household("441424100200", size=3, status="脱贫户", monitoring_kind="脱贫不稳定户")
    make_household("441424100200", size=2)
    make_household("441424100201", size=4, status="一般农户", monitoring_kind="边缘易致贫户")
    make_household("441424101001", size=5)  # another township: outside the reviewer's area
    totals = queries.area_counts(reviewer, reviewer.region)
    assert (totals.households, totals.persons) == (3, 9)
    assert totals.by_status == {"脱贫户": 1, "一般农户": 2}
    assert totals.by_kind == {"脱贫不稳定户": 1, "边缘易致贫户": 1}
    rows = {c.region.code: (c.households, c.persons, c.by_kind) for c in
            queries.child_counts(reviewer, reviewer.region) if c.households}
    assert rows == {"441424100200": (2, 5, {"脱贫不稳定户": 1}),
                    "441424100201": (1, 4, {"边缘易致贫户": 1})}


def test_home_page_drills_down_only_within_area(reviewer) -> None:  # type: ignore[no-untyped-def]
    make_household("441424100200", size=3)
    client = Client()
    client.force_login(reviewer)
    body = client.get("/").content.decode()
    assert "水寨镇 概况" in body and "协和村委会" in body
    village = client.get("/?area=441424100200").content.decode()
    assert "协和村委会 概况" in village
    outside = client.get("/?area=441424101000").content.decode()
    assert "水寨镇 概况" in outside and "河东镇 概况" not in outside
    assert Region.objects.get(code="441424101000").name == "河东镇"


def test_refusals_and_missing_pages_are_in_chinese(provider, reviewer) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(provider)
    refused = client.get("/registry/households/")
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()
    client.force_login(reviewer)
    missing = client.get("/registry/households/999999/")
    assert missing.status_code == 404 and "不在您的管辖区域内" in missing.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_counts_have_thousands_separators_in_both_languages(
        reviewer, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]
    # zh-hans number formats have no thousands separator, so intcomma printed 20000 in Chinese
    # and 20,000 in English; the indicator pages print 20,000 in both.
    real = queries.area_counts

    def big(user, region):  # type: ignore[no-untyped-def]
        return dataclasses.replace(real(user, region), households=20000, persons=74976)

    monkeypatch.setattr(queries, "area_counts", big)
    make_household("441424100200", size=3)
    client = Client()
    client.force_login(reviewer)
    client.cookies["django_language"] = language
    body = client.get("/").content.decode()
    assert "<b>20,000</b>" in body and "<b>74,976</b>" in body
    assert "20000" not in body and "74976" not in body
    header = "Households" if language == "en" else "户数"
    assert f'<th class="num">{header}</th>' in body


@pytest.mark.parametrize(("cap", "shown"), [(10_000, "超过 10,000 户，请按区域或条件缩小范围"),
                                            (20_000, "共 12,346 户")])
def test_household_list_count_has_separators(reviewer, monkeypatch, cap, shown) -> None:  # type: ignore[no-untyped-def]
    # the list's count line, capped or not, prints its figure as the home page does
    monkeypatch.setattr(paging.CappedPaginator, "count", property(lambda self: 12346))
    monkeypatch.setattr(paging, "COUNT_CAP", cap)
    make_household("441424100200", size=3)
    client = Client()
    client.force_login(reviewer)
    client.cookies["django_language"] = "zh-hans"
    assert shown in client.get("/registry/households/").content.decode()
