"""The year of a figure, on lines of real pages from the tuning parts (the page in the comment):
a damaged bracket that never closes, 今年 after a plan's span, a change from one year to another
written 从1990到2011年."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
from jianpin.library.text.figure_years import year_before


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


def test_a_year_written_after_a_figure_dates_it_when_nothing_else_is_counted_between() -> None:
    # utahskigirl.com (a mirror of a district's poverty-relief report)
    line = "预计扶持贫困人口5548户、18809人,到2017年末实现所扶持贫困人口全部脱贫。"
    assert _years(line) == [("2017", Decimal("5548"), "户"), ("2017", Decimal("18809"), "人")]
    # jeffcaceres.com (a mirror of a provincial energy bureau's news)
    line = "会同省扶贫办等部门组织20个国家贫困县编制2016年光伏扶贫实施方案,近期将上报国家。"
    assert _years(line) == [("2016", Decimal("20"), "个")]
    # medicineculture.com (a mirror of a city's fund news): the year dates the amount written
    # after it, not the count before.
    line = "4个重点县2022年安排财政衔接资金5.46亿元,占比81.97%。"
    assert _years(line)[0] == (None, Decimal("4"), "个")
    # tuopin.ce.cn (a province's poverty news): a later clause counting on its own keeps its year.
    line = "瞄准全省剩余的28.56万贫困人口、647个贫困村,2018年实现全省15万人脱贫。"
    assert _years(line) == [(None, Decimal("28.56"), "万"), (None, Decimal("647"), "个"),
                            ("2018", Decimal("15"), "万人")]


def test_a_sentence_stating_a_year_after_its_figures_takes_none_from_the_sentence_before() -> None:
    # tuopin.ce.cn (a province's poverty news): the year the sentence before ends on is a goal's.
    text = ("到2020年,稳定实现农村建档立卡贫困人口不愁吃、不愁穿。瞄准全省剩余的28.56万贫困人口、"
            "647个贫困村,2018年实现全省15万人脱贫。")
    assert _years(text) == [(None, Decimal("28.56"), "万"), (None, Decimal("647"), "个"),
                            ("2018", Decimal("15"), "万人")]
    # haoword.com (a town's work summary): the date of a part (其中…于2016年) dates no count.
    line = "有4个建档立卡贫困村,分别是二图、荣谋,其中蒌根于2016年完成脱贫摘帽出列工作。"
    assert _years("2018年脱贫393户。" + line)[-1] == (None, Decimal("4"), "个")
