"""General evidence about a title candidate, independent of any site's wording.

A heading names what the text under it is about, so its words come back in that text: the
share of a candidate's two-character pieces (bigrams) that the following text repeats is high
for a document's title (0.5 to 1 on most pages) and near zero for a site name, a menu entry or
a prompt (微信公众号, 请更新您的浏览器, 全站搜索) that happens to have a heading's shape.
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
STRONG = 0.5
WEAK = 0.2
# A short label (基金项目, 作者简介) is taken up by the paragraph it heads whatever it is; only a
# line of six Chinese characters or more (five bigrams) earns support.
MIN_SUPPORTED = 5
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
    """+1 for a line of six characters or more that the text takes up (half its bigrams or
    more), -1 for one the text all but ignores (under a fifth), 0 otherwise or when it
    cannot be told."""
    share = support(line, following)
    if share is None:
        return 0
    if share >= STRONG:
        return 1 if len(bigrams(line)) >= MIN_SUPPORTED else 0
    return -1 if share < WEAK else 0


def organ_only(line: str) -> bool:
    """True for a line that is one organ's name or several separated by spaces, nothing else
    (a masthead or a signature block)."""
    names = line.split()
    return bool(names) and len(line) <= 60 and "关于" not in line and \
        all(2 < len(n) <= 30 and ORGAN_SUFFIX.search(n) for n in names)


def evidence(line: str, following: str) -> int:
    """What the text around a candidate says of it beyond its shape: the support of the text
    under it (see `support_bonus`), and -2 for an organ's name standing alone."""
    return support_bonus(line, following) - (2 if organ_only(line) else 0)
