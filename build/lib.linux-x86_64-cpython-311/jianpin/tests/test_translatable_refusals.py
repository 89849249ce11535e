"""Refusals shown to users are translatable: no f-string carries their Chinese text.

An f-string is formatted before gettext can see it, so its text never reaches the English
catalogue.  Messages take placeholders instead: ``gettext("区划代码不存在：%(code)s") % {...}``.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import jianpin

ROOT = Path(jianpin.__file__).parent
CHINESE = re.compile(r"[\u4e00-\u9fff]")
RAISERS = {"DomainError", "PermissionDenied", "FormErrors"}
MESSAGE_FUNCS = {"debug", "info", "success", "warning", "error", "add_message"}


def _name(func: ast.expr) -> tuple[str, str]:
    if isinstance(func, ast.Name):
        return "", func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return owner, func.attr
    return "", ""


def _chinese_fstring(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) and any(
        isinstance(part, ast.Constant) and isinstance(part.value, str) and CHINESE.search(part.value)
        for part in node.values)


def untranslatable_calls(source: str, filename: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        owner, name = _name(node.func)
        if name in RAISERS or (owner == "messages" and name in MESSAGE_FUNCS):
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if any(_chinese_fstring(arg) for arg in args):
                found.append(f"{filename}:{node.lineno} {name}")
    return found


def test_scanner_catches_an_fstring_refusal() -> None:
    bad = ('raise DomainError("region_unknown", f"区划代码不存在：{code}")\n'
           'raise PermissionDenied(f"本账号无权上传“{label}”数据")\n'
           'messages.error(request, f"已导入{n}户")\n')
    assert untranslatable_calls(bad, "bad.py") == [
        "bad.py:1 DomainError", "bad.py:2 PermissionDenied", "bad.py:3 error"]
    good = ('raise DomainError("region_unknown", gettext("区划代码不存在：%(code)s") % {"code": code})\n'
            'raise DomainError("x", f"{label}")\n')
    assert untranslatable_calls(good, "good.py") == []


def test_no_fstring_refusals_outside_tests() -> None:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts or "migrations" in path.parts:
            continue
        found += untranslatable_calls(path.read_text(encoding="utf-8"),
                                      str(path.relative_to(ROOT.parent)))
    assert found == []
