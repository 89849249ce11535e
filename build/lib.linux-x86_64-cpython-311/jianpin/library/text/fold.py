"""Fold text for matching: traditional to simplified (OpenCC), inline pinyin removed.

The converter is OpenCC's hk2s: Hong Kong variant forms (衞, 綫 …) are first reversed to the
standard traditional ones, then converted as t2s does. Radicals and compatibility ideographs
that PDF and Word converters emit (⼈ U+2F08, 﨑) are mapped to the unified ideographs by Unicode
compatibility normalisation (NFKC) of those blocks only.

Some standard forms of Taiwan's Ministry of Education (its Dictionary of Variant Chinese
Characters) are not OpenCC's traditional forms, so OpenCC leaves them: 陜 (U+965C), the MOE
standard for the 陝 of 陝西, which Unicode lists as a variant of 狹. The char-converter package
ships that dictionary's variant tables (variant → standard traditional, v2t; variant →
simplified, v2s): a standard traditional form gets the one simplified form its variants have.
The table is applied after OpenCC to characters still outside GB 2312 only (陜 → 陕, 櫺 → 棂,
鐗 → 锏, 襆 → 幞, 鞀 → 鼗), so nothing OpenCC converts and no simplified character changes.

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
from importlib import resources

import msgpack
import opencc

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A reading: a CJK character, then "(" + a syllable with at least one toned vowel + ")".
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（] ?(?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}} ?[)）]"
)
# Readings written without tones (人(ren)力資源(yuan)), one or more after a character: each is a
# pinyin syllable (an initial, vowels, a final n/ng/r), so units such as (km) or (kg) are not.
_TONELESS = re.compile(
    r"(?<=[\u3400-\u9fff])(?:[(（] ?(?:zh|ch|sh|[bcdfghjklmnpqrstwxyz])?[aeiouv]{1,3}(?:ng|n|r)? ?[)）])+"
)
# Toneless readings are taken for readings only where a text has several of them.
_TONELESS_MIN = 3
_LOCK = threading.Lock()
# Kangxi radicals, CJK radicals and compatibility ideographs: NFKC maps them to unified ideographs.
_COMPAT = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    with _LOCK:
        return opencc.OpenCC("hk2s")


def _encodes_in_gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _moe_standards() -> dict[int, str]:
    """MOE standard traditional forms OpenCC leaves outside GB 2312 → their simplified form.

    From char-converter's tables: each variant's standard traditional form (v2t) and its
    simplified form (v2s); a standard form whose variants all simplify to one GB 2312 character
    that OpenCC does not already give is kept (a str.translate table).
    """
    data = resources.files("char_converter").joinpath("data")
    v2t, v2s = (msgpack.unpackb(data.joinpath(f"{name}.msgpack").read_bytes(), raw=False)
                for name in ("v2t", "v2s"))
    simplified: dict[str, set[str]] = {}
    for variant, standards in v2t.items():
        forms = v2s.get(variant) or []
        if len(standards) == 1 and len(forms) == 1:
            simplified.setdefault(standards[0], set()).add(forms[0])
    converter = _converter()
    out: dict[int, str] = {}
    for standard, forms in simplified.items():
        if len(forms) != 1 or len(standard) != 1 or _encodes_in_gb2312(standard):
            continue
        form = next(iter(forms))
        if form != standard and _encodes_in_gb2312(form) and \
                converter.convert(standard) == standard:
            out[ord(standard)] = form
    return out


def strip_pinyin(text: str) -> str:
    """Text without inline pinyin readings (總書(shū)記 → 總書記; 人(ren)力資源(yuan) → 人力資源
    where a text has several readings written without tones)."""
    if "(" not in text and "（" not in text:
        return text
    text = _PINYIN.sub("", text)
    toneless = _TONELESS.findall(text, 0, 20000)
    return _TONELESS.sub("", text) if len(toneless) >= _TONELESS_MIN else text


def to_simplified(text: str) -> str:
    """Traditional characters and their variants converted to simplified (OpenCC hk2s).

    Text that GB 2312 can encode holds no traditional characters (that set is simplified
    only), so it is returned as it is without running the converter: most pages are.
    """
    if not text:
        return text
    if _COMPAT.search(text):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    if _encodes_in_gb2312(text):
        return text
    text = str(_converter().convert(text))
    return text if _encodes_in_gb2312(text) else text.translate(_moe_standards())


def fold(text: str) -> str:
    """Text for matching: pinyin readings removed, simplified script."""
    return to_simplified(strip_pinyin(text))


def compact(text: str) -> str:
    """Folded, NFKC-normalised (full-width forms to ASCII) and without whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", fold(text)))
