"""Every audit action code the code writes has a label, in Chinese and in English."""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from jianpin.audit.labels import action_label, known

ROOT = Path(__file__).resolve().parents[2]


def _sources() -> Iterator[tuple[str, ast.AST]]:
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield str(path.relative_to(ROOT.parent)), ast.parse(path.read_text(encoding="utf-8"))


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _dynamic() -> dict[tuple[str, str], list[str]]:
    """The codes of the call sites that build a code: what each can write."""
    from jianpin.projects.machine import MACHINE as PROJECT
    from jianpin.registry.import_actions import AUDIT_ACTION
    from jianpin.registry.synth.run import AUDIT_ACTION as GENERATE
    from jianpin.screening.models import TRANSITIONS
    from jianpin.workflows.machines.registry import ALL, CASE_MACHINES

    edges = [f"{m.app}.{m.name}.{e.action}" for m in (*ALL.values(), PROJECT) for e in m.edges]
    return {
        ("jianpin/registry/actions.py", "action"): [],   # `_update`: its callers are scanned
        ("jianpin/registry/synth/run.py", "AUDIT_ACTION"): [GENERATE],
        ("jianpin/screening/actions.py", "f'screening.warning.{target}'"):
            sorted({f"screening.warning.{t}" for targets in TRANSITIONS.values() for t in targets}),
        ("jianpin/workflows/actions.py", "f'workflows.{kind}.open'"):
            [f"workflows.{k}.open" for k in CASE_MACHINES],
        ("jianpin/workflows/machines/base.py", "f'{machine.app}.{machine.name}.{edge.action}'"):
            edges,
        # commit._audit writes f"{action}.create" / f"{action}.update" for each import mode
        ("jianpin/registry/io/commit.py", "mode"):
            [f"{a}.{k}" for a in AUDIT_ACTION.values() for k in ("create", "update")],
    }


def written_codes() -> set[str]:
    """Every code passed to `record`, to `registry.actions._update` or written in a bulk audit
    row; fails on a call site that builds its code in a way this test does not know."""
    dynamic = _dynamic()
    codes = set(dynamic[("jianpin/registry/io/commit.py", "mode")])
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for k, v in zip(node.keys, node.values, strict=True):
                    if (isinstance(k, ast.Constant) and k.value == "action"
                            and isinstance(v, ast.Constant) and isinstance(v.value, str)):
                        codes.add(v.value)
            if not isinstance(node, ast.Call):
                continue
            at = {"record": 1, "_update": 5}.get(_name(node))
            if at is None or len(node.args) <= at:
                continue
            arg = node.args[at]
            options = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for option in options:
                if isinstance(option, ast.Constant) and isinstance(option.value, str):
                    codes.add(option.value)
                else:
                    key = (path, ast.unparse(option))
                    assert key in dynamic, f"unknown way of building an audit code: {key}"
                    codes.update(dynamic[key])
    return codes


def test_the_scan_finds_codes_of_every_kind() -> None:
    codes = written_codes()
    for code in ("registry.household.update", "registry.household.decision",
                 "registry.import.work_periods", "registry.roster.update",
                 "accounts.user.disable", "screening.warning.dismissed",
                 "workflows.identification.open", "workflows.approval.unapprove",
                 "projects.project.evaluate", "registry.generate"):
        assert code in codes
    assert len(codes) > 150


def test_every_code_written_has_a_label() -> None:
    assert sorted(c for c in written_codes() if not known(c)) == []


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("registry.workperiod.update", "修改外出务工时段", "Edit a period of migrant work"),
    ("registry.household.decision", "按审定结果修改农户状态",
     "Household status set by a decision"),
    ("registry.roster.update", "按国家系统名单导入修改农户",
     "Household updated by a national roster import"),
    ("workflows.identification.county_approve", "监测对象识别纳入：县级审定通过",
     "Identification for monitoring: County approves"),
    ("made.up.code", "made.up.code", "made.up.code"),
])
def test_labels_in_both_languages(code: str, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert action_label(code) == zh
    with translation.override("en"):
        assert action_label(code) == en


def test_every_label_is_translated() -> None:
    with translation.override("en"):
        untranslated = sorted(c for c in written_codes()
                              if any("\u4e00" <= ch <= "\u9fff" for ch in action_label(c)))
    assert untranslated == []
