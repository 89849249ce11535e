from __future__ import annotations

from django.db.models import QuerySet

from jianpin.audit.models import AuditEvent


def events_for(obj_type: str, obj_ids: list[str]) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=obj_type, object_id__in=obj_ids).select_related(
        "actor"
    )
