"""The trail from a site's home page to a headline (首页-频道-标题), read by its parts."""
from __future__ import annotations

from jianpin.library.text.chrome import without_affix
from jianpin.library.text.trail import trail_headline

NOTICE = "关于印发脱贫攻坚实施方案的通知"
FUNDS = "关于下达2021年衔接资金的通知"


def test_the_headline_is_the_trails_last_part() -> None:
    assert trail_headline("首页-新闻中心-政务动态-关于印发脱贫攻坚实施方案的通知") == NOTICE
    assert trail_headline("首页 - 信息公开 - 关于下达2021年衔接资金的通知") == FUNDS
    assert trail_headline("首页>>政务公开-关于下达2021年衔接资金的通知") == FUNDS
    assert without_affix("首页-新闻中心-政务动态-关于印发脱贫攻坚实施方案的通知") == NOTICE


def test_lines_that_are_no_trail() -> None:
    assert trail_headline("首页 > 新闻") is None  # no dash
    assert trail_headline("首页-长标题只有七个") is None  # a headline of fewer than 8 characters
    assert trail_headline("网站首页-关于印发脱贫攻坚实施方案的通知") is None  # not from 首页
    assert trail_headline("首页 频道-关于印发脱贫攻坚实施方案的通知") is None  # a space in the home part
    assert trail_headline("首页-" + "频" * 21 + "-关于印发脱贫攻坚实施方案的通知") is None  # a part of 21


def test_a_line_of_many_dashed_parts_is_read_once() -> None:
    # Forty parts with spaces around their dashes and a short last part: no trail, read in one
    # pass (the pattern it replaces took 10 CPU s at eight parts, four times more for each).
    assert trail_headline("首页" + "  -  ab" * 40 + " - 短") is None
    assert trail_headline("首页" + "  -  ab" * 40 + " - " + NOTICE) == NOTICE
