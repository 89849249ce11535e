"""Server-side masking of sensitive identifiers."""
from __future__ import annotations


def _mask(value: str | None, keep_head: int, keep_tail: int) -> str:
    if not value:
        return ""
    text = str(value)
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    hidden = len(text) - keep_head - keep_tail
    return text[:keep_head] + "*" * hidden + (text[-keep_tail:] if keep_tail else "")


def mask_id(value: str | None) -> str:
    """441424199001011234 → 441424********1234 (birth date hidden)."""
    return _mask(value, 6, 4)


def mask_phone(value: str | None) -> str:
    return _mask(value, 3, 4)


def mask_bank(value: str | None) -> str:
    return _mask(value, 0, 4)


def mask_name(value: str | None) -> str:
    """张三丰 → 张*丰, 张三 → 张*; for public notices where masking is chosen."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
