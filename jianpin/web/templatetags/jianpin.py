"""Template filters: masking of sensitive values and status badges."""
from __future__ import annotations

from django import template

from jianpin.audit.actions import sanitise
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


HIDDEN_UNLESS_REVEAL = {"health", "disability_grade", "id_number", "phone", "bank_account"}


@register.simple_tag
def audit_change(key: str, change: object, can_reveal: bool) -> str:
    """One field of an audit diff for display: sensitive values only for roles that may reveal."""
    if key in HIDDEN_UNLESS_REVEAL and not can_reveal:
        return f"{key}：已修改（内容不公开）"
    if isinstance(change, dict):
        return f"{key}：新建记录"
    change = sanitise({key: change})[key]
    if isinstance(change, list) and len(change) == 2:
        old, new = (v if v not in (None, "") else "空" for v in change)
        return f"{key}：{old} → {new}"
    return f"{key}：{change}"
