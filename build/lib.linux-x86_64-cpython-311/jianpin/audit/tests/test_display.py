"""The audit trail in words: import diffs name each changed field, IDs stay hidden."""
from __future__ import annotations

import pytest

from jianpin.audit.display import describe_all

pytestmark = pytest.mark.django_db


def test_an_import_diff_lists_what_changed_per_section_and_hides_ids() -> None:
    diff = {"household": {"size": [2, 3], "status": ["脱贫户", "一般农户"]},
            "members": {"张三 441424************": {"name": ["张三", "张四"],
                                                   "id_number": ["441424************"] * 2},
                        "李四 441424************": {"name": "李四", "relation": "子"}},
            "income": {"year": 2025, "wage_income": ["1.00", "2.00"]}}
    assert describe_all("registry.household", diff, False) == (
        "户（家庭人口：2 → 3；户类型：脱贫户 → 一般农户）；"
        "成员：张三 441424************（姓名：张三 → 张四；身份证号：已修改（内容不公开）），"
        "李四 441424************（姓名：李四；与户主关系：子）；"
        "年度收入（年度：2025；工资性收入：1.00 → 2.00）")
