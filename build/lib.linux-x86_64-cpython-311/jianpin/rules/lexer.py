"""Split rule text into tokens, each with its line and column."""
from __future__ import annotations

import re
from dataclasses import dataclass

from jianpin.rules.errors import RuleError

KEYWORDS = {"and", "or", "not", "in", "is", "null", "true", "false", "between"}
_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r]+)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'[^'\n\\]*'|"[^"\n\\]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><=|>=|!=|<>|==|[-+*/(),<>=])
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, name, keyword, op, end
    text: str
    line: int
    column: int


def tokenize(text: str) -> list[Token]:
    """Return the tokens of text, ending with an `end` token; refuse unknown characters."""
    tokens: list[Token] = []
    line, line_start, i = 1, 0, 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        column = i - line_start + 1
        if m is None:
            ch = text[i]
            if ch in "'\"":
                raise RuleError("字符串没有结束引号，或包含换行、反斜杠", line, column)
            if ch == ";":
                raise RuleError("不允许使用分号：规则只能是一个条件表达式", line, column)
            raise RuleError(f"无法识别的字符“{ch}”", line, column)
        kind = m.lastgroup or ""
        word = m.group()
        if kind == "nl":
            line, line_start = line + 1, m.end()
        elif kind == "name" and word.lower() in KEYWORDS:
            tokens.append(Token("keyword", word.lower(), line, column))
        elif kind not in {"ws", "comment"}:
            tokens.append(Token(kind, word, line, column))
        i = m.end()
    tokens.append(Token("end", "", line, len(text) - line_start + 1))
    return tokens
