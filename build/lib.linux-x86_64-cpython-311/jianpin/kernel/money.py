"""Money as Decimal yuan with two places; per-capita arithmetic."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def yuan(value: object) -> Decimal:
    """Parse a yuan amount (str/int/float/Decimal, thousands separators allowed)."""
    if value is None or value == "":
        return ZERO
    if isinstance(value, float):
        value = repr(value)
    try:
        return Decimal(str(value).replace(",", "").replace("，", "").strip()).quantize(
            CENT, ROUND_HALF_UP
        )
    except InvalidOperation:
        raise ValueError(f"不是有效金额：{value}") from None


def shown(value: object) -> str:
    """An amount for reading: thousands separated by commas, two places (1,234,567.80).

    Chinese finance tables group by thousands with commas too, so both languages show the same.
    """
    if value is None or value == "":
        return ""
    return f"{yuan(value):,}"


def per_capita(total: Decimal, persons: int) -> Decimal:
    if persons <= 0:
        return ZERO
    return (total / persons).quantize(CENT, ROUND_HALF_UP)
