"""Rules for numbers written with separators, titles by structure and regions by words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.library.text import extract_metadata, extract_targets
from jianpin.library.text.chrome import strip_chrome, without_affix
from jianpin.library.text.regions import default_gazetteer


def _figures(text: str) -> list[tuple[str | None, str, Decimal, str]]:
    return [(t.year, t.indicator, t.value, t.unit) for t in extract_targets(text)]


def test_thousands_separators_and_spaced_digits_are_one_number() -> None:
    assert _figures("2013年，省级财政专项扶贫资金1,000万元，项目总投资7,821万元。") == [
        ("2013", "省级财政专项扶贫资金", Decimal("1000"), "万元"),
        ("2013", "项目总投资", Decimal("7821"), "万元"),
    ]
    assert _figures("2020年全国农村贫困人口5 575万，全镇累计减少1 149户。") == [
        ("2020", "农村贫困人口", Decimal("5575"), "万"),
        ("2020", "累计减少", Decimal("1149"), "户"),
    ]
    # A comma between short numbers is a list, not a separator: nothing is glued together.
    assert [v for _, _, v, _ in _figures("涉及2,3组共45户")] == [Decimal("45")]


@pytest.mark.parametrize(("line", "expected"), [
    ("新华网|中国减贫成就为可持续发展议程做重大贡献", "中国减贫成就为可持续发展议程做重大贡献"),
    ("关于下达第一批衔接资金项目绩效目标的通知.docx", "关于下达第一批衔接资金项目绩效目标的通知"),
    ("全省脱贫攻坚工作会议召开_某某新闻网", "全省脱贫攻坚工作会议召开"),
    ("东西部协作 | 帮扶 | 就业", "东西部协作 | 帮扶 | 就业"),
])
def test_site_names_and_file_suffixes_leave_the_title(line: str, expected: str) -> None:
    assert without_affix(line) == expected


def test_a_headline_ending_in_a_figure_is_a_title_and_a_byline_is_not() -> None:
    page = ("网站首页 | 新闻中心 | 联系我们\n"
            "宁 静 殷浩栋 汪三贵\n"
            "我国脱贫劳动力务工就业规模超过年度目标258.7万人\n"
            "来源:工人日报 发布时间:2023-02-15\n"
            "2022年,务工就业规模达到3277.9万人,比上年底增加132.9万人,超过年度目标任务258.7万人,"
            "脱贫劳动力就业形势保持稳定。\n")
    assert strip_chrome(page).title == "我国脱贫劳动力务工就业规模超过年度目标258.7万人"
    # A label and an amount is a row of a table, never a title.
    rows = "1.省级专项扶贫资金47万元\n市级扶贫资金66.5万元\n" + "资金用于产业发展和基础设施建设," * 3
    assert strip_chrome(rows).title == ""


def test_the_site_word_before_a_headline_goes_when_the_byline_starts_with_it() -> None:
    page = ("今日新闻 刘永富:我国6年减贫8千多万人 一半贫困县将摘帽\n"
            "今日新闻 2019-10-29 admin\n"
            "国务院扶贫办主任刘永富介绍,脱贫攻坚取得显著成就,贫困人口大幅减少,"
            "贫困县摘帽有序推进。\n")
    assert strip_chrome(page).title == "刘永富:我国6年减贫8千多万人 一半贫困县将摘帽"


def test_a_county_stem_that_is_also_a_word_is_not_a_place() -> None:
    gaz = default_gazetteer()
    # 乐业 (乐业县, Guangxi) inside 安居乐业 or alone in quotes, on a page about Guizhou.
    body = "贵州在产业培育、就业扶持等方面精准施策,让搬迁群众“安居”更“乐业”,安居乐业。"
    assert [gaz.places[c].name for c in gaz.ordered(body)] == ["贵州省"]
    # Named with its province, the stem is the county.
    assert "乐业县" in [gaz.places[c].name for c in gaz.ordered("广西乐业发展特色产业")]


def test_an_address_is_one_naming_of_its_last_place() -> None:
    gaz = default_gazetteer()
    names = [gaz.places[c].name for c in gaz.ordered("云南省曲靖市富源县组织召开会议,重庆市城口县")]
    assert names == ["富源县", "城口县"]


def test_counties_listed_as_examples_do_not_outrank_their_province() -> None:
    text = ("今天下午,贵州省政府新闻办召开发布会,宣布紫云县、纳雍县、威宁县、赫章县、榕江县、"
            "从江县、晴隆县、望谟县、册亨县退出贫困县序列。\n贵州省累计减少贫困人口较多。")
    assert extract_metadata(text).region_name == "贵州省"
    title = "河北省政府批准望都海兴南皮3县退出贫困县\n经第三方评估,河北省政府批准上述县退出。"
    assert extract_metadata(title).region_name == "河北省"
    # One line of ancestry in the title: the deepest place.
    assert extract_metadata("贵州省兴仁市关于印发产业扶贫实施方案的通知\n各乡镇:现印发给你们。"
                            ).region_name == "兴仁市"
