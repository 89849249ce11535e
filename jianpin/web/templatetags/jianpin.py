"""Template filters: masking of sensitive values and status badges."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

from jianpin.audit.display import describe_all, value
from jianpin.audit.labels import action_label, note_label
from jianpin.kernel import masking

register = template.Library()

register.filter("mask_id", masking.mask_id)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_bank", masking.mask_bank)
register.filter("mask_name", masking.mask_name)
register.filter("action_label", action_label)
register.filter("note_label", note_label)


@register.filter
def coded(obj: Any, field: str) -> str:
    """A coded field of a record (a national code, or a list of them) as the reader's language
    shows it: `{{ hh|coded:"status" }}`; '' for none (so that `|default:"-"` applies). The
    stored code is unchanged."""
    raw = getattr(obj, field, None)
    if raw is None or raw == "" or raw == []:
        return ""
    return value(obj._meta.label_lower, field, raw, True)

@register.filter
def count(value: int | None) -> str:
    """A count with thousands separators in every language (zh-hans formats have none)."""
    return "—" if value is None else f"{int(value):,}"


@register.filter
def yuan(value: Decimal | int | None) -> str:
    """An amount in yuan with thousands separators and two decimals, the same in every language."""
    return "—" if value is None else f"{Decimal(value):,.2f}"


BADGES = {"贫困户": "poor", "脱贫户": "exited"}


@register.filter
def status_class(status: str) -> str:
    return BADGES.get(status, "")


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    return mapping.get(key, 0) if mapping else 0


@register.simple_tag
def audit_diff(event: object, can_reveal: bool) -> str:
    """An audit event's diff as one line of Chinese (see audit.display)."""
    diff = getattr(event, "diff", None)
    if not isinstance(diff, dict):
        return ""
    return describe_all(str(getattr(event, "object_type", "")), diff, can_reveal)


@register.filter
def birth_shown(value: object, can_reveal: bool) -> str:
    """A birth date in full for roles that may reveal, else the year only (see kernel.masking)."""
    if not isinstance(value, dt.date):
        return ""
    return value.strftime("%Y-%m-%d") if can_reveal else f"{value.year}年"
