"""Template filters: masking of sensitive values and status badges."""
from __future__ import annotations

from django import template

from jianpin.kernel import masking

register = template.Library()

register.filter("mask_id", masking.mask_id)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_bank", masking.mask_bank)
register.filter("mask_name", masking.mask_name)

BADGES = {"贫困户": "poor", "脱贫户": "exited"}


@register.filter
def status_class(status: str) -> str:
    return BADGES.get(status, "")


@register.filter
def get(mapping: dict, key: str) -> object:
    return mapping.get(key, 0) if mapping else 0
