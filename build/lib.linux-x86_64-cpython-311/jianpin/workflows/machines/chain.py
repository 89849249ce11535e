"""The review chain shared by identification, elimination and exit.

village review → village notice (公示) → township review → county decision → announcement,
with rejection at either review returning the case to the village.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.workflows import settings as wf_settings
from jianpin.workflows.machines.base import Check, Edge, Effect, Step
from jianpin.workflows.models import Case, Notice


class S:
    """Status values shared by the case machines (each machine lists its own subset)."""

    OPENED = "opened"
    VISITED = "visited"
    CHECKED = "checked"
    ASSESSED = "assessed"
    REVIEWED = "reviewed"
    IN_NOTICE = "in_notice"
    TOWNSHIP = "township_review"
    COUNTY = "county_review"
    DECIDED = "decided"
    RETURNED = "returned"
    ANNOUNCED = "announced"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


LABELS = {
    S.OPENED: gettext_noop("已受理"),
    S.VISITED: gettext_noop("已入户核实"),
    S.CHECKED: gettext_noop("已数据比对"),
    S.ASSESSED: gettext_noop("已评估"),
    S.REVIEWED: gettext_noop("已民主评议"),
    S.IN_NOTICE: gettext_noop("公示中"),
    S.TOWNSHIP: gettext_noop("待乡镇审核"),
    S.COUNTY: gettext_noop("待县级审定"),
    S.DECIDED: gettext_noop("已审定待公告"),
    S.RETURNED: gettext_noop("已退回"),
    S.ANNOUNCED: gettext_noop("已公告"),
    S.REJECTED: gettext_noop("评议未通过"),
    S.WITHDRAWN: gettext_noop("已撤销"),
}
# States counted as "not yet decided" for the deadline.
UNDECIDED = frozenset({S.OPENED, S.VISITED, S.CHECKED, S.ASSESSED, S.REVIEWED, S.IN_NOTICE,
                       S.TOWNSHIP, S.COUNTY, S.RETURNED})


def today() -> dt.date:
    return timezone.localdate()


def check_notice_over(step: Step) -> None:
    """The notice has run its minimum days and every objection has been resolved."""
    case = step.obj
    days = int(wf_settings.value("notice_min_days", case.region_id, today().year))
    if case.notice_from is None:
        raise DomainError("no_notice", gettext_noop("尚未公示"))
    ends = case.notice_from + dt.timedelta(days=days)
    if today() < ends:
        raise DomainError("notice_running",
                          gettext("公示期不少于%(days)s天，%(ends)s后方可提交乡镇审核")
                          % {"days": days, "ends": f"{ends:%Y-%m-%d}"})
    if case.objections.filter(resolved_at__isnull=True).exists():
        raise DomainError("objection_open", gettext_noop("公示期间有未核实处理的异议，须先处理"))


def publish_notice(step: Step) -> None:
    """Put the case on its village's notice for the current month (created if needed)."""
    case, on = step.obj, today()
    days = int(wf_settings.value("notice_min_days", case.region_id, on.year))
    notice, _ = Notice.objects.get_or_create(
        region_id=case.region_id, kind=case.kind, period=f"{on:%Y-%m}",
        defaults={"starts_on": on, "ends_on": on + dt.timedelta(days=days),
                  "created_by": step.actor, "mask_names": bool(step.data.get("mask", True))})
    if notice.ends_on < on + dt.timedelta(days=days):
        Notice.objects.filter(pk=notice.pk).update(ends_on=on + dt.timedelta(days=days))
    Case.objects.filter(pk=case.pk).update(notice=notice, notice_from=on)
    case.notice, case.notice_from = notice, on


MIN_JUSTIFICATION = 10


def recorded_facts(case: Any) -> list[dict[str, Any]]:
    """The facts of the case's latest data comparison (cross-check or assessment step)."""
    from jianpin.workflows.models import Event

    for data in Event.objects.filter(case=case).order_by("-id").values_list("data", flat=True):
        if (data or {}).get("facts"):
            return list(data["facts"])
    return []


def checks_all_fail(case: object) -> bool:
    """True when the comparison found nothing for the case (department records say nothing
    for it: they are shown, not counted)."""
    facts = [f for f in recorded_facts(case) if not str(f.get("code", "")).startswith("dept_")]
    return bool(facts) and not any(f.get("ok") for f in facts)


def check_decision_justified(step: Step) -> None:
    """A decision against a comparison whose checks all fail needs a written justification."""
    if not checks_all_fail(step.obj):
        return
    if len(str(step.data.get("justification", "")).strip()) < MIN_JUSTIFICATION:
        raise DomainError("justification_required",
                          gettext("数据比对各项均不支持本案，县级审定须写明理由（不少于%(n)s个字）")
                          % {"n": MIN_JUSTIFICATION})


def mark_decided(step: Step) -> None:
    now = timezone.now()
    Case.objects.filter(pk=step.obj.pk).update(decided_at=now)
    step.obj.decided_at = now


class AssessedStatus(models.TextChoices):
    """Statuses of workflows that start with an assessment (risk elimination, household exit)."""

    OPENED = S.OPENED, LABELS[S.OPENED]
    ASSESSED = S.ASSESSED, LABELS[S.ASSESSED]
    REVIEWED = S.REVIEWED, LABELS[S.REVIEWED]
    IN_NOTICE = S.IN_NOTICE, LABELS[S.IN_NOTICE]
    TOWNSHIP = S.TOWNSHIP, LABELS[S.TOWNSHIP]
    COUNTY = S.COUNTY, LABELS[S.COUNTY]
    DECIDED = S.DECIDED, LABELS[S.DECIDED]
    RETURNED = S.RETURNED, LABELS[S.RETURNED]
    ANNOUNCED = S.ANNOUNCED, LABELS[S.ANNOUNCED]
    REJECTED = S.REJECTED, LABELS[S.REJECTED]
    WITHDRAWN = S.WITHDRAWN, LABELS[S.WITHDRAWN]


def review_chain(ready: str, announce: Effect, review_check: Check | None = None,
                 ) -> tuple[Edge, ...]:
    """Edges from `ready` (village steps done) to announcement, plus returns and withdrawal."""
    edges = [
        Edge(ready, S.REVIEWED, "village_review", gettext_noop("村民主评议通过"), Cap.HANDLE_CASE,
             needs_note=True, check=review_check),
        Edge(ready, S.REJECTED, "village_reject", gettext_noop("民主评议未通过"), Cap.HANDLE_CASE,
             needs_note=True, danger=True),
        Edge(S.REVIEWED, S.IN_NOTICE, "publish_notice", gettext_noop("村内公示"), Cap.HANDLE_CASE,
             effect=publish_notice),
        Edge(S.IN_NOTICE, S.TOWNSHIP, "submit", gettext_noop("公示无异议，提交乡镇审核"), Cap.HANDLE_CASE,
             check=check_notice_over, submits=True),
        Edge(S.TOWNSHIP, S.COUNTY, "township_approve", gettext_noop("乡镇审核通过"), Cap.REVIEW_CASE,
             not_submitter=True),
        Edge(S.TOWNSHIP, S.RETURNED, "township_reject", gettext_noop("乡镇审核退回"), Cap.REVIEW_CASE,
             not_submitter=True, needs_note=True, danger=True),
        Edge(S.COUNTY, S.DECIDED, "county_approve", gettext_noop("县级审定通过"), Cap.DECIDE_CASE,
             not_submitter=True, not_after=("township_approve",), effect=mark_decided,
             check=check_decision_justified),
        Edge(S.COUNTY, S.RETURNED, "county_reject", gettext_noop("县级审定退回"), Cap.DECIDE_CASE,
             not_submitter=True, not_after=("township_approve",), needs_note=True,
             danger=True),
        Edge(S.DECIDED, S.ANNOUNCED, "announce", gettext_noop("发布公告"), Cap.DECIDE_CASE, effect=announce),
        Edge(S.RETURNED, ready, "resume", gettext_noop("补正后重新评议"), Cap.HANDLE_CASE),
    ]
    return tuple(edges)


def withdraw_edges(*sources: str) -> tuple[Edge, ...]:
    return tuple(Edge(s, S.WITHDRAWN, "withdraw", gettext_noop("撤销"), Cap.HANDLE_CASE, needs_note=True,
                      danger=True) for s in sources)
