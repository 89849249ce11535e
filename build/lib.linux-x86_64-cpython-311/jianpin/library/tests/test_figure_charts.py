"""Figures are charted one unit per chart: a percentage never shares an axis with yuan.

On one axis the area archive of 五华县 drew its 7,365 元 income next to goals of 30-100 %, and
every percentage line lay flat at zero.
"""
from __future__ import annotations

import pytest

from jianpin.accounts.models import Role
from jianpin.conftest import make_user
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


INCOME = ("某县巩固脱贫成果情况", "2020年脱贫人口人均纯收入10000元。2021年脱贫人口人均纯收入11500元。"
          "2021年易地扶贫搬迁安置率为100%。到2022年，脱贫人口人均纯收入达到13000元。")


@pytest.mark.django_db
def test_an_editor_makes_a_chart_from_the_figures_in_the_text(client) -> None:  # type: ignore[no-untyped-def]
    from jianpin.audit.models import AuditEvent
    from jianpin.library.models import Document
    from jianpin.library.tests.test_cpad import _doc, _login

    editor = make_user("bianji", Role.LIBRARY_EDITOR, None)
    doc = _doc(*INCOME)
    editor_client = _login(editor)
    editor_client.cookies["django_language"] = "en"  # the stored table keeps the Chinese names
    page = editor_client.get(f"/library/doc/{doc.pk}/").content.decode()
    assert 'id="chart-from-figures"' in page
    response = editor_client.post(f"/library/doc/{doc.pk}/chart/figures/")
    assert response.status_code == 302
    doc = Document.objects.get(pk=doc.pk)
    assert doc.category == "chart"
    assert doc.chart_table.header == ["年份", "脱贫人口人均纯收入（元）", "易地扶贫搬迁安置率（%）",
                                      "脱贫人口人均纯收入（元）（目标）"]
    assert doc.chart_table.rows == [[2020, 10000, "", ""], [2021, 11500, 100, ""],
                                    [2022, "", "", 13000]]
    event = AuditEvent.objects.get(action="library.chart.from_figures")
    assert event.diff == {"columns": 4, "rows": 3, "replaced": False}
    page = client.get(f"/library/doc/{doc.pk}/").content.decode()
    assert 'id="table-chart"' in page and 'id="chart-from-figures"' not in page
    csv_text = client.get(f"/library/doc/{doc.pk}/chart.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines() == [
        "年份,脱贫人口人均纯收入（元）,易地扶贫搬迁安置率（%）,脱贫人口人均纯收入（元）（目标）",
        "2020,10000,,", "2021,11500,100,", "2022,,,13000"]


@pytest.mark.django_db
def test_a_reader_cannot_make_a_chart_and_nothing_changes(client) -> None:  # type: ignore[no-untyped-def]
    from jianpin.audit.models import AuditEvent
    from jianpin.kernel.errors import DomainError, PermissionDenied
    from jianpin.library import actions
    from jianpin.library.models import ChartTable, Document
    from jianpin.library.tests.test_cpad import _doc, _login

    doc = _doc(*INCOME)
    reader = make_user("reader", Role.AUDITOR, None)
    with pytest.raises(PermissionDenied):
        actions.do_chart_from_figures(reader, doc)
    assert _login(reader).post(f"/library/doc/{doc.pk}/chart/figures/").status_code == 403
    editor = make_user("bianji", Role.LIBRARY_EDITOR, None)
    bare = _doc("某县工作动态", "各乡镇召开会议，部署帮扶工作。")
    with pytest.raises(DomainError):
        actions.do_chart_from_figures(editor, bare)
    assert list(Document.objects.filter(pk__in=[doc.pk, bare.pk]).values_list("category", flat=True)
                .order_by("pk")) == ["news", "news"]
    assert ChartTable.objects.count() == 0
    assert not AuditEvent.objects.filter(action="library.chart.from_figures").exists()


def test_a_header_states_its_unit_in_brackets() -> None:
    from jianpin.library.charts import header_unit

    headers = ["农村贫困人口（万人）", "贫困发生率(%)", "相对贫困人口·脱贫（%）（目标）", "地区", "2021年"]
    assert [header_unit(h) for h in headers] == ["万人", "%", "%", "", ""]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_uploaded_table_is_drawn_one_unit_per_chart(browser_page, live_server) -> None:  # type: ignore[no-untyped-def]
    from jianpin.conftest import artefact_path
    from jianpin.library import actions
    from jianpin.library.tests.test_cpad import _doc

    editor = make_user("bianji", Role.LIBRARY_EDITOR, None)
    doc = _doc("农村贫困人口和贫困发生率", "2016年至2018年农村贫困人口和贫困发生率。", "chart")
    table = "年份,农村贫困人口（万人）,贫困发生率（%）,备注\n2016,402,11.6,\n2017,280,8,\n2018,155,4.3,预计\n"
    actions.do_set_chart_table(editor, doc, "t.csv", table.encode())
    page = browser_page
    for name, size in (("desktop", (1366, 900)), ("phone", (390, 844))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.goto(f"{live_server.url}/library/doc/{doc.pk}/")
        page.wait_for_selector("#table-chart canvas")
        drawn = page.evaluate("""() => Array.from(
            document.querySelectorAll('#table-chart .figures-unit')).map(box => {
              const option = echarts.getInstanceByDom(box.querySelector('.chart')).getOption();
              return [box.querySelector('.figures-unit-caption').textContent,
                      option.xAxis[0].data, option.series.map(s => [s.name, s.data])];
            })""")
        years = ["2016", "2017", "2018"]
        assert drawn == [["单位：万人", years, [["农村贫困人口（万人）", [402, 280, 155]]]],
                         ["单位：%", years, [["贫困发生率（%）", [11.6, 8, 4.3]]]]]
        page.screenshot(path=artefact_path(f"library-chart-table-{name}.png"), full_page=True)
