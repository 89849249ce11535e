"""Differences an import holds back (fields only a roster import may change), as an official
reads them: the field's name and 是/否, dates and labels instead of keys and raw values."""
from __future__ import annotations

from typing import Any

from jianpin.audit.display import label, value


def shown(held: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each held difference with `label`, `stored_text` and `file_text` added."""
    out = []
    for h in held:
        kind = "registry.member" if h.get("member") else "registry.household"
        field = str(h["field"])
        out.append(dict(h, label=label(kind, field),
                        stored_text=value(kind, field, h.get("stored"), False),
                        file_text=value(kind, field, h.get("file"), False)))
    return out
