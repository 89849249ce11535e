"""The years of the figures that follow a change from one dated amount to another, on lines of
real pages from the tuning parts (the page in the comment): a like change written without years
takes the two years, a net change their span, a status or a yearly rate the year reached, a part
written 其中 the year of the figure it is part of."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets


def _years(text: str) -> list[tuple[str | None, Decimal, str]]:
    return [(t.year, t.value, t.unit) for t in extract_targets(text)]


def test_a_net_change_is_dated_by_the_span_of_the_change() -> None:
    # yhg994208.cn (a mirror of a county's meeting report)
    line = ("全县贫困人口由2013年底的13.4万人减少到2016年底的7.96万人,净减少5.44万人,"
            "贫困发生率由23.61%下降到14.31%,净下降9.3个百分点,脱贫攻坚工作取得阶段性成效。")
    assert _years(line) == [
        ("2013", Decimal("13.4"), "万人"), ("2016", Decimal("7.96"), "万人"),
        ("2013-2016", Decimal("5.44"), "万人"), ("2013", Decimal("23.61"), "%"),
        ("2016", Decimal("14.31"), "%"), ("2013-2016", Decimal("9.3"), "个百分点")]


def test_counts_written_on_to_a_dated_amount_share_its_year() -> None:
    # tp.hkcd.com (Hong Kong news of a prefecture's press conference)
    line = ("楚雄州建档立卡贫困人口从2014年底的88733户333825人减少到2019年底的2903户8331人,"
            "贫困行政村从644个减少到1个,25个贫困乡镇全部退出,7个贫困县全部摘帽,"
            "贫困发生率从12.25%下降到0.46%。")
    assert _years(line) == [
        ("2014", Decimal("88733"), "户"), ("2014", Decimal("333825"), "人"),
        ("2019", Decimal("2903"), "户"), ("2019", Decimal("8331"), "人"),
        ("2014", Decimal("644"), "个"), ("2019", Decimal("1"), "个"),
        ("2019", Decimal("25"), "个"), ("2019", Decimal("7"), "个"),
        ("2014", Decimal("12.25"), "%"), ("2019", Decimal("0.46"), "%")]


def test_a_yearly_rate_keeps_the_year_the_change_reaches() -> None:
    # big5.china.com.cn (a press conference reposted in traditional script, folded)
    line = ("我国贫困人口从2012年的9899万人减少到2018年的1660万人,6年时间减少了8000多万人。")
    assert _years(line) == [("2012", Decimal("9899"), "万人"), ("2018", Decimal("1660"), "万人"),
                            ("2012-2018", Decimal("8000"), "万人")]
    assert _years("收入从2020年的12588元增长至2023年的16396元,年均实际增长8.2%。")[-1] == \
        ("2023", Decimal("8.2"), "%")


def test_a_change_with_no_year_reached_dates_nothing_new() -> None:
    # The end year is a status date before the change, not a year the change reaches.
    line = "2017年末,全国农村贫困人口已从2012年末的9899万人减少至3046万人,累计减少6853万人。"
    assert _years(line) == [("2012", Decimal("9899"), "万人"), ("2017", Decimal("3046"), "万人"),
                            ("2017", Decimal("6853"), "万人")]
    # A base year (比2016年末) opens no change.
    assert _years("2017年末,全国农村贫困人口3046万人,比2016年末减少到1289万人,减少了3万人。") == \
        [("2017", Decimal("3046"), "万人"), ("2017", Decimal("1289"), "万人"),
         ("2017", Decimal("3"), "万人")]
