"""The rule language: parse to an AST, check against the feature catalog, compile to SQL per
dialect, evaluate in Python with SQL three-valued logic, and explain hits. No Django here."""
from __future__ import annotations

from jianpin.rules.errors import RuleError
from jianpin.rules.parser import parse

__all__ = ["RuleError", "parse"]
