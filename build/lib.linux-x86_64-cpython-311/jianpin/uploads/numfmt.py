"""How the reader reads a number in each cell style: as a number, a date or a duration.

calamine decides by the style's number format: the built-in ids 14-22, 45 and 47 are dates,
46 a duration; a custom format is scanned up to its first section for date letters outside
quotes and brackets (`[h]`, `[mm]`, `[ss]` make a duration). The same rule is written here so
that the compiled reader gives what calamine gives. Where versions of that rule differ (a
date letter right after an escape, `\\`, `_` or `*`), the style is marked uncertain and a
number in it sends the workbook the old way.
"""
from __future__ import annotations

import re
from typing import Any

OTHER, DATE, DURATION, UNSURE = 0, 1, 2, 3
MOST_STYLES = 4096
_ESCAPED_LETTER = re.compile(r"[\\_*][dmhysDMHYSaApP/]")


def builtin(num_fmt_id: int) -> int:
    if 14 <= num_fmt_id <= 22 or num_fmt_id in (45, 47):
        return DATE
    return DURATION if num_fmt_id == 46 else OTHER


def classify(code: str) -> int:
    """A custom number format's reading (calamine's rule, one character at a time)."""
    if _ESCAPED_LETTER.search(code):
        return UNSURE
    escaped = quoted = ap = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return OTHER
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return DURATION
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not ap and brackets == 0:
            ap = True
        elif ch in "pmPM/" and ap and brackets == 0:
            return DATE
        elif ch in "dmhysDMHYS" and not ap and brackets == 0:
            return DATE
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return OTHER


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]


def style_kinds(root: Any) -> bytes | None:
    """One byte per cell style (`cellXfs`), in order; None when the styles are unusual."""
    custom: dict[int, int] = {}
    kinds: list[int] = []
    for el in root.iter():
        name = _local(el.tag)
        if name == "numFmt":
            num_id, code = el.get("numFmtId"), el.get("formatCode")
            if num_id is None or code is None or not num_id.isdigit():
                return None
            custom.setdefault(int(num_id), classify(code))
        elif name == "cellXfs":
            for xf in el:
                if _local(xf.tag) != "xf":
                    return None
                num_id = xf.get("numFmtId", "0")
                if not num_id.isdigit():
                    return None
                n = int(num_id)
                kinds.append(custom[n] if n in custom else builtin(n))
    if len(kinds) > MOST_STYLES:
        return None
    return bytes(kinds)
