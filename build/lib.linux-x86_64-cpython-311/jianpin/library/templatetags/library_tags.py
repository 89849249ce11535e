"""Template helpers for the library pages."""
from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain_number(value: Decimal | float | int | None) -> str:
    """318.0000 → 318; 8.2000 → 8.2."""
    if value is None:
        return ""
    number = Decimal(str(value)).normalize()
    return format(number, "f")
