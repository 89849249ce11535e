"""Indicator names of figures, on lines of real pages from the tuning parts (the page in the
comment): counts written number first in a list, a level a change reaches, the area words that
open a name (全国, 全县: the figure's region says where), a running total kept in the name."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets


def _named(text: str) -> list[tuple[str | None, str | None, str, Decimal, str]]:
    return [(t.year, t.subject, t.indicator, t.value, t.unit) for t in extract_targets(text)]


def test_counts_written_number_first_name_what_follows_them() -> None:
    # tuopin.ce.cn (Liaoning's poverty-alleviation plan)
    assert _named("瞄准全省剩余的28.56万贫困人口、647个贫困村、11个省级贫困县,"
                  "2018年实现全省15万人脱贫、 500个贫困村销号、6个省级贫困县脱贫退出") == [
        (None, None, "贫困人口", Decimal("28.56"), "万"), (None, None, "贫困村", Decimal("647"), "个"),
        (None, None, "省级贫困县", Decimal("11"), "个"), ("2018", None, "脱贫", Decimal("15"), "万人"),
        ("2018", None, "贫困村销号", Decimal("500"), "个"),
        ("2018", None, "省级贫困县脱贫退出", Decimal("6"), "个")]
    # Counts written name first keep their names.
    assert [n for _, _, n, _, _ in _named("配套幼儿园26个、小学24个、初中14个")] == \
        ["配套幼儿园", "小学", "初中"]


def test_the_level_a_change_reaches_is_named_by_what_changes() -> None:
    # 103.52.134.50 (a Xinhua item reposted: the national statistics office's report)
    assert _named("脱贫县农村居民人均可支配收入持续增长,从2020年的12588元增长至2023年的16396元,"
                  "年均实际增长8.2%。") == [
        ("2020", None, "脱贫县农村居民人均可支配收入", Decimal("12588"), "元"),
        ("2023", None, "脱贫县农村居民人均可支配收入", Decimal("16396"), "元"),
        ("2023", "脱贫县农村居民人均可支配收入", "年均实际增长", Decimal("8.2"), "%")]


def test_area_words_open_no_name_and_a_running_total_stays_in_it() -> None:
    # shicaozhen.com (the statistics office's figures reposted)
    assert _named("按现行国家农村贫困标准测算,2017年末,全国农村贫困人口3046万人,比上年末减少1289万人")[0] \
        == ("2017", None, "农村贫困人口", Decimal("3046"), "万人")
    # hkcd.com (Chengkou county, in traditional script, folded)
    assert [(t.indicator, t.qualifier) for t in extract_targets("截至目前,城口全县累计脱贫11386户44014人")] \
        == [("城口全县累计脱贫", "累计"), ("城口全县累计脱贫", "累计")]
