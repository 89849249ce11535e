"""Rules and their findings as the reader's language shows them.

Shipped rules carry their English (`name_en`, `flag_en` in the rule files, `label_en` in the
feature catalogue). A warning stores the rule's Chinese name and flag as they were when it was
raised: the English is shown only while the stored text is still the shipped one, so a rule a
county wrote (or changed) is shown as written.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

from jianpin.registry.fields import EDIT_NOTES
from jianpin.rules import nodes
from jianpin.rules.catalog import label
from jianpin.rules.errors import RuleError
from jianpin.rules.evaluator import shown
from jianpin.rules.parser import parse
from jianpin.rules.ruleset import shipped, shipped_rules
from jianpin.screening import import_held
from jianpin.screening.import_held import RULE_SET as IMPORT_SET
from jianpin.screening.import_held import SETS as IMPORT_SETS
from jianpin.screening.models import RuleRecord

# The rule language's severities and categories (jianpin.rules.ruleset) and a refusal with its
# figure, shown with {% translate value %} / gettext(value): marked here for the catalogue.
MARKS = (gettext_noop("高"), gettext_noop("中"), gettext_noop("低"), gettext_noop("监测对象类型"),
         gettext_noop("风险类型"), gettext_noop("排除"), gettext_noop("数据质量"),
         gettext_noop("脱贫就绪"), gettext_noop("风险消除就绪"), gettext_noop("一次最多处理500条预警"),
         # why a department data row was not used (screening.depts, kernel.ids)
         gettext_noop("金额格式错误"), gettext_noop("档案中无此身份证号"),
         gettext_noop("身份证号码格式不正确（应为18位）"), gettext_noop("身份证号码中的出生日期不存在"),
         gettext_noop("身份证号码中的出生日期不合理"), gettext_noop("身份证号码校验位错误"))


def english() -> bool:
    return (get_language() or "").startswith("en")


def rule_name(code: str, name: str) -> str:
    held = IMPORT_SETS.get(code)
    if held is not None and held.name == name:     # an import's held differences
        return gettext(name)
    rule = shipped_rules().get(code)
    if english() and rule is not None and rule.name == name and rule.name_en:
        return rule.name_en
    return name


def rule_flag(code: str, flag: str) -> str:
    held = IMPORT_SETS.get(code)
    if held is not None and held.flag == flag:
        return gettext(flag)
    rule = shipped_rules().get(code)
    if english() and rule is not None and rule.flag == flag:
        return rule.flag_en or gettext(flag)    # a flag that is a risk type: the code list's
    return flag


def set_name(code: str) -> str:
    rs = shipped().get(code)
    if rs is None:
        return code
    return rs.name_en if english() and rs.name_en else rs.name


def sets_label(rule_set: str) -> str:
    """A warning's rule set(s) by name ("a,b": both names); '' is the assistance checks'."""
    if not rule_set:
        return gettext("帮扶检查")
    if rule_set == IMPORT_SET:
        return gettext("导入差异")
    return " + ".join(set_name(code) for code in rule_set.split(","))


def triage_reason(reason: str) -> str:
    """A warning's reason in the reader's language where the system wrote it (an import or a
    decision that resolved it); a user's own reason as written."""
    shown = import_held.resolved_text(reason)
    return reason if shown is None else shown


def inactive_note(rule_set: str, reason: str) -> str:
    """Why a warning is no longer active, in the reader's language: a decision or the latest
    import brought jianpin in line (an import's held difference), or the latest screening no
    longer hits."""
    if rule_set != IMPORT_SET:
        return gettext("最近筛查未命中")
    found = import_held.DECISION_PATTERN.match(reason or "")
    if found is not None and found.group("decision") in EDIT_NOTES.values():
        return gettext("修改后已一致")
    if found is not None:
        return gettext("审定结果已一致")
    return gettext("最近导入已一致")


def rule_orders(codes: Iterable[str]) -> dict[str, list[str]]:
    """Each rule's explanation keys in the order the rule defines them: the features of its
    condition in first-use order (a rule written in the UI before the shipped one of its code),
    an assistance check's values in the order it gives them. One query for the lot."""
    wanted = set(codes)
    out = {code: rule.features for code, rule in shipped_rules().items() if code in wanted}
    for code, condition in RuleRecord.objects.filter(code__in=wanted).values_list(
            "code", "condition"):
        try:
            out[code] = nodes.features(parse(condition))
        except RuleError:
            continue
    from jianpin.assistance.checks import EXPLAINED  # a sibling app; imported when used

    out.update({code: list(keys) for code, keys in EXPLAINED.items() if code in wanted})
    return out


def ordered(explanation: Mapping[str, Any], order: Sequence[str]) -> list[tuple[str, Any]]:
    """The explanation's items in `order` (a rule's, `rule_orders`), keys it does not name
    after them by name: the same on every engine, whatever order the stored JSON keeps
    (PostgreSQL's jsonb keeps its own)."""
    rank = {key: n for n, key in enumerate(order)}
    return sorted(explanation.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


def reasons(explanation: Mapping[str, Any], order: Sequence[str] = ()) -> str:
    """Why a rule hit, on one line: 标签=值；... or label=value; ..."""
    return ("; " if english() else "；").join(f"{k}={v}" for k, v in reason_pairs(explanation,
                                                                                 order))


def reason_pairs(explanation: Mapping[str, Any],
                 order: Sequence[str] = ()) -> list[tuple[str, str]]:
    en = english()
    if import_held.is_held(explanation):
        return import_held.translated(explanation)
    # a code-list value a rule reports (户类型 脱贫户, 监测对象类型 ...) in the reader's language
    return [(label(k, en), gettext(v) if en and isinstance(v, str) and v else shown(v, en))
            for k, v in ordered(explanation, order)]
