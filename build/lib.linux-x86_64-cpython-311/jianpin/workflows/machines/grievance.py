"""Grievances (扶贫专线 / 12317 投诉).

    received ──assign──▶ assigned ──respond──▶ responded ──resolve──▶ resolved
                            ▲                      │
                            └────── reopen ────────┘
    received / assigned ──dismiss (reason)──▶ dismissed

Only the assignee responds. A grievance may open a case or note the record change it caused;
both links are kept on the grievance.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from jianpin.accounts.models import User
from jianpin.accounts.policy import Cap, can
from jianpin.kernel.errors import DomainError
from jianpin.regions.scoping import in_area
from jianpin.workflows.machines.base import Edge, Machine, Step


class Status(models.TextChoices):
    RECEIVED = "received", gettext_noop("已受理")
    ASSIGNED = "assigned", gettext_noop("办理中")
    RESPONDED = "responded", gettext_noop("已答复")
    RESOLVED = "resolved", gettext_noop("已办结")
    DISMISSED = "dismissed", gettext_noop("不予受理")


def _assign(step: Step) -> None:
    user = User.objects.filter(pk=step.data.get("assignee") or 0, is_active=True).first()
    if user is None or not can(user, Cap.HANDLE_GRIEVANCE) or \
            not in_area(user, str(step.obj.region_id)):
        raise DomainError("bad_assignee", gettext_noop("承办人须为该区域内可办理投诉的人员"))
    step.data["assignee"] = user.pk
    step.data["assignee_name"] = user.label


def _set_assignee(step: Step) -> None:
    type(step.obj).objects.filter(pk=step.obj.pk).update(assignee_id=step.data["assignee"])
    step.obj.assignee_id = step.data["assignee"]


def _only_assignee(step: Step) -> None:
    if step.obj.assignee_id != step.actor.pk:
        raise DomainError("not_assignee", gettext_noop("只有承办人可以答复"))


def _save_response(step: Step) -> None:
    type(step.obj).objects.filter(pk=step.obj.pk).update(response=step.note)
    step.obj.response = step.note


def _save_resolution(step: Step) -> None:
    change = str(step.data.get("record_change", ""))[:200]
    type(step.obj).objects.filter(pk=step.obj.pk).update(resolution=step.note,
                                                         record_change=change)
    step.obj.resolution, step.obj.record_change = step.note, change


EDGES = (
    Edge(Status.RECEIVED, Status.ASSIGNED, "assign", gettext_noop("交办"), Cap.HANDLE_GRIEVANCE,
         check=_assign, effect=_set_assignee),
    Edge(Status.ASSIGNED, Status.RESPONDED, "respond", gettext_noop("答复"), Cap.HANDLE_GRIEVANCE,
         check=_only_assignee, needs_note=True, effect=_save_response, submits=True),
    Edge(Status.RESPONDED, Status.RESOLVED, "resolve", gettext_noop("办结"), Cap.HANDLE_GRIEVANCE,
         needs_note=True, effect=_save_resolution),
    Edge(Status.RESPONDED, Status.ASSIGNED, "reopen", gettext_noop("重新办理"), Cap.HANDLE_GRIEVANCE,
         needs_note=True),
    Edge(Status.RECEIVED, Status.DISMISSED, "dismiss", gettext_noop("不予受理"), Cap.HANDLE_GRIEVANCE,
         needs_note=True, danger=True),
    Edge(Status.ASSIGNED, Status.DISMISSED, "dismiss", gettext_noop("不予受理"), Cap.HANDLE_GRIEVANCE,
         needs_note=True, danger=True),
)

MACHINE = Machine("grievance", gettext_noop("信访投诉"), Status, Status.RECEIVED, EDGES,
                  frozenset({Status.RESOLVED, Status.DISMISSED}), "grievance")
