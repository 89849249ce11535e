"""Standard values for people: thousands separators, decimals only as far as they go."""
from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def amount(value: Decimal | float | int | None) -> str:
    if value is None:
        return "—"
    d = Decimal(value).normalize()
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,f}"
