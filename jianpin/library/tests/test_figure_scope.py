"""What is no figure, on lines of real pages from the tuning parts (the page in the comment):
the size of a sample and an area's make-up."""
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


def test_a_size_that_describes_a_kind_of_employer_is_no_figure() -> None:
    # The seed 五华县 plan (sending staff to villages by the size of each employer): sizes
    # written 人数N人的单位 describe which employers send staff; an amount 的 a noun otherwise
    # counts what follows (撬动6.64亿元的银行贷款).
    line = "在职人数620人的单位选派1名以上工作人员驻镇驻村,撬动6.64亿元的银行贷款。"
    assert _years(line) == [(None, Decimal("1"), "名"), (None, Decimal("6.64"), "亿元")]
