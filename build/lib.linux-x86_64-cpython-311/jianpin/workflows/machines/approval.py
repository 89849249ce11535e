"""Data approval per period up the tree (村 → 乡 → 县).

    unapproved ──approve (own level; every lower level with data approved)──▶ approved
    approved ──unapprove (by the level above; that level not approved)──▶ unapproved

A region's data is locked while its approval stands: only the level above can release it,
and only after releasing its own approval.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Level, Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry.models import Household
from jianpin.workflows.machines.base import Edge, Machine, Step
from jianpin.workflows.models import DataApproval


class Status(models.TextChoices):
    UNAPPROVED = "unapproved", gettext_noop("未审批")
    APPROVED = "approved", gettext_noop("已审批")


def _approved(region_codes: list[str], period: str) -> set[str]:
    return set(DataApproval.objects.filter(region_id__in=region_codes, period=period,
                                           status=Status.APPROVED)
               .values_list("region_id", flat=True))


def children_with_data(region: Region) -> list[Region]:
    """Child regions that hold at least one household (empty ones need no approval)."""
    out = []
    for child in Region.objects.filter(parent=region).exclude(level=Level.GROUP):
        if Household.objects.filter(prefix_q("village_id", child.prefix)).exists():
            out.append(child)
    return out


def _check_approve(step: Step) -> None:
    approval = step.obj
    if step.actor.region_id != approval.region_id:
        raise DomainError("wrong_level", gettext_noop("只能审批本级数据"))
    region = Region.objects.get(pk=approval.region_id)
    children = children_with_data(region)
    missing = [c for c in children if c.code not in _approved([c.code for c in children],
                                                                 approval.period)]
    if missing:
        names = "、".join(c.name for c in missing[:5])
        raise DomainError("children_pending", gettext("下级尚未全部审批：%(names)s") % {"names": names}
                          + (gettext("等") if len(missing) > 5 else ""))


def _check_unapprove(step: Step) -> None:
    approval = step.obj
    region = Region.objects.get(pk=approval.region_id)
    actor_region = step.actor.region
    if actor_region is not None and not (region.code.startswith(actor_region.prefix)
                                         and actor_region.level < region.level):
        raise DomainError("wrong_level", gettext_noop("已审批的数据只能由上级撤销审批"))
    if region.parent_id and _approved([region.parent_id], approval.period):
        raise DomainError("parent_locked", gettext_noop("上级已审批，须先由上级撤销其审批"))


def _stamp(step: Step) -> None:
    from django.utils import timezone

    when = timezone.now() if step.edge.target == Status.APPROVED else None
    type(step.obj).objects.filter(pk=step.obj.pk).update(approved_at=when)
    step.obj.approved_at = when


EDGES = (
    Edge(Status.UNAPPROVED, Status.APPROVED, "approve", gettext_noop("审批"), Cap.APPROVE_DATA,
         check=_check_approve, submits=True, effect=_stamp),
    Edge(Status.APPROVED, Status.UNAPPROVED, "unapprove", gettext_noop("撤销审批"), Cap.APPROVE_DATA,
         check=_check_unapprove, needs_note=True, danger=True, effect=_stamp),
)

MACHINE = Machine("approval", gettext_noop("数据审批"), Status, Status.UNAPPROVED, EDGES, frozenset(),
                  "approval")
