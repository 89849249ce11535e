"""Template filters for workflow pages."""
from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from jianpin.workflows.machines.chain import UNDECIDED
from jianpin.workflows.machines.registry import machine_for

register = template.Library()


@register.filter
def wf_status(obj: Any) -> str:
    """The label of a record's status, in the page's language."""
    return gettext(machine_for(obj).status_label(obj.status))


@register.filter
def is_overdue(obj: Any) -> bool:
    if getattr(obj, "closed_at", None) is not None:
        return False
    due = getattr(obj, "due_on", None)
    if due is None or due >= timezone.localdate():
        return False
    return type(obj).__name__ != "Case" or obj.status in UNDECIDED


@register.filter
def days_left(obj: Any) -> int:
    return int((obj.due_on - timezone.localdate()).days)
