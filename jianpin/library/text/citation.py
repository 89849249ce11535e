"""A research title cited by its own page (GB/T 7714: "作者. 标题[J]. 刊名, 年").

Read from the text between a full stop and the next [J] in code rather than by one pattern: the
pattern `\\.\\s*(?P<title>[^.\\[\\]]{8,120}?)\\s*\\[J\\]` this replaces tried every way of sharing
a run of spaces between its two space repeats and the title, 4.7 CPU s for a full stop and
4,000 spaces (U+2000, which a page's spaces are not folded from), four times more for twice as
many. The title found is the pattern's: its spaces at the start go to the title only as far as
it needs them to reach 8 characters, its spaces at the end are left out unless it needs them.
"""
from __future__ import annotations

import re

_BEFORE_J = re.compile(r"\.([^.\[\]]*)\[J\]")
SHORTEST, LONGEST = 8, 120


def cited_title(line: str) -> str | None:
    """The title of the first "…. title [J]" in line, spaces kept; None when there is none."""
    for match in _BEFORE_J.finditer(line):
        between = match.group(1)
        lead = len(between) - len(between.lstrip())
        end = len(between.rstrip())
        start = lead if lead + SHORTEST <= len(between) else len(between) - SHORTEST
        if start < 0:
            continue
        size = max(SHORTEST, end - start)
        if size <= LONGEST:
            return between[start:start + size]
    return None
