"""Write audit events. Called by every action inside its transaction."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from jianpin.audit.models import AuditEvent
from jianpin.kernel import masking


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of obj as JSON-safe data (FKs as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _plain(getattr(obj, name)) for name in names}


MASKERS = {"id_number": masking.mask_id, "phone": masking.mask_phone,
           "bank_account": masking.mask_bank}


def sanitise(diff: Any) -> Any:
    """Mask ID numbers, phones and bank accounts anywhere in a diff before it is stored."""
    if isinstance(diff, dict):
        return {k: _mask_value(k, v) if k in MASKERS else sanitise(v) for k, v in diff.items()}
    if isinstance(diff, list):
        return [sanitise(v) for v in diff]
    return diff


def _mask_value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return [MASKERS[key](v) if isinstance(v, str) else v for v in value]
    return MASKERS[key](value) if isinstance(value, str) else value


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for fields that differ."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(actor: Any, action: str, obj: models.Model | None = None, *, diff: dict | None = None,
           region_code: str = "", note: str = "", object_type: str = "",
           object_id: str = "") -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        region_code=region_code,
        diff=sanitise(diff or {}),
        note=note,
    )
