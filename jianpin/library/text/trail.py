"""A page-title trail from the home page ("首页-频道-标题"): the headline is its last part.

Read by splitting on the dashes rather than by one pattern: the pattern of nested repeats this
replaces tried every way of sharing the spaces around each dash between its parts, 10 CPU s for
a line of eight dashed parts and four times more for each further part.
"""
from __future__ import annotations

_HOME = "首页"


def trail_headline(line: str) -> str | None:
    """The last part of a trail 首页…-part-…-headline, or None when the line is no trail.

    The home page's own part is 首页 and at most 20 more characters without a space (a dash
    among them too); each part between is 1-20 characters and the spaces around it; the
    headline has at least 8 characters, without a dash.
    """
    if not line.startswith(_HOME):
        return None
    parts = line[len(_HOME):].split("-")
    if len(parts) < 2 or len(parts[-1]) < 8:
        return None
    between = parts[1:-1]
    # The first part the home page's own characters may take in: the shortest that fits.
    for taken in range(len(parts) - 1):
        head = "-".join(parts[:taken + 1])
        own = head.rstrip()
        if len(own) > 20 or any(ch.isspace() for ch in own):
            break
        if all(part and len(part.strip()) <= 20 for part in between[taken:]):
            return parts[-1].strip()
    return None
