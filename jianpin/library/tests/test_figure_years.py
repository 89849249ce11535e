"""The year of a figure, on lines of real pages from the tuning parts (the page in the comment):
a damaged bracket that never closes, 今年 after a plan's span, a change from one year to another
written 从1990到2011年, a year inside an aside, the amount a change starts from."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
from jianpin.library.text.figure_years import year_before
from jianpin.library.text.fold import fold


def _years(text: str) -> list[tuple[str | None, Decimal, str]]:
    return [(t.year, t.value, t.unit) for t in extract_targets(text)]


def test_a_bracket_that_never_closes_hides_no_year() -> None:
    # fengquan.gov.cn (a district's fund notice; its 文号 lost its closing bracket)
    line = ("按照巩固拓展脱贫攻坚成果领导小组《关于安排2022度省级财政衔接推进乡村振兴补助资金的通知》"
            "(凤巩领〔20228号要求,2022年度省级财政衔接推进乡村振兴补助资金(巩固脱贫攻坚成果和乡村振兴"
            "任务)187万元安排用于产业发展2个项目资金安排情况如下:")
    assert _years(line) == [("2022", Decimal("187"), "万元"), ("2022", Decimal("2"), "个")]
    # A year inside an aside that closes still dates nothing after it.
    assert _years("全县贫困人口(2014年底统计)3.2万人") == [(None, Decimal("3.2"), "万人")]


def test_this_year_after_a_plans_span_is_not_the_span() -> None:
    # wenke99.com (a mirror of a town's 2017 work summary)
    line = ("2017年脱贫退出工作开展以来,镇党委、政府高度重视,根据我镇2017-2020年脱贫滚动计划,"
            "我镇计划今年脱贫68户260人,按照全县2017年度脱贫退出工作时间节点,经农户民主评议、核实认定、"
            "镇核查、县抽查,我镇今年实现脱贫77户288人,并已完成系统信息标注工作。")
    assert _years(line) == [("2017", Decimal("68"), "户"), ("2017", Decimal("260"), "人"),
                            ("2017", Decimal("77"), "户"), ("2017", Decimal("288"), "人")]
    # With no single year stated before the span, 今年 is no year the text gives.
    assert _years("根据我镇2017-2020年脱贫滚动计划,我镇计划今年脱贫68户260人。") == \
        [(None, Decimal("68"), "户"), (None, Decimal("260"), "人")]
    # Without 今年 the span dates what follows it, as before.
    assert year_before("根据2017-2020年脱贫滚动计划,计划脱贫68户", 20) == "2017-2020"


def test_a_change_from_one_year_to_another_dates_its_two_amounts() -> None:
    # handmsg.com (a research article in traditional script, folded)
    line = ("从1990到2011年,全球极端贫困人口由19.2亿下降到10.1亿,减少了9.1亿,其中6亿多来自中国,"
            "即中国极端贫困人口减少数量占全球减贫数量的2/3。")
    assert _years(line) == [("1990", Decimal("19.2"), "亿"), ("2011", Decimal("10.1"), "亿"),
                            ("1990-2011", Decimal("9.1"), "亿"), ("1990-2011", Decimal("6"), "亿")]
    # An open span (从2011年至今) still dates nothing.
    assert _years("从2011年至今,全县累计减贫3.5万人。") == [(None, Decimal("3.5"), "万人")]


def test_an_aside_dates_what_it_holds() -> None:
    # zazf.gov.cn (a county's rules for monitoring relapse into poverty)
    line = "以脱贫攻坚期国家扶贫标准的1.5倍(2021年为6000元)为底线,综合考虑易返贫致贫因素。"
    assert _years(line) == [(None, Decimal("1.5"), "倍"), ("2021", Decimal("6000"), "元")]


def test_the_amount_a_change_starts_from_takes_no_year_of_an_earlier_clause() -> None:
    # feifmx.com (a repost, in traditional script, of a prefecture's report on its poor counties)
    line = fold("截至2019年底,黃岡市累計實現100.57萬貧困人口脫貧,892個貧困村全部出列,"
                "貧困發生率由16.83%下降至0.14%。")
    assert _years(line) == [("2019", Decimal("100.57"), "万"), ("2019", Decimal("892"), "个"),
                            (None, Decimal("16.83"), "%"), ("2019", Decimal("0.14"), "%")]
    # A year of the same clause and a span date both amounts.
    assert _years("使香港2017年贫穷率由20.1%下降至14.7%。") == \
        [("2017", Decimal("20.1"), "%"), ("2017", Decimal("14.7"), "%")]
    assert _years("2013年至2016年,农村贫困发生率由10.2%下降至4.5%。") == \
        [("2013-2016", Decimal("10.2"), "%"), ("2013-2016", Decimal("4.5"), "%")]


def test_a_long_run_of_digits_and_spaces_is_read_once() -> None:
    # An account or ID number (19 digits) between the two amounts of a change, and a table's
    # digits set apart by spaces: the pattern of amounts written on to one another reads each
    # digit run and each gap one way only (nested repeats used to try every split of the run,
    # four times the work for every two digits more, hours for a page's table).
    for run in ("6" * 40, "1  " * 40, "1 万人 " * 40):
        sentence = f"从2012年的{run}号账户减少到3046万人"
        assert year_before(sentence, len(sentence) - 6) is None
    sentence = "贫困人口由2013年底的13.4万人减少到2016年底的7.96万人"
    assert year_before(sentence, sentence.index("7.96")) == "2016"


def test_a_long_run_of_dots_after_from_is_read_once() -> None:
    # A dotted leader (a table of contents' ……) after 从 with no 到 after it: the digits and
    # dots after 由/从 are taken whole (they were shared with the words after them in every
    # way: 0.5 CPU s for 8,000 dots, four times more for twice as many).
    sentence = "从1990到2011年从" + "." * 40000 + "减少"
    assert year_before(sentence, len(sentence)) == "1990-2011"
