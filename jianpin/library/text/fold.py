"""Fold text for matching: traditional to simplified (OpenCC), inline pinyin removed.

The converter is OpenCC's hk2s: Hong Kong variant forms (衞, 綫 …) are first reversed to the
standard traditional ones, then converted as t2s does. Radicals and compatibility ideographs
that PDF and Word converters emit (⼈ U+2F08, 﨑) are mapped to the unified ideographs by Unicode
compatibility normalisation (NFKC) of those blocks only. 陜 (U+965C) stays: Unicode lists it as a
variant of 狹, not of 陝, and no maintained table folds it.

Reposted pages carry traditional characters and, from some converters, a pinyin reading after
characters whose traditional form is ambiguous: 總書(shū)記, 發(fā)布. The readings are removed
wherever a CJK character is followed by a parenthesised toned syllable. Everything that is
matched (index, query, evaluation) goes through `fold`; stored text keeps its own script.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import opencc

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A reading: a CJK character, then "(" + a syllable with at least one toned vowel + ")".
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（] ?(?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}} ?[)）]"
)
_LOCK = threading.Lock()
# Kangxi radicals, CJK radicals and compatibility ideographs: NFKC maps them to unified ideographs.
_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    with _LOCK:
        return opencc.OpenCC("hk2s")


def strip_pinyin(text: str) -> str:
    """Text without inline pinyin readings (總書(shū)記 → 總書記)."""
    return _PINYIN.sub("", text) if "(" in text or "（" in text else text


def to_simplified(text: str) -> str:
    """Traditional characters and their variants converted to simplified (OpenCC hk2s).

    Text that GB 2312 can encode holds no traditional characters (that set is simplified
    only), so it is returned as it is without running the converter: most pages are.
    """
    if not text:
        return text
    if _COMPAT.search(text):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    try:
        text.encode("gb2312")
        return text
    except UnicodeEncodeError:
        return str(_converter().convert(text))


def fold(text: str) -> str:
    """Text for matching: pinyin readings removed, simplified script."""
    return to_simplified(strip_pinyin(text))


def compact(text: str) -> str:
    """Folded, NFKC-normalised (full-width forms to ASCII) and without whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", fold(text)))
