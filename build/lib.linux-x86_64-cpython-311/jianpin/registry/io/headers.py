"""Match a sheet's header row to layout fields: by name, with synonyms, tolerant of spacing."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext

from jianpin.kernel.errors import DomainError
from jianpin.registry.io.layouts import FIELDS, REQUIRED, TEMPLATE, label

_NOISE = re.compile(r"[\s*＊:：_\-—]+")


def norm(text: object) -> str:
    """Fold full-width forms, drop spaces, line breaks, stars and brackets' type (（） → ())."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return _NOISE.sub("", folded).lower()


def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for f in FIELDS:
        for name in (f.national, f.monitoring, f.template, *f.synonyms):
            if name:
                out.setdefault(norm(name), f.key)
    return out


HEADER_INDEX = _index()
_UNIT = re.compile(r"\((元|月|亩|人|个|㎡|平方米)\)$")


def lookup(text: object) -> str | None:
    key = norm(text)
    if not key:
        return None
    return HEADER_INDEX.get(key) or HEADER_INDEX.get(_UNIT.sub("", key))


@dataclass
class HeaderMap:
    row: int                                # 1-based row number of the header
    columns: dict[str, int] = field(default_factory=dict)   # field key → 0-based column
    names: dict[str, str] = field(default_factory=dict)     # field key → header as written
    unknown: list[str] = field(default_factory=list)
    # Columns kept with the batch (unknown ones and repeats of a known one): 0-based, as written
    unknown_at: list[int] = field(default_factory=list)
    kept_names: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)          # the header row as written

    def has(self, key: str) -> bool:
        return key in self.columns


def score(cells: list[object]) -> int:
    return len({k for k in map(lookup, cells) if k})


def build(cells: list[object], row: int) -> HeaderMap:
    hm = HeaderMap(row=row, cells=[" ".join(str(c or "").split()) for c in cells])
    for i, cell in enumerate(cells):
        key = lookup(cell)
        if key is None:
            if str(cell or "").strip():
                hm.unknown.append(" ".join(str(cell).split()))
                hm.unknown_at.append(i)
                hm.kept_names.append(hm.unknown[-1])
        elif key in hm.columns:
            hm.duplicates.append(str(cell).strip())
            hm.unknown_at.append(i)
            hm.kept_names.append(" ".join(str(cell).split()))
        else:
            hm.columns[key] = i
            hm.names[key] = " ".join(str(cell).split())
    return hm


def check_required(hm: HeaderMap, layout: str, sheet: str) -> None:
    """Raise a DomainError naming every required column the sheet lacks."""
    missing = [label(k) if layout == TEMPLATE else _header_label(k, layout)
               for k in REQUIRED[layout] if not hm.has(k)]
    if layout != TEMPLATE and not (hm.has("meta.village_code") or hm.has("meta.village_name")):
        missing.append("行政村")
    if missing:
        raise DomainError("missing_columns",
                          gettext("工作表「%(sheet)s」缺少必需的列：%(columns)s")
                          % {"sheet": sheet, "columns": "、".join(missing)})


def _header_label(key: str, layout: str) -> str:
    from jianpin.registry.io.layouts import BY_KEY

    return BY_KEY[key].header(layout) or label(key)
