"""General evidence about a title candidate, independent of any site's wording.

A heading names what the text under it is about, so its words come back in that text: the
share of a candidate's two-character pieces (bigrams) that the following text repeats is
high for a document's title (0.3 to 1 on the tuning pages) and near zero for a site name, a
menu entry or a prompt (微信公众号, 请更新您的浏览器, 全站搜索) that happens to have a heading's
shape. The evidence only counts against a line: a line the text takes up may still be a
heading inside it or the title of an attachment, so support earns nothing (tried: a point for
half the bigrams or more lost more held-out fields than it won).
An organ's name standing alone (陕西省人民政府办公厅, 陕西省财政厅 陕西省教育厅) is a masthead or a
signature, never what a document is called.
"""
from __future__ import annotations

import re

from jianpin.library.text.fields import ORGAN_SUFFIX

# How much of the following text is read for support (the opening is where a title's words
# come back), and how much of it there must be before a lack of support counts.
SUPPORT_CHARS = 3000
MIN_TEXT_CJK = 100
WEAK = 0.2
_NOT_CJK = re.compile(r"[^\u3400-\u9fff]+")


def bigrams(text: str) -> set[str]:
    """The two-character pieces of text's Chinese runs (not across a break)."""
    out: set[str] = set()
    for run in _NOT_CJK.split(text):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def support(line: str, following: str) -> float | None:
    """The share of line's bigrams that the following text repeats; None when either is too
    short to tell (a line of fewer than three Chinese characters, a text of under 100)."""
    pieces = bigrams(line)
    text = following[:SUPPORT_CHARS]
    if len(pieces) < 2 or len(_NOT_CJK.sub("", text)) < MIN_TEXT_CJK:
        return None
    return sum(1 for p in pieces if p in text) / len(pieces)


def support_bonus(line: str, following: str) -> int:
    """-1 for a line the text under it all but ignores (under a fifth of its bigrams), else
    0 (also when it cannot be told)."""
    share = support(line, following)
    return -1 if share is not None and share < WEAK else 0


def organ_only(line: str) -> bool:
    """True for a line that is one organ's name or several separated by spaces, nothing else
    (a masthead or a signature block)."""
    names = line.split()
    return bool(names) and len(line) <= 60 and "关于" not in line and \
        all(2 < len(n) <= 30 and ORGAN_SUFFIX.search(n) for n in names)


def evidence(line: str, following: str, typed: bool = False) -> int:
    """What the text around a candidate says of it beyond its shape: -1 when the text under
    it ignores it (see `support_bonus`), -2 for an organ's name standing alone. A line that
    ends in a document's type (…的通知, …实施方案) is a title whatever its text repeats (a
    notice over a table or a list of attachments): lack of support costs it nothing."""
    return (0 if typed else support_bonus(line, following)) - (2 if organ_only(line) else 0)
