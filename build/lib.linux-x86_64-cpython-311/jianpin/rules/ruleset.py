"""Rule sets: rules as data (TOML files shipped in `sets/`, plus records supplied by callers).

A rule file holds one `[set]` table (`code`, `name`, optional `include` of other set codes)
and `[[rule]]` tables with `code`, `name`, `severity` (高/中/低), `category` (see CATEGORIES),
`flag` (the Chinese label of what a hit flags) and `condition` in the rule language. Shipped
rules also carry `name_en` and, unless the flag is a code-list value (因病, 边缘易致贫户 ...),
`flag_en`: the English UI shows them; rules written by a county keep their own text.
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jianpin.rules import nodes as n
from jianpin.rules.compiler import DIALECTS, to_sql
from jianpin.rules.errors import RuleError
from jianpin.rules.parser import parse

CATEGORIES = {
    "monitoring_kind": "监测对象类型",
    "risk_type": "风险类型",
    "exclusion": "排除",
    "data_quality": "数据质量",
    "exit_ready": "脱贫就绪",
    "elimination_ready": "风险消除就绪",
}
SEVERITIES = ("高", "中", "低")
DEFAULT_SET = "default"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    category: str
    flag: str
    condition: str
    tree: n.Node = field(compare=False, repr=False)
    name_en: str = field(default="", compare=False)
    flag_en: str = field(default="", compare=False)

    @property
    def features(self) -> list[str]:
        return n.features(self.tree)

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    def sql(self, dialect: str) -> str:
        return to_sql(self.tree, dialect)


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    rules: tuple[Rule, ...]
    include: tuple[str, ...] = ()
    name_en: str = ""


def build_rule(data: Mapping[str, Any]) -> Rule:
    """Check one rule record and return it compiled; raise RuleError in Chinese if bad."""
    missing = [k for k in ("code", "name", "severity", "category", "flag", "condition")
               if not str(data.get(k, "")).strip()]
    if missing:
        raise RuleError(f"规则缺少字段：{'、'.join(missing)}")
    if data["severity"] not in SEVERITIES:
        raise RuleError(f"严重程度只能是{'、'.join(SEVERITIES)}")
    if data["category"] not in CATEGORIES:
        raise RuleError(f"未知的规则类别“{data['category']}”")
    tree = parse(str(data["condition"]))
    for dialect in DIALECTS:
        to_sql(tree, dialect)
    return Rule(str(data["code"]).strip(), str(data["name"]).strip(), str(data["severity"]),
                str(data["category"]), str(data["flag"]).strip(), str(data["condition"]), tree,
                str(data.get("name_en", "")).strip(), str(data.get("flag_en", "")).strip())


def parse_set(text: str, origin: str = "") -> RuleSet:
    """Parse one rule file's text; errors name the rule code."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"规则文件 {origin} 格式错误：{exc}") from None
    head = data.get("set", {})
    rules = []
    for item in data.get("rule", []):
        try:
            rules.append(build_rule(item))
        except RuleError as exc:
            raise RuleError(f"规则 {item.get('code', '?')}：{exc.reason}", exc.line,
                            exc.column) from None
    return RuleSet(str(head.get("code", origin)), str(head.get("name", origin)), tuple(rules),
                   tuple(head.get("include", ())), str(head.get("name_en", "")))


@cache
def shipped() -> dict[str, RuleSet]:
    """Every rule set shipped with the project, by code."""
    sets = {}
    for entry in sorted(resources.files("jianpin.rules").joinpath("sets").iterdir(),
                        key=lambda e: e.name):
        if entry.name.endswith(".rules"):
            rs = parse_set(entry.read_text(encoding="utf-8"), entry.name)
            sets[rs.code] = rs
    return sets


@cache
def shipped_rules() -> dict[str, Rule]:
    """Every shipped rule by code (for showing a stored warning's rule in English)."""
    return {rule.code: rule for rs in shipped().values() for rule in rs.rules}


def canonical(codes: str | None) -> str:
    """Comma-separated set codes in one spelling: stripped, each once, sorted ("risk, default"
    and "default,risk" are the same set of rule sets); the default set when empty. A run, its
    warnings and the incremental run that builds on it are keyed by this spelling."""
    wanted = sorted({c.strip() for c in (codes or "").split(",") if c.strip()})
    return ",".join(wanted) or DEFAULT_SET


def resolve(codes: str | None, extra: Iterable[Rule] = ()) -> list[Rule]:
    """The rules of comma-separated set codes (default set when empty), then `extra` rules.

    An extra rule with the same code as a shipped one replaces it (records edited in the UI).
    """
    sets = shipped()
    wanted = [c.strip() for c in (codes or DEFAULT_SET).split(",") if c.strip()]
    chosen: dict[str, Rule] = {}
    seen: set[str] = set()

    def add(code: str) -> None:
        if code in seen:
            return
        seen.add(code)
        if code not in sets:
            raise RuleError(f"未知的规则集“{code}”（可用：{'、'.join(sorted(sets))}）")
        for inc in sets[code].include:
            add(inc)
        for rule in sets[code].rules:
            chosen[rule.code] = rule

    for code in wanted:
        add(code)
    for rule in extra:
        chosen[rule.code] = rule
    return list(chosen.values())
