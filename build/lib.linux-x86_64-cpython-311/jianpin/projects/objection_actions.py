"""Objections during the pre-implementation notice: recorded by the village or township within
the notice period, resolved by the county; an open objection stops the works from starting."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError
from jianpin.projects.machine import NOTICE_DAYS
from jianpin.projects.models import Objection, Project, Status


def in_notice_period(project: Project, day: dt.date) -> bool:
    since = project.notice_from
    return since is not None and since <= day <= since + dt.timedelta(days=NOTICE_DAYS)


@transaction.atomic
def do_record_objection(actor: Any, project: Project, *, raised_on: dt.date, content: str,
                        raised_by: str = "") -> Objection:
    check_can(actor, Cap.PROPOSE_PROJECT, project.region_id)
    if project.status != Status.NOTICED or not in_notice_period(project, raised_on) \
            or raised_on > timezone.localdate():
        raise DomainError("not_in_notice", _("只能登记公示期内提出的异议"))
    if not content.strip():
        raise DomainError("no_content", _("请填写异议内容"))
    objection = Objection.objects.create(project=project, raised_on=raised_on,
                                         raised_by=raised_by.strip()[:50],
                                         content=content.strip()[:2000], recorded_by=actor)
    # The objector's name stays out of the audit diff as well as the public pages.
    record(actor, "projects.objection.record", project, region_code=project.region_id,
           diff={"objection": objection.pk, "raised_on": raised_on.isoformat()})
    return objection


@transaction.atomic
def do_resolve_objection(actor: Any, objection: Objection, *, resolution: str) -> Objection:
    project = objection.project
    check_can(actor, Cap.DECIDE_PROJECT, project.region_id)
    if not resolution.strip():
        raise DomainError("no_resolution", _("请填写核实处理意见"))
    moved = Objection.objects.filter(pk=objection.pk, resolved_at__isnull=True).update(
        resolution=resolution.strip()[:2000], resolved_by=actor, resolved_at=timezone.now())
    if not moved:
        raise DomainError("resolved", _("该异议已处理"))
    objection.refresh_from_db()
    record(actor, "projects.objection.resolve", project, region_code=project.region_id,
           diff={"objection": objection.pk})
    return objection
