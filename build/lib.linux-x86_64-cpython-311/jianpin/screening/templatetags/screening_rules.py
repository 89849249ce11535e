"""Template filters: a rule's name and flag in the reader's language (see screening.display)."""
from __future__ import annotations

from typing import Any

from django import template

from jianpin.screening import display

register = template.Library()


def _code(obj: Any) -> str:
    return str(getattr(obj, "rule_code", None) or getattr(obj, "code", ""))


@register.filter
def rule_name(obj: Any) -> str:
    """A shipped rule, a warning or a household hit: its rule's name."""
    return display.rule_name(_code(obj), str(getattr(obj, "rule_name", None) or obj.name))


@register.filter
def rule_flag(obj: Any) -> str:
    return display.rule_flag(_code(obj), str(obj.flag))


@register.filter
def named_rule(name: str, code: str) -> str:
    """`{{ name|named_rule:code }}` for a (code, name) pair."""
    return display.rule_name(code, name)


@register.filter
def rule_sets(rule_set: str) -> str:
    """`{{ warning.rule_set|rule_sets }}`: the set(s) that raised it, by name."""
    return display.sets_label(str(rule_set or ""))
