"""The rule AST: immutable nodes, each remembering where it starts in the rule text."""
from __future__ import annotations

from dataclasses import dataclass, field

Value = float | int | str | bool | None
Pos = tuple[int, int]


@dataclass(frozen=True)
class Node:
    pos: Pos = field(default=(0, 0), compare=False, kw_only=True)


@dataclass(frozen=True)
class Literal(Node):
    value: Value


@dataclass(frozen=True)
class Feature(Node):
    name: str


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Arith(Node):
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    op: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class Logical(Node):
    op: str  # and / or
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class InList(Node):
    operand: Node
    values: tuple[Literal, ...]
    negated: bool = False


@dataclass(frozen=True)
class IsNull(Node):
    operand: Node
    negated: bool = False


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


def walk(node: Node) -> list[Node]:
    """Every node of the tree, parents before children."""
    out: list[Node] = [node]
    for child in children(node):
        out.extend(walk(child))
    return out


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Negate, Not)):
        return (node.operand,)
    if isinstance(node, (Arith, Compare)):
        return (node.left, node.right)
    if isinstance(node, Logical):
        return node.items
    if isinstance(node, (InList, IsNull)):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    return ()


def features(node: Node) -> list[str]:
    """Feature names used in node, in first-use order, without repeats."""
    seen: dict[str, None] = {}
    for n in walk(node):
        if isinstance(n, Feature):
            seen.setdefault(n.name, None)
    return list(seen)
