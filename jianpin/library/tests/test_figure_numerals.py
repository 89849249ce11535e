"""Counts written in a lone Chinese numeral, on a line of a real page from the tuning parts."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets
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
