"""Reads of the screening app, already scoped to the user's area."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from jianpin.accounts.policy import Cap, can
from jianpin.regions.scoping import get_or_404, in_area, scope
from jianpin.screening.display import (
    inactive_note,
    reason_pairs,
    reasons,
    rule_orders,
    triage_reason,
)
from jianpin.screening.models import DeptUpload, ScreeningRun, Warning, WarningState

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

OPEN_STATES = (WarningState.NEW, WarningState.ACKNOWLEDGED)


@dataclass(frozen=True)
class HouseholdHit:
    """One rule that hits a household, ready for the household page."""

    warning_id: int
    year: int
    rule_code: str
    rule_name: str
    category: str
    flag: str
    severity: str
    state: str
    state_label: str
    active: bool
    reasons: list[tuple[str, Any]]
    summary: str
    rule_set: str = ""
    reason: str = ""            # the triage reason, in the reader's language where it can be
    inactive: str = ""          # why it is no longer active ('' while it is)


def warnings_for_user(user: Actor) -> QuerySet[Warning]:
    return scope(user, Warning.objects.select_related("household", "household__village"),
                 "village_code")


def get_warning_for_user(user: Actor, pk: int) -> Warning:
    return get_or_404(warnings_for_user(user), pk)


def runs_for_user(user: Actor) -> QuerySet[ScreeningRun]:
    return scope(user, ScreeningRun.objects.select_related("job"), "area_code")


def get_run_for_user(user: Actor, pk: int) -> ScreeningRun:
    return get_or_404(runs_for_user(user), pk)


def uploads_for_user(user: Actor) -> QuerySet[DeptUpload]:
    return scope(user, DeptUpload.objects.all(), "region_code")


def get_upload_for_user(user: Actor, pk: int) -> DeptUpload:
    return get_or_404(uploads_for_user(user), pk)


def hits_for_household(user: Actor, household: Any) -> list[HouseholdHit]:
    """Rules that hit this household (latest year first) and why; empty if not the user's."""
    if not can(user, Cap.READ_REGISTRY) or not in_area(user, household.village_id):
        return []
    rows = list(Warning.objects.filter(household=household).order_by(
        "-year", "-active", "rule_code", "rule_set"))
    orders = rule_orders({w.rule_code for w in rows})
    return [HouseholdHit(
        w.pk, w.year, w.rule_code, w.rule_name, w.category, w.flag, w.severity, w.state,
        w.get_state_display(), w.active, reason_pairs(w.explanation, orders.get(w.rule_code, ())),
        reasons(w.explanation, orders.get(w.rule_code, ())), w.rule_set, triage_reason(w.reason),
        "" if w.active else inactive_note(w.rule_set, w.reason),
    ) for w in rows]
