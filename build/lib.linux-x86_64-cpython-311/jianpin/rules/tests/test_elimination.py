"""Risk elimination must not be proposed while income is falling (domain guide §4)."""
from __future__ import annotations

from typing import Any

from jianpin.rules import evaluator
from jianpin.rules.ruleset import shipped

READY = next(r for r in shipped()["elimination"].rules if r.code == "ELIM-READY")


def row(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "is_monitored": True, "members_with_labour": 2, "per_capita_net": 12074.84,
        "per_capita_net_prev": 25638.18, "income_change_ratio": -0.53, "rigid_share": 0.35,
        "housing_grade": "B", "relocated": False, "water_safe": True,
        "children_out_of_school": 0, "members_no_medical_insurance": 0, "months_monitored": 17,
        "std_monitoring_line": 6000, "std_rigid_share": 0.5, "std_income_drop_ratio": 0.3,
        "std_elimination_min_months": 2,
    }
    base.update(over)
    return base


def test_sharp_income_fall_blocks_elimination() -> None:
    assert evaluator.hits(READY.tree, row()) is False


def test_stable_income_above_the_line_is_ready() -> None:
    assert evaluator.hits(READY.tree, row(income_change_ratio=0.08)) is True


def test_unknown_change_counts_as_stable_only_with_both_years_above_the_line() -> None:
    assert evaluator.hits(READY.tree, row(income_change_ratio=None)) is True
    assert evaluator.hits(READY.tree, row(income_change_ratio=None,
                                          per_capita_net_prev=None)) is False
