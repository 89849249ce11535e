"""Figures in the tables of fund disclosures, on lines of real pages from the tuning parts (the
page in the comment): a table whose header row opens on 序号 names a lone figure by its column."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
from jianpin.library.text.tables import table_paragraphs
from jianpin.library.text.targets import UNITS

# beiguan.gov.cn (a district's fund allocation table, a cell to a line)
CELL_A_LINE = """三、资金分配情况表
北关区2018年专项扶贫资金分配表 |
|||||
序号 |
项目名称 |
建设地点 |
建设内容 |
投资 规模 |
责任 单位 |
1 |
彰北办事处周家营村2018年度财政扶贫建设人行道地面硬化项目 |
彰北办事处周家营村 |
拆除地面596平方米,铺设道板砖1136.7平方米。 |
20万元 |
彰北办事处 |
备注:每个具体项目建设情况由责任单位另行公告公示。"""


def _figures(text: str) -> list[tuple[str | None, str, Decimal, str]]:
    return [(t.year, t.indicator, t.value, t.unit) for t in extract_targets(text)]


def test_a_lone_figure_in_a_cell_is_named_by_its_column() -> None:
    assert _figures(CELL_A_LINE) == [
        (None, "拆除地面", Decimal("596"), "平方米"), (None, "铺设道板砖", Decimal("1136.7"), "平方米"),
        (None, "投资规模", Decimal("20"), "万元")]


def test_a_row_to_a_line_is_read_cell_by_cell_and_a_header_unit_applies_to_bare_numbers() -> None:
    # gxq.xinxiang.gov.cn (a development zone's table, a row to a line; here its header gives
    # the unit, which the page's header does not)
    lines = ["序号 | 项目名称 | 建设地点 | 投资规模(万元) | 责任单位 |",
             "1 | 城乡义务教育经费保障机制 | 关堤乡 | 241.3 | 社会事务局 |"]
    assert table_paragraphs(lines, UNITS)[5:] == [
        ("1", "序号"), ("城乡义务教育经费保障机制", "项目名称"), ("关堤乡", "建设地点"),
        ("241.3万元", "投资规模"), ("社会事务局", "责任单位")]
    assert _figures("\n".join(lines)) == [(None, "投资规模", Decimal("241.3"), "万元")]
    # A bare number under a header without a unit is no figure (its unit is not made up).
    assert _figures("序号 | 项目名称 | 投资规模 |\n1 | 城乡义务教育经费保障机制 | 241.3 |") == []


def test_tables_without_a_numbered_header_are_read_line_by_line() -> None:
    lines = ["家团成员人数 |", "全数援助金金额(澳门币) |", "1 |", "4,230 |"]
    assert table_paragraphs(lines, UNITS) == [(line, None) for line in lines]
