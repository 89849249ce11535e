"""The reference evaluator: SQL three-valued logic in Python (None is NULL / unknown)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jianpin.rules import nodes as n
from jianpin.rules.catalog import CATALOG, label

Row = Mapping[str, Any]


def evaluate(node: n.Node, row: Row) -> Any:
    """Value of node for one feature row; a rule hits only when this is exactly True."""
    if isinstance(node, n.Literal):
        return node.value
    if isinstance(node, n.Feature):
        return row.get(node.name)
    if isinstance(node, n.Negate):
        v = evaluate(node.operand, row)
        return None if v is None else -v
    if isinstance(node, n.Arith):
        return _arith(node.op, evaluate(node.left, row), evaluate(node.right, row))
    if isinstance(node, n.Compare):
        return _compare(node.op, evaluate(node.left, row), evaluate(node.right, row))
    if isinstance(node, n.Logical):
        return _logical(node.op, [evaluate(i, row) for i in node.items])
    if isinstance(node, n.Not):
        v = evaluate(node.operand, row)
        return None if v is None else not v
    if isinstance(node, n.InList):
        v = evaluate(node.operand, row)
        if v is None:
            return None
        found = any(v == lit.value for lit in node.values)
        return not found if node.negated else found
    if isinstance(node, n.IsNull):
        is_null = evaluate(node.operand, row) is None
        return not is_null if node.negated else is_null
    if isinstance(node, n.Call):
        return _call(node.name, [evaluate(a, row) for a in node.args])
    raise TypeError(f"unknown node {node!r}")


def hits(node: n.Node, row: Row) -> bool:
    return evaluate(node, row) is True


def normalise_row(row: Row) -> dict[str, Any]:
    """Feature values as the evaluator expects: bools as bool, numbers as float, counts as int."""
    out = dict(row)
    for name, value in row.items():
        spec = CATALOG.get(name)
        if spec is None or value is None:
            continue
        if spec.type == "bool":
            out[name] = bool(value)
        elif spec.type == "number":
            out[name] = float(value)
        elif spec.type == "int":
            out[name] = int(value)
    return out


def _arith(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return None if b == 0 else float(a) / b


def _compare(op: str, a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return None
    if op == "=":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _logical(op: str, values: list[Any]) -> bool | None:
    decisive = op == "or"  # True decides an `or`, False decides an `and`
    if any(v is decisive or (v is not None and bool(v) is decisive) for v in values):
        return decisive
    if any(v is None for v in values):
        return None
    return not decisive


def _call(name: str, args: list[Any]) -> Any:
    if name == "coalesce":
        return next((a for a in args if a is not None), None)
    if any(a is None for a in args):
        return None
    if name == "abs":
        return abs(args[0])
    if name == "min":
        return min(args[0], args[1])
    if name == "max":
        return max(args[0], args[1])
    return None if args[1] == 0 else float(args[0]) / args[1]  # ratio


def explain(node: n.Node, row: Row) -> dict[str, Any]:
    """The feature values that made node true: for `or`, only the branches that held."""
    if isinstance(node, n.Logical) and node.op == "or":
        out: dict[str, Any] = {}
        for item in node.items:
            if evaluate(item, row) is True:
                out.update(explain(item, row))
        return out
    if isinstance(node, n.Logical):
        out = {}
        for item in node.items:
            out.update(explain(item, row))
        return out
    return {name: _plain(row.get(name)) for name in n.features(node)}


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 2)
    return value


def describe(explanation: Mapping[str, Any], english: bool = False) -> str:
    """A one-line rendering of an explanation: 标签=值；... (label=value; ... in English)."""
    return ("; " if english else "；").join(
        f"{label(name, english)}={shown(value, english)}" for name, value in explanation.items())


def shown(value: Any, english: bool = False) -> str:
    """A feature value as a reader expects it: 空, 是/否, 5000, 0.57 (empty, yes/no in English)."""
    if value is None:
        return "empty" if english else "空"
    if isinstance(value, bool):
        return ("yes" if value else "no") if english else ("是" if value else "否")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)
