"""Village and county exit assessment (贫困村/贫困县退出评估).

    draft ──submit──▶ submitted ──approve (passed; by a level above)──▶ approved
    submitted ──reject (reason)──▶ draft
    draft ──withdraw (reason)──▶ withdrawn

The figures (poverty incidence against 2%, 3% in western provinces, plus local add-ons) are
computed when the assessment is created and recomputed on submit.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from jianpin.accounts.policy import Cap
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.workflows.incidence import refresh
from jianpin.workflows.machines.base import Edge, Machine, Step


class Status(models.TextChoices):
    DRAFT = "draft", gettext_noop("草稿")
    SUBMITTED = "submitted", gettext_noop("已提交")
    APPROVED = "approved", gettext_noop("已批准退出")
    WITHDRAWN = "withdrawn", gettext_noop("已撤销")


def _recompute(step: Step) -> None:
    refresh(step.obj)
    step.data["incidence"] = str(step.obj.incidence)
    step.data["passed"] = step.obj.passed


def _check_approve(step: Step) -> None:
    region = Region.objects.get(pk=step.obj.region_id)
    actor_region = step.actor.region
    if actor_region is not None and actor_region.level >= region.level:
        raise DomainError("wrong_level", gettext_noop("退出评估须由上级审定"))
    if not step.obj.passed:
        raise DomainError("not_passed", gettext_noop("未达到退出标准，不能批准退出"))


EDGES = (
    Edge(Status.DRAFT, Status.SUBMITTED, "submit", gettext_noop("提交评估"), Cap.APPROVE_DATA,
         check=_recompute, submits=True),
    Edge(Status.SUBMITTED, Status.APPROVED, "approve", gettext_noop("批准退出"), Cap.DECIDE_CASE,
         check=_check_approve, not_submitter=True),
    Edge(Status.SUBMITTED, Status.DRAFT, "reject", gettext_noop("退回"), Cap.DECIDE_CASE, needs_note=True,
         not_submitter=True, danger=True),
    Edge(Status.DRAFT, Status.WITHDRAWN, "withdraw", gettext_noop("撤销"), Cap.APPROVE_DATA, needs_note=True,
         danger=True),
)

MACHINE = Machine("assessment", gettext_noop("退出评估"), Status, Status.DRAFT, EDGES,
                  frozenset({Status.APPROVED, Status.WITHDRAWN}), "assessment")
