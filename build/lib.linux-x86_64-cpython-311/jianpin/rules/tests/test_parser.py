from __future__ import annotations

import pytest

from jianpin.rules import RuleError, parse
from jianpin.rules import nodes as n
from jianpin.rules.ruleset import build_rule, parse_set, resolve, shipped


def test_precedence_and_binds_tighter_than_or() -> None:
    tree = parse("has_income or relocated and water_safe")
    assert isinstance(tree, n.Logical) and tree.op == "or"
    assert isinstance(tree.items[1], n.Logical) and tree.items[1].op == "and"


def test_arithmetic_precedence() -> None:
    tree = parse("members + members_chronic * 2 > 3")
    assert isinstance(tree, n.Compare)
    assert tree.left == n.Arith("+", n.Feature("members"),
                                n.Arith("*", n.Feature("members_chronic"), n.Literal(2)))


def test_between_and_not_in_and_is_not_null() -> None:
    assert parse("members between 1 and 3") == n.Logical("and", (
        n.Compare(">=", n.Feature("members"), n.Literal(1)),
        n.Compare("<=", n.Feature("members"), n.Literal(3))))
    assert parse("housing_grade not in ('C', 'D')") == n.InList(
        n.Feature("housing_grade"), (n.Literal("C"), n.Literal("D")), True)
    assert parse("water_safe IS NOT NULL") == n.IsNull(n.Feature("water_safe"), True)


def test_features_lists_each_name_once_in_order() -> None:
    tree = parse("per_capita_net < std_monitoring_line and per_capita_net > 0")
    assert n.features(tree) == ["per_capita_net", "std_monitoring_line"]


@pytest.mark.parametrize(("text", "message"), [
    ("per_capita_net <", "第1行第17列：规则意外结束，此处应为数值、特征名或“(”"),
    ("income > 1", "第1行第1列：未知的特征“income”（只能使用允许的特征）"),
    ("members > 1\n and sleep(5)", "第2行第6列：不允许的函数“sleep”（可用：coalesce、abs、min、max、ratio）"),
    ("per_capita_net = null", "第1行第16列：不能用比较运算判断空值，请使用 is null / is not null"),
    ("status > '脱贫户'", "第1行第8列：文本只能用 = 或 != 比较"),
    ("status = 1", "第1行第8列：不能比较文本与数值"),
    ("per_capita_net", "第1行第1列：规则条件必须是“是/否”判断，这里得到的是数值"),
    ("members > 1; drop table x", "第1行第12列：不允许使用分号：规则只能是一个条件表达式"),
    ("status = 'a\\' or 1=1", "第1行第10列：字符串没有结束引号，或包含换行、反斜杠"),
    ("ratio(members) > 1", "第1行第1列：函数 ratio 需要2个参数，实际为1个"),
    ("members > 1 members", "第1行第13列：多余的内容“members”"),
    ("relocated and members", "第1行第15列：“and”需要是/否，这里是数值"),
    ("status in ('A', 1)", "第1行第17列：in 列表的值类型应与左侧一致（文本）"),
    ("status in (housing_grade)", "第1行第12列：in 列表中只能写具体的数值、文本或 true/false"),
    ("", "规则条件为空"),
    ("members ＞ 1", "第1行第9列：无法识别的字符“＞”"),
])
def test_bad_rules_are_refused_with_position_in_chinese(text: str, message: str) -> None:
    with pytest.raises(RuleError) as info:
        parse(text)
    assert message in info.value.message


def test_rule_record_validation() -> None:
    with pytest.raises(RuleError, match="严重程度只能是高、中、低"):
        build_rule({"code": "X", "name": "x", "severity": "急", "category": "risk_type",
                    "flag": "因病", "condition": "members > 0"})
    with pytest.raises(RuleError, match="规则缺少字段：flag"):
        build_rule({"code": "X", "name": "x", "severity": "高", "category": "risk_type",
                    "condition": "members > 0"})


def test_bad_rule_in_file_names_the_rule() -> None:
    text = '[set]\ncode="t"\nname="t"\n[[rule]]\ncode="T1"\nname="t"\nseverity="高"\n' \
           'category="risk_type"\nflag="因病"\ncondition="members >"\n'
    with pytest.raises(RuleError, match="规则 T1：规则意外结束"):
        parse_set(text)


def test_shipped_sets_and_default() -> None:
    sets = shipped()
    assert set(sets) == {"default", "monitoring", "risk", "exclusion", "exit", "elimination",
                         "quality"}
    assert len(resolve(None)) == 30
    assert [r.code for r in resolve("monitoring")] == ["MON-UNSTABLE", "MON-MARGINAL",
                                                       "MON-SUDDEN"]
    flags = {r.flag for r in resolve("risk")}
    assert flags == {"因病", "因残", "因学", "因灾", "因意外事故", "因务工就业不稳", "因产业失败",
                     "因缺劳动力", "因住房安全", "因饮水安全"}
    with pytest.raises(RuleError, match="未知的规则集“nope”"):
        resolve("nope")


def test_shipped_rules_take_thresholds_from_standards_not_literals() -> None:
    for rule in resolve(None):
        numbers = [x.value for x in n.walk(rule.tree)
                   if isinstance(x, n.Literal) and isinstance(x.value, (int, float))
                   and not isinstance(x.value, bool)]
        assert set(numbers) <= {0, 1}, rule.code
