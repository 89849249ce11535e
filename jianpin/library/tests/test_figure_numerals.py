"""Amounts in Chinese numerals and in digits written with a scale or a full-width point, on lines
of real pages (the page in the comment)."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
from jianpin.library.text.chrome import normalize
from jianpin.library.text.fold import fold
from jianpin.library.text.numerals import as_digits


def test_a_lone_numeral_counting_places_is_an_amount() -> None:
    # haixia-info.com (Taiwan news in traditional script)
    line = fold("新加坡《聯合早報》網站11月23日報導,曾是中國貧困人口最多的貴州省23日宣佈,"
                "最後九個貧困縣實現脫貧退出。")
    assert [(t.year, t.value, t.unit) for t in extract_targets(line)] == [(None, Decimal("9"), "个")]
    assert as_digits("覆盖三个乡镇") == "覆盖3个乡镇"
    # Slogans, titles and "a village" stay words.
    for words in ("五个一批", "两个确保", "八个一批扶贫工程", "三个县长", "一个村", "四个全面"):
        assert as_digits(words) == words


def test_digits_written_with_a_scale_inside_are_one_amount() -> None:
    # The corpus notes this writing (140万6500) for the seventh gathering; no tuning page has it,
    # so these lines are written for the test.
    assert as_digits("全港贫穷人口为140万6500人,共投入资金1亿2000万元,另有2万500人") == \
        "全港贫穷人口为1406500人,共投入资金12000万元,另有20500人"
    assert [(t.value, t.unit) for t in extract_targets("全港贫穷人口为140万6500人")] == \
        [(Decimal("1406500"), "人")]
    # A scale alone, a year after it and a decimal stay as written.
    for text in ("投入1亿元", "10万亩", "5万2018年", "投资1.5亿元", "3亿5000元"):
        assert as_digits(text) == text


def test_digits_scaled_by_qian_or_bai_are_one_amount() -> None:
    # 《非金融机构支付服务管理办法》 (People's Bank of China order 2010 No. 2), article 9
    line = "拟在省(自治区、直辖市)范围内从事支付业务的,其注册资本最低限额为3千万元人民币。"
    assert as_digits(line).endswith("最低限额为3000万元人民币。")
    assert [(t.value, t.unit) for t in extract_targets(line)] == [(Decimal("3000"), "万元")]
    assert as_digits("总资产3亿3千万元,补助5千元,1千多人,2.3千亿元") == \
        "总资产33000万元,补助5000元,1000多人,2300亿元"
    # 千瓦 and 千米 are units, not a scale.
    for text in ("装机5千瓦", "道路3千米", "第3百名"):
        assert as_digits(text) == text


def test_a_full_width_point_between_digits_is_a_decimal_point() -> None:
    # github.com/myanbin/hwfw-convert (README: a line of environment news in full-width forms);
    # the page normaliser widens the digits only, so the point stays full-width.
    line = normalize("岷江流域水质改善明显，优良水体占比同比上升０．５％。")
    assert line == "岷江流域水质改善明显，优良水体占比同比上升0．5％。"
    assert [(t.value, t.unit) for t in extract_targets(line)] == [(Decimal("0.5"), "%")]
