"""What a figure is and when, on lines of real pages from the tuning parts (the page in the
comment): the size of a sample and an area's make-up are no figures; a sentence about the present
takes no year from the sentence before it; a year inside a document's title dates nothing outside
the title."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets


def _years(text: str) -> list[tuple[str | None, Decimal, str]]:
    return [(t.year, t.value, t.unit) for t in extract_targets(text)]


def test_the_size_of_a_sample_is_no_figure() -> None:
    # eb.nkb.com.cn (a newspaper's report of the national statistics)
    line = ("2017年,据对全国31个省(自治区、直辖市)16万户居民家庭的抽样调查,按现行国家农村贫困标准"
            "测算,2017年末,全国农村贫困人口3046万人,比上年末减少1289万人。")
    assert _years(line) == [("2017", Decimal("3046"), "万人"), ("2017", Decimal("1289"), "万人")]
    # A survey's result is a figure; its size is not.
    assert _years("抽样调查的3000户样本户中,贫困户占12.5%。") == [(None, Decimal("12.5"), "%")]


def test_an_areas_make_up_is_no_figure() -> None:
    # damishu.cn (a mirror of a county's report on east-west cooperation)
    line = "我县辖5镇10乡152个行政村、1628个村民小组、4个社区,总人口30.62万人。"
    assert _years(line) == [(None, Decimal("30.62"), "万人")]
    # 直辖市 and 辖区 make nothing up.
    assert _years("辖区内建档立卡贫困户1193户。") == [(None, Decimal("1193"), "户")]


def test_a_sentence_about_the_present_takes_no_year_from_the_sentence_before() -> None:
    # utahskigirl.com (a mirror of a district's poverty-relief report)
    text = ("预计扶持贫困人口5548户、18809人,到2017年末实现所扶持贫困人口全部脱贫。"
            "截至目前,投入项目资金1000万元,22个嘎查村已经启动项目建设,覆盖贫困户1370户。")
    assert _years(text) == [("2017", Decimal("5548"), "户"), ("2017", Decimal("18809"), "人"),
                            (None, Decimal("1000"), "万元"), (None, Decimal("22"), "个"),
                            (None, Decimal("1370"), "户")]
    # Without 目前 the year the sentence before ends on still dates it.
    assert _years("全县2019年实现脱贫。投入资金1000万元。") == [("2019", Decimal("1000"), "万元")]


def test_a_year_inside_a_title_dates_only_the_title() -> None:
    # ynwss.gov.cn (a prefecture's fund notice)
    line = ("根据《文山州财政局文山州民族宗教事务委员会关于下达2021年省对下民族宗教专项资金的通知》"
            "(文财农﹝2021﹞56号)文件,现下达你单位民族宗教专项资金58万元(详见附件)。")
    assert _years(line) == [(None, Decimal("58"), "万元")]
    # junshan.gov.cn (a district's approval of a fund plan): a figure inside the title is
    # dated by the title's year.
    line = ("你办与区财政局4月7日联合上报的《君山区2015年第一批108万元中央和省财政专项扶贫资金"
            "项目计划》已收悉。")
    assert _years(line) == [("2015", Decimal("108"), "万元")]
