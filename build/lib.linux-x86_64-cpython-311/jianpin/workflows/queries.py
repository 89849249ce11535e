"""Reads of the workflows app, always scoped to the user's area."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case as CaseWhen
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from jianpin.accounts.policy import Cap, can
from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope
from jianpin.workflows.machines.chain import UNDECIDED
from jianpin.workflows.machines.registry import CASE_MACHINES, machine_for
from jianpin.workflows.models import Case, DataApproval, ExitAssessment, Grievance, Notice

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor


def cases_for_user(user: Actor) -> QuerySet[Case]:
    qs = Case.objects.select_related("household", "region", "submitted_by", "opened_by")
    return scope(user, qs, "region_id")


def get_case_for_user(user: Actor, pk: Any) -> Case:
    return get_or_404(cases_for_user(user), pk)


def grievances_for_user(user: Actor) -> QuerySet[Grievance]:
    return scope(user, Grievance.objects.select_related("region", "household", "assignee"),
                 "region_id")


def get_grievance_for_user(user: Actor, pk: Any) -> Grievance:
    return get_or_404(grievances_for_user(user), pk)


def notices_for_user(user: Actor) -> QuerySet[Notice]:
    return scope(user, Notice.objects.select_related("region"), "region_id")


def get_notice_for_user(user: Actor, pk: Any) -> Notice:
    return get_or_404(notices_for_user(user), pk)


def assessments_for_user(user: Actor) -> QuerySet[ExitAssessment]:
    return scope(user, ExitAssessment.objects.select_related("region"), "region_id")


def get_assessment_for_user(user: Actor, pk: Any) -> ExitAssessment:
    return get_or_404(assessments_for_user(user), pk)


def approvals_for_user(user: Actor) -> QuerySet[DataApproval]:
    return scope(user, DataApproval.objects.select_related("region", "submitted_by"),
                 "region_id")


def _overdue_first(qs: QuerySet[Case]) -> QuerySet[Case]:
    today = timezone.localdate()
    late = CaseWhen(When(due_on__lt=today, status__in=UNDECIDED, then=Value(0)), default=Value(1),
                 output_field=IntegerField())
    return qs.annotate(late=late).order_by("late", "due_on", "id")


def inbox(user: Actor) -> QuerySet[Case]:
    """Open cases in the user's area waiting for a step this user may take; overdue first."""
    waiting = Q(pk__in=[])
    for kind, machine in CASE_MACHINES.items():
        for status in machine.status.values:
            edges = [e for e in machine.edges_from(status) if can(user, e.cap)]
            if not edges:
                continue
            q = Q(kind=kind, status=status)
            if all(e.not_submitter for e in edges):
                q &= ~Q(submitted_by=user)
            waiting |= q
    return _overdue_first(cases_for_user(user).filter(waiting, closed_at__isnull=True))


def overdue(user: Actor) -> QuerySet[Case]:
    """Undecided cases past their deadline, in the user's area."""
    today = timezone.localdate()
    return cases_for_user(user).filter(closed_at__isnull=True, status__in=UNDECIDED,
                                       due_on__lt=today).order_by("due_on", "id")


def overdue_by_area(user: Actor) -> list[tuple[Any, int]]:
    """Overdue counts for each child area of the user's region (townships, or villages)."""
    region = getattr(user, "region", None)
    if region is None:
        return []
    late = overdue(user)
    out = []
    for child in Region.objects.filter(parent=region).order_by("code"):
        n = late.filter(prefix_q("region_id", child.prefix)).count()
        if n:
            out.append((child, n))
    return out


def grievance_inbox(user: Actor) -> QuerySet[Grievance]:
    qs = grievances_for_user(user).filter(closed_at__isnull=True)
    return qs.filter(Q(assignee=user) | Q(status="received") | Q(status="responded")) \
        .order_by("due_on", "id")


def open_assessments(user: Actor) -> QuerySet[ExitAssessment]:
    return assessments_for_user(user).filter(closed_at__isnull=True)


def early_eliminations(user: Actor) -> QuerySet[Case]:
    """Elimination cases flagged as coming within two months of inclusion (for reports)."""
    return cases_for_user(user).filter(kind="elimination",
                                       flags__icontains="early_elimination")


def assessments_waiting(user: Actor) -> QuerySet[ExitAssessment]:
    """Submitted exit assessments this user could decide (not their own submission)."""
    if not can(user, Cap.DECIDE_CASE):
        return ExitAssessment.objects.none()
    return assessments_for_user(user).filter(status="submitted").exclude(submitted_by=user.pk)


def timeline(obj: Any) -> list[Any]:
    """Events of a record with their attachments, oldest first."""
    return list(obj.events.select_related("actor").prefetch_related("attachments"))


def status_label(obj: Any) -> str:
    return machine_for(obj).status_label(obj.status)
