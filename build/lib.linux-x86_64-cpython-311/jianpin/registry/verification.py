"""Duplicates outside the actor's area: no existence oracle, a task for the county instead.

Telling a village cadre "this ID is registered elsewhere" lets anyone who may add members test
whether any ID is registered anywhere. Outside the actor's area the refusal says only that the
county must verify (需县级核实) and a `Verification` row puts the attempt in front of the
county, which also makes probing visible.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import saved_user
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError
from jianpin.regions.scoping import in_area, prefix_q, user_prefix
from jianpin.registry.models import Verification

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

MESSAGES = {
    Verification.Kind.ID_NUMBER: "该身份证号需县级核实后才能登记，已提交县级业务人员核实",
    Verification.Kind.HOUSEHOLD_NUMBER: "该户编号需县级核实后才能使用，已提交县级业务人员核实",
}


class NeedsCountyVerification(DomainError):
    def __init__(self, kind: str, value: str, holder_village: str) -> None:
        super().__init__("needs_county_verification", MESSAGES[Verification.Kind(kind)])
        self.kind, self.value, self.holder_village = kind, value, holder_village


def check_in_area(actor: Actor | None, kind: str, value: str, holder_village: str) -> None:
    """Raise NeedsCountyVerification when the holder lies outside the actor's area."""
    if actor is not None and not in_area(actor, holder_village):
        raise NeedsCountyVerification(kind, value, holder_village)


F = TypeVar("F", bound=Callable[..., Any])


def opens_verification(village_of: Callable[..., str]) -> Callable[[F], F]:
    """Wrap an atomic action: a NeedsCountyVerification refusal still records its task.

    The action's own transaction is rolled back by the refusal, so the task is written after.
    """
    def decorate(action: F) -> F:
        @functools.wraps(action)
        def wrapped(actor: Actor, *args: Any, **kwargs: Any) -> Any:
            try:
                return action(actor, *args, **kwargs)
            except NeedsCountyVerification as exc:
                do_request(actor, exc, village_of(*args, **kwargs))
                raise
        return wrapped  # type: ignore[return-value]
    return decorate


@transaction.atomic
def do_request(actor: Actor, exc: NeedsCountyVerification, village_code: str) -> Verification:
    task = Verification.objects.create(kind=exc.kind, value=exc.value, village_id=village_code,
                                       holder_village=exc.holder_village,
                                       requested_by=saved_user(actor))
    record(actor, "registry.verification.request", task, region_code=village_code,
           diff={"kind": exc.kind})
    return task


# An import asks for at most this many verifications: enough to show the county the attempt,
# too few for a hostile file to flood the county's list.
MAX_PER_IMPORT = 200


@transaction.atomic
def do_request_for_import(actor: Actor, items: list[tuple[str, str, str, str]]) -> int:
    """Open a task per (kind, value, importing village, holder village) of an import, once:
    a preview and its commit, or a file imported twice, ask only while the first is open."""
    made = 0
    for kind, value, village, holder in items[:MAX_PER_IMPORT]:
        if not village or Verification.objects.filter(
                kind=kind, value=value, village_id=village, resolved_at__isnull=True).exists():
            continue
        do_request(actor, NeedsCountyVerification(kind, value, holder), village)
        made += 1
    if len(items) > MAX_PER_IMPORT:     # the county still learns how many were asked about
        record(actor, "registry.verification.many", None, region_code=items[0][2],
               diff={"total": len(items), "tasks": MAX_PER_IMPORT})
    return made


def verifications_for_user(user: Actor) -> QuerySet[Verification]:
    """Requests made in the user's area or about a record held there (county level and up)."""
    prefix = user_prefix(user)
    if prefix is None:
        return Verification.objects.none()
    qs = Verification.objects.select_related("village", "requested_by", "resolved_by")
    if not prefix:
        return qs
    return qs.filter(prefix_q("village_id", prefix) | prefix_q("holder_village", prefix))


def get_verification_for_user(user: Actor, pk: int | str) -> Verification:
    found = verifications_for_user(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("未找到")
    return found


@transaction.atomic
def do_resolve(actor: Actor, task: Verification, note: str) -> Verification:
    check_can(actor, Cap.DECIDE_CASE)
    if task.resolved_at is not None:
        raise DomainError("already_resolved", "该核实任务已处理")
    task.resolved_at, task.resolved_by, task.note = timezone.now(), saved_user(actor), note[:200]
    task.save(update_fields=["resolved_at", "resolved_by", "note"])
    record(actor, "registry.verification.resolve", task, region_code=task.village_id,
           note=task.note)
    return task
