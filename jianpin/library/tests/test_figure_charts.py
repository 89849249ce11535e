"""Figures are charted one unit per chart: a percentage never shares an axis with yuan.

On one axis the area archive of 五华县 drew its 7,365 元 income next to goals of 30-100 %, and
every percentage line lay flat at zero.
"""
from __future__ import annotations

import pytest

from jianpin.library.tests.factories import ingest_seeds

COUNTY = "441424000000"  # 五华县


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_unit_gets_its_own_chart(browser_page, live_server) -> None:  # type: ignore[no-untyped-def]
    from jianpin.conftest import artefact_path

    ingest_seeds()
    page = browser_page
    for name, size in (("desktop", (1366, 900)), ("phone", (390, 844))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(f"{live_server.url}/library/regions/{COUNTY}/")
        page.wait_for_selector("#figures-chart canvas")
        drawn = page.evaluate("""() => Array.from(
            document.querySelectorAll('#figures-chart .figures-unit')).map(box => {
              const option = echarts.getInstanceByDom(box.querySelector('.chart')).getOption();
              return [box.querySelector('.figures-unit-caption').textContent,
                      option.xAxis[0].data,
                      option.series.map(s => [s.name, s.data])];
            })""")
        years = [2016, 2017, 2018]
        assert drawn == [
            ["单位：%", years, [["相对贫困人口·脱贫（%）（目标）", [30, 70, 100]],
                              ["带动或吸纳（%）（目标）", [None, 30, None]],
                              ["目标相衔接（%）", [None, None, 7]],
                              ["均可支配收入不低于当年全省农村居民人均可支配收入（%）", [None, None, 45]]]],
            ["单位：元", years, [["均可支配收入不低于当年全省农村居民人均可支配收入（元）",
                               [None, None, 7365]]]],
        ]
        page.screenshot(path=artefact_path(f"library-area-figures-{name}.png"), full_page=True)
