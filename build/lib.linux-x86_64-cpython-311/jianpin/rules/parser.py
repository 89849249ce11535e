"""Parse rule text into a type-checked AST; refuse bad rules with a Chinese reason and position.

Grammar (keywords are case-insensitive):
    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | test
    test     := sum [ cmp sum | "is" ["not"] "null" | ["not"] "in" "(" literal, ... ")"
                    | ["not"] "between" sum "and" sum ]
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | atom
    atom     := number | string | true | false | null | feature | func "(" expr, ... ")" | "(" expr ")"
"""
from __future__ import annotations

from jianpin.rules import nodes as n
from jianpin.rules.catalog import CATALOG, value_type
from jianpin.rules.errors import RuleError
from jianpin.rules.lexer import Token, tokenize

COMPARE = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
# name -> (minimum args, maximum args, Chinese description)
FUNCTIONS = {
    "coalesce": (2, 8, "取第一个非空值"),
    "abs": (1, 1, "绝对值"),
    "min": (2, 2, "较小值（任一为空则为空）"),
    "max": (2, 2, "较大值（任一为空则为空）"),
    "ratio": (2, 2, "比值（分母为0或空时为空）"),
}
TYPE_NAMES = {"number": "数值", "bool": "是/否", "text": "文本", "null": "空值"}
MAX_LENGTH = 4000


def parse(text: str) -> n.Node:
    """Return the checked AST of a rule condition (must be a yes/no expression)."""
    if len(text) > MAX_LENGTH:
        raise RuleError(f"规则过长（超过{MAX_LENGTH}个字符）")
    parser = _Parser(tokenize(text))
    if parser.peek.kind == "end":
        raise RuleError("规则条件为空", 1, 1)
    tree = parser.expr()
    if parser.peek.kind != "end":
        tok = parser.peek
        raise RuleError(f"多余的内容“{tok.text}”", tok.line, tok.column)
    kind = type_of(tree)
    if kind != "bool":
        raise RuleError(f"规则条件必须是“是/否”判断，这里得到的是{TYPE_NAMES[kind]}", *tree.pos)
    return tree


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, kind: str, text: str) -> Token | None:
        tok = self.peek
        if tok.kind == kind and tok.text == text:
            return self.take()
        return None

    def expect(self, kind: str, text: str, what: str) -> Token:
        tok = self.accept(kind, text)
        if tok is None:
            raise _unexpected(self.peek, what)
        return tok

    def expr(self) -> n.Node:
        self.depth += 1
        if self.depth > 50:
            raise RuleError("表达式嵌套过深", self.peek.line, self.peek.column)
        first = self.peek
        items = [self.and_expr()]
        while self.accept("keyword", "or"):
            items.append(self.and_expr())
        self.depth -= 1
        return items[0] if len(items) == 1 else n.Logical("or", tuple(items), pos=_at(first))

    def and_expr(self) -> n.Node:
        first = self.peek
        items = [self.not_expr()]
        while self.accept("keyword", "and"):
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else n.Logical("and", tuple(items), pos=_at(first))

    def not_expr(self) -> n.Node:
        tok = self.accept("keyword", "not")
        if tok:
            return n.Not(self.not_expr(), pos=_at(tok))
        return self.test()

    def test(self) -> n.Node:
        first = self.peek
        left = self.sum()
        tok = self.peek
        if tok.kind == "op" and tok.text in COMPARE:
            self.take()
            return n.Compare(COMPARE[tok.text], left, self.sum(), pos=_at(tok))
        if self.accept("keyword", "is"):
            negated = self.accept("keyword", "not") is not None
            self.expect("keyword", "null", "null")
            return n.IsNull(left, negated, pos=_at(first))
        negated = False
        if tok.kind == "keyword" and tok.text == "not":
            self.take()
            negated = True
            if self.peek.text not in {"in", "between"}:
                raise _unexpected(self.peek, "in 或 between")
        if self.accept("keyword", "in"):
            return n.InList(left, self.literal_list(), negated, pos=_at(first))
        if self.accept("keyword", "between"):
            low = self.sum()
            self.expect("keyword", "and", "and")
            high = self.sum()
            both = n.Logical("and", (n.Compare(">=", left, low, pos=_at(first)),
                                     n.Compare("<=", left, high, pos=_at(first))), pos=_at(first))
            return n.Not(both, pos=_at(first)) if negated else both
        return left

    def literal_list(self) -> tuple[n.Literal, ...]:
        self.expect("op", "(", "“(”")
        values = [self.literal_item()]
        while self.accept("op", ","):
            values.append(self.literal_item())
        self.expect("op", ")", "“)”")
        return tuple(values)

    def literal_item(self) -> n.Literal:
        tok = self.peek
        node = self.unary()
        if not isinstance(node, n.Literal) or node.value is None:
            raise RuleError("in 列表中只能写具体的数值、文本或 true/false", tok.line, tok.column)
        return node

    def sum(self) -> n.Node:
        node = self.product()
        while self.peek.kind == "op" and self.peek.text in {"+", "-"}:
            tok = self.take()
            node = n.Arith(tok.text, node, self.product(), pos=_at(tok))
        return node

    def product(self) -> n.Node:
        node = self.unary()
        while self.peek.kind == "op" and self.peek.text in {"*", "/"}:
            tok = self.take()
            node = n.Arith(tok.text, node, self.unary(), pos=_at(tok))
        return node

    def unary(self) -> n.Node:
        tok = self.accept("op", "-")
        if tok:
            operand = self.unary()
            if isinstance(operand, n.Literal) and isinstance(operand.value, (int, float)) \
                    and not isinstance(operand.value, bool):
                return n.Literal(-operand.value, pos=_at(tok))
            return n.Negate(operand, pos=_at(tok))
        return self.atom()

    def atom(self) -> n.Node:
        tok = self.take()
        if tok.kind == "number":
            value: float | int = float(tok.text) if "." in tok.text else int(tok.text)
            return n.Literal(value, pos=_at(tok))
        if tok.kind == "string":
            return n.Literal(tok.text[1:-1], pos=_at(tok))
        if tok.kind == "keyword" and tok.text in {"true", "false"}:
            return n.Literal(tok.text == "true", pos=_at(tok))
        if tok.kind == "keyword" and tok.text == "null":
            return n.Literal(None, pos=_at(tok))
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            inner = self.expr()
            self.expect("op", ")", "“)”")
            return inner
        raise _unexpected(tok, "数值、特征名或“(”")

    def name(self, tok: Token) -> n.Node:
        if self.peek.kind == "op" and self.peek.text == "(":
            fn = tok.text.lower()
            if fn not in FUNCTIONS:
                allowed = "、".join(FUNCTIONS)
                raise RuleError(f"不允许的函数“{tok.text}”（可用：{allowed}）", tok.line, tok.column)
            self.take()
            args = [self.expr()]
            while self.accept("op", ","):
                args.append(self.expr())
            self.expect("op", ")", "“)”")
            low, high, _ = FUNCTIONS[fn]
            if not low <= len(args) <= high:
                count = f"{low}" if low == high else f"{low}至{high}"
                raise RuleError(f"函数 {fn} 需要{count}个参数，实际为{len(args)}个",
                                tok.line, tok.column)
            return n.Call(fn, tuple(args), pos=_at(tok))
        if tok.text not in CATALOG:
            raise RuleError(f"未知的特征“{tok.text}”（只能使用允许的特征）", tok.line, tok.column)
        return n.Feature(tok.text, pos=_at(tok))


def _at(tok: Token) -> n.Pos:
    return (tok.line, tok.column)


def _unexpected(tok: Token, wanted: str) -> RuleError:
    if tok.kind == "end":
        return RuleError(f"规则意外结束，此处应为{wanted}", tok.line, tok.column)
    return RuleError(f"此处应为{wanted}，却是“{tok.text}”", tok.line, tok.column)


def type_of(node: n.Node) -> str:
    """Check node's operand types and return its type: number, bool, text or null."""
    if isinstance(node, n.Literal):
        v = node.value
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "bool"
        return "text" if isinstance(v, str) else "number"
    if isinstance(node, n.Feature):
        return value_type(node.name)
    if isinstance(node, n.Negate):
        _need(node.operand, "number", "取负")
        return "number"
    if isinstance(node, n.Arith):
        _need(node.left, "number", f"运算“{node.op}”")
        _need(node.right, "number", f"运算“{node.op}”")
        return "number"
    if isinstance(node, n.Compare):
        return _compare(node)
    if isinstance(node, n.Logical):
        for item in node.items:
            _need(item, "bool", f"“{node.op}”")
        return "bool"
    if isinstance(node, n.Not):
        _need(node.operand, "bool", "“not”")
        return "bool"
    if isinstance(node, n.InList):
        kind = type_of(node.operand)
        for item in node.values:
            if type_of(item) != kind:
                raise RuleError(f"in 列表的值类型应与左侧一致（{TYPE_NAMES[kind]}）", *item.pos)
        return "bool"
    if isinstance(node, n.IsNull):
        type_of(node.operand)
        return "bool"
    if isinstance(node, n.Call):
        return _call(node)
    raise RuleError("无法识别的表达式", *node.pos)


def _need(node: n.Node, kind: str, where: str) -> None:
    got = type_of(node)
    if got == "null":
        raise RuleError(f"{where}中不能直接使用 null，判断空值请用 is null", *node.pos)
    if got != kind:
        raise RuleError(f"{where}需要{TYPE_NAMES[kind]}，这里是{TYPE_NAMES[got]}", *node.pos)


def _compare(node: n.Compare) -> str:
    left, right = type_of(node.left), type_of(node.right)
    if "null" in (left, right):
        raise RuleError("不能用比较运算判断空值，请使用 is null / is not null", *node.pos)
    if left != right:
        raise RuleError(f"不能比较{TYPE_NAMES[left]}与{TYPE_NAMES[right]}", *node.pos)
    if left != "number" and node.op not in {"=", "!="}:
        raise RuleError(f"{TYPE_NAMES[left]}只能用 = 或 != 比较", *node.pos)
    return "bool"


def _call(node: n.Call) -> str:
    if node.name == "coalesce":
        kinds = {type_of(a) for a in node.args} - {"null"}
        if len(kinds) != 1:
            raise RuleError("coalesce 的参数类型必须一致", *node.pos)
        return kinds.pop()
    for arg in node.args:
        _need(arg, "number", f"函数 {node.name} ")
    return "number"
