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


def test_an_amount_before_de_is_a_figure_of_what_follows() -> None:
    # cn.chinagate.cn (news of a province's interest subsidies for poor households' loans)
    line = ("本次计划下达财政贴息资金3320万元,贴息的年利率为5%,按照贷款1年的期限,"
            "可以撬动6.64亿元的银行贷款,并可扶持约7万户贫困群众发展区域特色种养业生产。")
    assert _units(line) == [(Decimal("3320"), "万元", None), (Decimal("5"), "%", None),
                            (Decimal("6.64"), "亿元", None), (Decimal("7"), "万户", "约")]
    assert [t.indicator for t in extract_targets(line)][2] == "银行贷款"
    # A bound before 的 describes what follows: no figure.
    assert _units("对30户以上的自然村寨实施道路硬化。") == []
