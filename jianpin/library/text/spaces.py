"""Spaces and line breaks of every kind folded to the two the text patterns expect."""
from __future__ import annotations

# Every character a pattern's \s matches besides the newline (str.isspace: the test checks the
# whole of Unicode): those that break a line as str.splitlines reads them (vertical tab, form
# feed, the file, group and record separators, next line, the line and paragraph separators)
# become a newline, the others (the tab, the unit separator, every space of category Zs: no-break,
# ideographic, en, em, thin, hair …) a plain space, so that a run of them reaches the patterns
# as one space once a line's spaces are collapsed.
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SPACES = "\t\x1f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
    "\u202f\u205f\u3000"
_FOLD: dict[int, str | None] = {
    **{ord(ch): "\n" for ch in LINE_BREAKS},
    **{ord(ch): " " for ch in SPACES},
    # full-width digits and Latin letters as ASCII (NFKC)
    **{code: chr(code - 0xFEE0) for code in
       [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]},
    0xFEFF: None, 0x200B: None,  # a byte-order mark, a zero-width space
}


def normalize(text: str) -> str:
    """Unify spaces, line breaks and full-width letters/digits; keep Chinese punctuation as it
    is."""
    return text.replace("\r\n", "\n").translate(_FOLD)
