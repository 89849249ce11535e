"""Figures and dates in Chinese numerals, comparison years, variant forms and page structure.

The sentences are shaped like those of the fifth gathering's tuning half (tuning-5 in the
corpus); the held-out half was not read while these rules were written.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jianpin.library.text import extract_metadata, extract_targets
from jianpin.library.text.fields import parse_date
from jianpin.library.text.fold import fold
from jianpin.library.text.numerals import as_digits, value

Figure = tuple[str | None, Decimal, str]


def _figures(text: str) -> list[Figure]:
    return [(t.year, t.value, t.unit) for t in extract_targets(fold(text))]


@pytest.mark.parametrize(("written", "expected"), [
    ("七千零十七万", Decimal("70170000")), ("零点八", Decimal("0.8")), ("三百", Decimal("300")),
    ("一亿二千万", Decimal("120000000")), ("二〇一三", Decimal("2013")), ("十七", Decimal("17")),
    ("十二三", None), ("三万五千", Decimal("35000")),
])
def test_chinese_numeral_values(written: str, expected: Decimal | None) -> None:
    assert value(written) == expected


def test_amounts_in_chinese_numerals_are_read_and_words_are_left_alone() -> None:
    assert as_digits("多了一万左右，增长零点八个百分点，两成以上，百分之八十，三百万人") == \
        "多了1万左右，增长0.8个百分点，2成以上，80%，300万人"
    for word in ("两不愁三保障", "一户一策", "五个一批", "十三五规划", "第二批", "五个百万亩工程",
                 "州委七届十二次全会", "千家万户"):
        assert as_digits(word) == word


def test_figures_in_chinese_numerals() -> None:
    assert _figures("貧窮人口多了一萬左右，人口基數有零點八個百分點的增長。") == [
        (None, Decimal("1"), "万"), (None, Decimal("0.8"), "个百分点")]
    assert _figures("2020年脱贫人口务工收入占比达到两成以上。") == [("2020", Decimal("2"), "成")]


def test_a_date_in_chinese_numerals_is_a_date() -> None:
    assert parse_date("二○一五年四月一十八日") == dt.date(2015, 4, 18)
    assert parse_date("二〇〇六年八月十六日") == dt.date(2006, 8, 16)
    meta = extract_metadata("关于下达资金计划的通知\n各乡镇：\n现就有关事项通知如下：经研究同意。\n"
                            "二○一五年四月一十八日")
    assert (meta.issued_on, meta.doc_type) == (dt.date(2015, 4, 18), "通知")


def test_a_comparison_base_year_dates_nothing() -> None:
    # The year after 较/比/与 is what a change is measured from.
    assert _figures("上半年，人均可支配收入7228元，较2020年上半年增加1001元，同比增长16.1%。") == [
        (None, Decimal("7228"), "元"), (None, Decimal("1001"), "元"), (None, Decimal("16.1"), "%")]
    assert _figures("2017年末，全国农村贫困人口3046万人，比2016年末减少1289万人；"
                    "贫困发生率3.1%，比上年末下降1.4个百分点。") == [
        ("2017", Decimal("3046"), "万人"), ("2017", Decimal("1289"), "万人"),
        ("2017", Decimal("3.1"), "%"), ("2017", Decimal("1.4"), "个百分点")]


def test_units_of_other_currencies_and_things() -> None:
    assert _figures("由上年度的653億港元上升至約1057億港元，育苗20万株，养蜂1600箱。") == [
        (None, Decimal("653"), "亿港元"), (None, Decimal("1057"), "亿港元"),
        (None, Decimal("20"), "万株"), (None, Decimal("1600"), "箱")]


def test_per_head_stays_in_the_indicator_and_approximate_counts_before_de_count() -> None:
    got = [(t.indicator, t.value, t.unit) for t in
           extract_targets("2021年13万人均可支配收入达到8000元，户均增收3000元。预计还会有100个左右的贫困县摘帽。")]
    assert got == [("人均可支配收入达到", Decimal("13"), "万"), ("人均可支配收入", Decimal("8000"), "元"),
                   ("户均增收", Decimal("3000"), "元"), ("贫困县摘帽", Decimal("100"), "个")]


def test_variant_forms_and_radicals_are_folded() -> None:
    assert fold("衞生 ⼈口 總書(shū)記") == "卫生 人口 总书记"


def test_headline_ending_in_a_figure_over_a_byline_and_a_link_row() -> None:
    page = ("文章快速检索     高级检索\n田東縣扶貧生態移民搬遷3.36萬人\n"
            "- 發佈時間:2015-08-28 02:31:23 來源:農民日報\n"
            "本報訊廣西田東縣是國家扶貧開發工作重點縣，貧困人口由2011年的14.63萬下降到2014年的7.89萬人。")
    meta = extract_metadata(page)
    assert (meta.title, meta.region_name) == ("田东县扶贫生态移民搬迁3.36万人", "田东县")


def test_a_research_page_titled_by_its_own_citation_not_its_authors() -> None:
    page = ("引用本文\n蔡进, 禹洋春. 国家精准扶贫政策对贫困农户脱贫增收的效果评价[J]. "
            "人文地理, 2019, 34(2): 90-96.\n"
            "作者简介\n蔡进(1988-), 男, 四川广安人, 博士, 讲师, 主要研究方向为国土资源与区域发展。\n"
            "收稿日期:2018-05-21\n国家精准扶贫政策对贫困农户脱贫增收的效果评价\n"
            "提 要:基于重庆市武陵山区贫困农户与非贫困农户的调研数据，"
            "运用双重差分模型检验精准扶贫政策的影响。")
    meta = extract_metadata(page)
    assert (meta.title, meta.published_on, meta.region_name) == (
        "国家精准扶贫政策对贫困农户脱贫增收的效果评价", None, "重庆市")


def test_the_organ_under_a_document_number_issues_it() -> None:
    page = ("关于做好项目库建设工作的通知\n榆脱指发〔2018〕8号\n榆林市脱贫攻坚指挥部\n"
            "各县市区脱贫攻坚指挥部:\n根据我市脱贫攻坚工作总体安排部署，现就做好项目库建设工作通知如下。")
    assert extract_metadata(page).issuer == "榆林市脱贫攻坚指挥部"


def test_places_named_as_examples_of_a_list_are_not_the_region() -> None:
    page = ("省政府同意七星关区、织金县等24个县(区)退出贫困县序列\n"
            "贵州省人民政府网发布公告，同意正安县、水城县、关岭县、七星关区、织金县、松桃县、思南县、"
            "德江县、黄平县、岑巩县、天柱县、锦屏县、黎平县、台江县、剑河县、长顺县、独山县、三都县、"
            "荔波县、平塘县、罗甸县、贞丰县、普安县、册亨县退出贫困县序列。")
    assert extract_metadata(page).region_name == "贵州省"
