"""Figures where the rules did not read them: counts after 辖 that report rather than list an
area's make-up, figures a page states only in its title, and years of the Republic of China's
calendar (民國105年 is 2016). The lines are those the policy library's issue quotes from real
pages, and shapes of the pages named beside them."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_metadata, extract_targets


def _figures(text: str, title: str = "") -> list[tuple[str | None, str, Decimal, str]]:
    return [(t.year, t.indicator, t.value, t.unit) for t in extract_targets(text, title)]


def test_a_count_after_jurisdiction_that_reports_an_outcome_is_a_figure() -> None:
    assert _figures("全县所辖38个贫困村全部脱贫出列。") == [(None, "贫困村", Decimal("38"), "个")]
    assert _figures("全县所辖12个乡镇全部脱贫摘帽。") == [(None, "乡镇", Decimal("12"), "个")]


def test_a_count_of_poor_villages_after_the_divisions_is_a_figure() -> None:
    # the divisions an area is made of stay no figures; its poor villages are one
    assert _figures("该县辖12个乡镇、152个行政村、38个贫困村。") == [
        (None, "贫困村", Decimal("38"), "个")]
    assert _figures("我县辖5镇10乡152个行政村、1628个村民小组、4个社区,总人口30.62万人。") == [
        (None, "总人口", Decimal("30.62"), "万人")]


def test_a_figure_stated_only_in_the_title_is_read_first() -> None:
    # jlntv.cn (2020-11-24, 央视新闻: 贵州 9个县退出贫困县序列), with the count in its title
    body = "23日下午,贵州省政府新闻办召开发布会,宣布紫云县、纳雍县等县退出贫困县序列。"
    assert _figures(body, "贵州最后9个贫困县退出贫困县序列") == [
        (None, "贵州最后", Decimal("9"), "个")]
    assert _figures(body) == []


def test_a_figure_of_the_title_that_the_text_states_is_not_read_twice() -> None:
    body = "2016年以来,全市累计减贫298600人,贫困发生率下降到1%。"
    assert _figures(body, "五年减贫29.86万人") == _figures(body)  # 29.86万人 is 298600人
    assert _figures("五年来全市减贫29.86万人。", "五年减贫29.86万人") == [
        (None, "五年来全市减贫", Decimal("29.86"), "万人")]


def test_title_figures_through_the_page_reader() -> None:
    page = ("18个县退出贫困县序列\n2020-02-28 来源: 本网\n"
            "经第三方评估,全省贫困县全部达到退出标准,2019年全省减贫人口58万人,脱贫攻坚取得决定性进展。")
    meta = extract_metadata(page)
    assert meta.title == "18个县退出贫困县序列"
    assert [(t.year, t.value, t.unit, t.sentence) for t in meta.targets] == [
        (None, Decimal("18"), "个", "18个县退出贫困县序列"),
        ("2019", Decimal("58"), "万人", "经第三方评估,全省贫困县全部达到退出标准,2019年全省减贫人口58万人,"
         "脱贫攻坚取得决定性进展")]


def test_years_of_the_republic_of_china_date_figures() -> None:
    assert _figures("民国105年全县低收入户1200户。") == [("2016", "低收入户", Decimal("1200"), "户")]
    # a traditional page, folded by the page reader
    meta = extract_metadata("低收入戶統計\n2017-01-05 來源: 本網\n民國105年全縣低收入戶1200戶,"
                            "占總戶數1.39%。")
    assert [(t.year, t.value, t.unit) for t in meta.targets] == [
        ("2016", Decimal("1200"), "户"), ("2016", Decimal("1.39"), "%")]
    # on a page that writes one, a bare year of that calendar (105年底, 106年底) too
    assert [(t.year, t.value) for t in extract_targets(
        "截至民國105年底,低收入户10.5万户,106年底减少至9.8万户。")] == [
        ("2016", Decimal("10.5")), ("2017", Decimal("9.8"))]
    # without 民國 anywhere, 105年 is no year of that calendar (a span of 105 years)
    assert _figures("建校105年来,累计培养学生3万人。") == [(None, "累计培养学生", Decimal("3"), "万人")]
    # 民国38年 is 1949 wherever it is written
    assert _figures("民国38年全县人口12万人。")[0][0] == "1949"
