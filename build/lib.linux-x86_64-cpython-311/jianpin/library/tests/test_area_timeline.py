"""The area archive's "documents over time" bars count every document of the area by year.

They were drawn from the documents the timeline lists (the earliest 2,000), so a large area's
later years were missing or short, and an area with one listed document a year drew every bar
at 1 whatever it held.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from jianpin.library import queries
from jianpin.library.models import Document
from jianpin.library.tests.factories import make_document

pytestmark = pytest.mark.django_db
COUNTY = "522301000000"  # 兴义市, in 黔西南州, 贵州省
YEARS = {2016: 3, 2018: 1, 2021: 5}


@pytest.fixture
def area() -> None:
    for year, n in YEARS.items():
        for i in range(n):
            doc = make_document(COUNTY, title=f"关于{year}年第{i + 1}批扶贫项目的通知",
                                body=f"{year}年第{i + 1}批项目资金下达。")
            day = dt.date(year, 3, i + 1)
            Document.objects.filter(pk=doc.pk).update(date=day, issued_on=day, year=year)


def chart(page: str) -> dict[str, object]:
    found = re.search(r'<script id="timeline-data" type="application/json">(.*?)</script>', page)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_bars_count_every_document_of_the_area(client, area, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(queries, "TIMELINE_LISTED", 4)  # the list stops inside 2018
    assert queries.year_counts("520000000000") == [(2016, 3), (2018, 1), (2021, 5)]
    assert [(y, len(d)) for y, d in queries.timeline("520000000000")] == [(2016, 3), (2018, 1)]
    page = client.get("/library/regions/520000000000/").content.decode()
    assert chart(page) == {"years": [2016, 2018, 2021], "counts": [3, 1, 5], "label": "文献数"}
    assert "2016年（3）" in page and "2018年（1）" in page
    assert "共 9 篇注明日期的文献，下面列出最早的 4 篇。" in page
    county = client.get(f"/library/regions/{COUNTY}/").content.decode()
    assert chart(county)["counts"] == [3, 1, 5]


def test_nothing_is_noted_when_every_document_is_listed(client, area) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/library/regions/520000000000/").content.decode()
    assert chart(page)["counts"] == [3, 1, 5]
    assert 'id="timeline-listed"' not in page
    assert "2021年（5）" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_bars_are_drawn_at_their_counts(browser_page, live_server) -> None:  # type: ignore[no-untyped-def]
    from jianpin.conftest import artefact_path

    for year, n in YEARS.items():
        for i in range(n):
            doc = make_document(COUNTY, title=f"关于{year}年第{i + 1}批扶贫项目的通知",
                                body=f"{year}年第{i + 1}批项目资金下达。")
            day = dt.date(year, 3, i + 1)
            Document.objects.filter(pk=doc.pk).update(date=day, issued_on=day, year=year)
    page = browser_page
    for name, size in (("desktop", (1366, 900)), ("phone", (390, 844))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(f"{live_server.url}/library/regions/520000000000/")
        page.wait_for_selector("#timeline-chart canvas")
        drawn = page.evaluate("""() => {
            const chart = echarts.getInstanceByDom(document.getElementById('timeline-chart'));
            const option = chart.getOption();
            return [option.xAxis[0].data, option.series[0].data];
        }""")
        assert drawn == [[2016, 2018, 2021], [3, 1, 5]]
        page.wait_for_timeout(1500)  # the bars grow in an animation
        page.screenshot(path=artefact_path(f"library-area-timeline-{name}.png"), full_page=True)
