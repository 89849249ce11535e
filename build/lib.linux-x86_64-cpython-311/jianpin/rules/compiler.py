"""Compile a checked rule AST to a SQL boolean expression for one dialect.

Semantics match the reference evaluator on every engine: division and `ratio` give NULL for a
zero or NULL divisor, `/` always divides as floating point, `min`/`max` are NULL when either
side is NULL. Feature names are allow-listed identifiers and string literals cannot contain
quotes or backslashes (the lexer refuses them), so no user text reaches SQL unescaped.
"""
from __future__ import annotations

from jianpin.rules import nodes as n

DIALECTS = ("sqlite", "postgres", "duckdb", "spark")
_DOUBLE = {"sqlite": "REAL", "postgres": "DOUBLE PRECISION", "duckdb": "DOUBLE", "spark": "DOUBLE"}


def to_sql(node: n.Node, dialect: str) -> str:
    """Return node as SQL text for dialect (one of DIALECTS)."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect}")
    return _Compiler(dialect).sql(node)


class _Compiler:
    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def sql(self, node: n.Node) -> str:
        if isinstance(node, n.Literal):
            return self.literal(node.value)
        if isinstance(node, n.Feature):
            return node.name
        if isinstance(node, n.Negate):
            return f"(-{self.sql(node.operand)})"
        if isinstance(node, n.Arith):
            if node.op == "/":
                return self.divide(node.left, node.right)
            return f"({self.sql(node.left)} {node.op} {self.sql(node.right)})"
        if isinstance(node, n.Compare):
            op = "<>" if node.op == "!=" else node.op
            return f"({self.sql(node.left)} {op} {self.sql(node.right)})"
        if isinstance(node, n.Logical):
            joiner = f" {node.op.upper()} "
            return "(" + joiner.join(self.sql(i) for i in node.items) + ")"
        if isinstance(node, n.Not):
            return f"(NOT {self.sql(node.operand)})"
        if isinstance(node, n.InList):
            values = ", ".join(self.literal(v.value) for v in node.values)
            keyword = "NOT IN" if node.negated else "IN"
            return f"({self.sql(node.operand)} {keyword} ({values}))"
        if isinstance(node, n.IsNull):
            return f"({self.sql(node.operand)} IS {'NOT ' if node.negated else ''}NULL)"
        if isinstance(node, n.Call):
            return self.call(node)
        raise TypeError(f"unknown node {node!r}")

    def literal(self, value: n.Value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            if self.dialect == "sqlite":
                return "1" if value else "0"
            return "TRUE" if value else "FALSE"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        if isinstance(value, float):
            return f"CAST({value!r} AS {_DOUBLE[self.dialect]})"
        return str(int(value))

    def divide(self, left: n.Node, right: n.Node) -> str:
        num, den = self.sql(left), self.sql(right)
        return (f"(CASE WHEN {den} = 0 THEN NULL "
                f"ELSE CAST({num} AS {_DOUBLE[self.dialect]}) / {den} END)")

    def call(self, node: n.Call) -> str:
        args = [self.sql(a) for a in node.args]
        if node.name == "coalesce":
            return f"COALESCE({', '.join(args)})"
        if node.name == "abs":
            return f"ABS({args[0]})"
        if node.name == "ratio":
            return self.divide(node.args[0], node.args[1])
        a, b = args
        keep_a = "<=" if node.name == "min" else ">="
        return (f"(CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL "
                f"WHEN {a} {keep_a} {b} THEN {a} ELSE {b} END)")
