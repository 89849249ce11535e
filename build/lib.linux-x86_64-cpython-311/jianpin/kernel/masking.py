"""Server-side masking of sensitive identifiers.

An 18-digit ID is 6 digits of area, 8 of birth date, 3 of sequence (the last one odd for men)
and a check digit computed from the other 17. Whatever a role that may not reveal sees beside
a masked ID (village, sex, birth year or age) must leave many candidates, so the mask keeps the
area code only: with the birth year and sex known, 365 or 366 days × 500 sequences are left
(about 182,500 IDs; the check digit is a function of them and narrows nothing). Keeping the
last four digits instead would leave about 365 / 11 ≈ 33 once the year is known, and one once
the birth date is shown: that is how masked exports were rebuilt. See docs/security.md.
"""
from __future__ import annotations

import datetime as dt

ID_KEEP_HEAD = 6


def _mask(value: str | None, keep_head: int, keep_tail: int) -> str:
    if not value:
        return ""
    text = str(value)
    if len(text) <= keep_head + keep_tail:
        return "*" * len(text)
    hidden = len(text) - keep_head - keep_tail
    return text[:keep_head] + "*" * hidden + (text[-keep_tail:] if keep_tail else "")


def mask_id(value: str | None) -> str:
    """441424199001011234 → 441424************ (birth date, sequence and check digit hidden)."""
    return _mask(value, ID_KEEP_HEAD, 0)


def mask_phone(value: str | None) -> str:
    return _mask(value, 3, 4)


def mask_bank(value: str | None) -> str:
    return _mask(value, 0, 4)


def is_masked_form(value: str | None, stored: str | None, masker: str) -> bool:
    """True when a submitted value is blank or the masked form of the stored one (keep it)."""
    text = (value or "").strip()
    if not text:
        return True
    return stored is not None and text == MASKERS[masker](stored)


def birth_year(value: dt.date | None) -> int | None:
    """What a masked view shows of a birth date: the year only."""
    return value.year if value else None


def age_on(value: dt.date | None, on: dt.date) -> int | None:
    if value is None:
        return None
    return on.year - value.year - ((on.month, on.day) < (value.month, value.day))


def mask_name(value: str | None) -> str:
    """张三丰 → 张*丰, 张三 → 张*; for public notices where masking is chosen."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


MASKERS = {"id_number": mask_id, "phone": mask_phone, "bank_account": mask_bank}
