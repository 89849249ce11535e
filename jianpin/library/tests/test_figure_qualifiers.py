"""Qualifiers of figures, on lines of real pages from the tuning parts (the page in the comment):
an approximate amount (约, 近) just before the number, a running total (累计) or an estimate
(预计) named before it, a bound after it (以上) taking the place of 累计; and the Hong Kong
writings 逾, 約有 and 51万7千, on lines of public Hong Kong news pages."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
from jianpin.library.text.fold import fold
from jianpin.library.text.numerals import as_digits


def _qualified(text: str) -> list[tuple[Decimal, str, str | None]]:
    return [(t.value, t.unit, t.qualifier) for t in extract_targets(text)]


def test_an_approximate_amount_is_qualified_by_the_word_before_its_number() -> None:
    # m.shanglushan.com (a county's news of a mushroom cooperative)
    assert _qualified("产业基地现有19个简易棚和2个恒温大棚,总面积12060平方米,总投入约100万元")[-1] == \
        (Decimal("100"), "万元", "约")
    # ourjiangsu.com (a village's news)
    assert _qualified("工作得心应手,每月工资近6000元") == [(Decimal("6000"), "元", "近")]
    # gov.mo (Macau's allowance notice, in traditional script)
    assert _qualified(fold("預料總支出約澳門幣1,900萬元")) == [(Decimal("1900"), "万元", "约")]
    # 约 inside a word is no qualifier.
    assert _qualified("签订约定,投入100万元") == [(Decimal("100"), "万元", None)]


def test_a_running_total_or_an_estimate_is_named_unless_a_bound_follows() -> None:
    # mip.changanyouth.cn (Shaanxi's income figures)
    assert _qualified("与2019年同期相比,陕西脱贫县农村居民人均可支配收入累计增加1309元") == \
        [(Decimal("1309"), "元", "累计")]
    # news.chinaxiaokang.com (the poverty office's figures)
    assert _qualified("到2017年底,贫困人口在3000万左右,五年累计减贫6600万人以上") == \
        [(Decimal("3000"), "万", "左右"), (Decimal("6600"), "万人", "以上")]


def test_hong_kong_writings_of_an_amount() -> None:
    # soso.bot (a repost of Now新闻台: the targets of the labour and welfare bureau)
    assert _qualified("精准扶贫目标群组中,有21万多人是㓥房户,单亲户亦有逾21万,长者户就有逾55万人。") == [
        (Decimal("21"), "万人", "多"), (Decimal("21"), "万", "逾"), (Decimal("55"), "万人", "逾")]
    # hk.news.yahoo.com (Now新聞台: a relief fund); a name in corner brackets before the amount
    # is its subject, and 約有 makes the amount approximate.
    line = fold("「大埔宏福苑援助基金」截至周六中午收到37億,連同政府投入的三億元,基金總額約有40億元。")
    assert _qualified(as_digits(line)) == [
        (Decimal("37"), "亿", None), (Decimal("3"), "亿元", None), (Decimal("40"), "亿元", "约")]
    # news.creaders.net (Hong Kong's poverty figures of 2018): 51万7千人 is one amount.
    assert _qualified(as_digits("去年的长者贫穷人口为51万7千人、贫穷率为44.4%")) == [
        (Decimal("517000"), "人", None), (Decimal("44.4"), "%", None)]
