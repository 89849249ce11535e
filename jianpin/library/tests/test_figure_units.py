"""The unit of an approximate amount, on lines of real pages from the tuning parts (the page in
the comment): 万多个 is counted by the scale alone, 万余人 and 万余元 keep what they count."""
from __future__ import annotations

from decimal import Decimal

from jianpin.library.text import extract_targets


def _units(text: str) -> list[tuple[Decimal, str, str | None]]:
    return [(t.value, t.unit, t.qualifier) for t in extract_targets(text)]


def test_some_ten_thousand_things_are_counted_by_the_scale() -> None:
    # ahnews.com.cn (news of the supply and marketing cooperatives' consumption support)
    assert _units("截至9月初,扶贫832平台供应商超过5000家,上线农副产品6万多个。") == \
        [(Decimal("5000"), "家", "超过"), (Decimal("6"), "万", "多")]
    # a mirror of a newspaper's report of the ethnic minorities' development fund
    assert _units("累计安排294亿元,支持实施了特色产业发展等项目2.4万余个。") == \
        [(Decimal("294"), "亿元", "累计"), (Decimal("2.4"), "万", "余")]
    # nmgttcy.com (a charity day's report): people and yuan keep their thing after 余.
    assert _units("直接受益人数达1.5万余人,销售总额达4万余元,建成10多个车间。") == \
        [(Decimal("1.5"), "万人", "余"), (Decimal("4"), "万元", "余"), (Decimal("10"), "个", "多")]
