"""A workflow decision (identification, risk elimination, exit) against the warnings of an
import's held differences (`import_held`), set-based.

A decision changes the household fields only a decision (or the county's roster import) may
change (`registry.actions.do_apply_decision`, through `ScreeningConfig.household_decision`).
For each active import warning of the decided households, every field it shows is compared,
as an official reads it, with what the file said and with what jianpin held when the file was
read:

- jianpin now gives what the file said, for every field the warning shows: the difference is
  gone. An open warning (new or acknowledged) is resolved, state 已解决, the reason naming the
  decision and the batch (`screening.warning.decision_resolve`); a dismissed one, or one turned
  into a case, keeps its state and is only marked inactive, as an agreeing import does.
- jianpin now gives something else, still not what the file said: the warning keeps its
  state and shows jianpin's new value beside the file's (`screening.warning.decision_update`),
  so the inbox never shows a value jianpin no longer holds and the next import of the same
  file finds the same difference (nothing to refresh, nothing to reopen).
- A closed warning (resolved, or inactive) is never reopened by a decision, even one that
  takes jianpin away from what the file said: the file was read before the decision. The next
  import that still differs reopens it (`screening.warning.import_reopen`, audited, naming
  its batch), one that agrees leaves it closed.

IMPORT-HELD-OTHER warnings compare the same way on every field they show, a member's among
them (`import_held_members`: the member found by the key the warning recorded). An edit
through the registry's write layer (`edited`: a member's facts, a death, a member added or
moved to another household, the household's facts) is followed the same way
(`screening.warning.edit_resolve`, `edit_update`, the reason naming the edit).

Closing or refreshing a warning after a decision is a triage: the decision's actor must be allowed to triage
the warnings of the village (every role that announces decisions may). One query reads the
warnings (900 households a statement), one UPDATE ... FROM a staged table refreshes, one
UPDATE per batch named closes, one bulk insert writes the audit events (one per warning).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import sanitise
from jianpin.audit.models import AuditEvent
from jianpin.screening.import_held import (
    BATCH_KEY,
    CHUNK,
    DECISION_REASON,
    FILE_SUFFIX,
    RULE_SET,
    SETS,
    STORED_SUFFIX,
)
from jianpin.screening.import_held_members import members_of, names_members, now_shown, shown_fields
from jianpin.screening.import_held_store import refresh_all
from jianpin.screening.models import Warning, WarningState

S = WarningState
OPEN = (S.NEW, S.ACKNOWLEDGED)
READ = ("household_id", "rule_code", "explanation", "village_code", "state", "active", "year")
DECISION = ("screening.warning.decision_resolve", "screening.warning.decision_update")
EDIT = ("screening.warning.edit_resolve", "screening.warning.edit_update")


def decided(actor: Any, households: Iterable[Any], *, note: str) -> dict[str, int]:
    """Close or refresh the active import warnings of these households after a decision gave
    them their present values (`note`: the decision, as its registry write names it); return
    the counts {"resolved", "updated"}. The caller holds the decision's transaction."""
    return _follow(actor, households, note, DECISION, triage=True)


def edited(actor: Any, households: Iterable[Any], *, note: str) -> dict[str, int]:
    """The same after an edit through the registry's write layer (a member's facts, a death,
    the household's facts): the warnings it brings in line close, the others show jianpin's
    new values. The edit's own check (writing the village's registry) is the permission: what
    it closes is what an agreeing import would close, so no triage right is asked of it."""
    return _follow(actor, households, note, EDIT, triage=False)


def _follow(actor: Any, households: Iterable[Any], note: str, actions: tuple[str, str], *,
            triage: bool) -> dict[str, int]:
    by_pk = {hh.pk: hh for hh in households}
    pks = sorted(by_pk)
    rows: list[Warning] = []
    for start in range(0, len(pks), CHUNK):
        rows += Warning.objects.select_for_update().only(*READ).filter(
            rule_set=RULE_SET, rule_code__in=list(SETS), active=True,
            household_id__in=pks[start:start + CHUNK]).order_by("pk")
    shown = {w.pk: shown_fields(w.rule_code, w.explanation) for w in rows}
    members = members_of((w.household_id for w in rows if names_members(shown[w.pk])), CHUNK)
    resolve: list[tuple[Warning, bool]] = []         # (warning, resolved: open before)
    update: list[tuple[Warning, dict[str, Any]]] = []    # (warning, explanation before)
    for w in rows:
        now = now_shown(shown[w.pk], by_pk[w.household_id], members.get(w.household_id, []),
                         w.explanation)
        if not now:
            continue
        if all(w.explanation.get(k + FILE_SUFFIX) == v for k, v in now.items()):
            resolve.append((w, w.state in OPEN))
        elif any(w.explanation.get(k + STORED_SUFFIX) != v for k, v in now.items()):
            before = w.explanation
            w.explanation = {**before, **{k + STORED_SUFFIX: v for k, v in now.items()}}
            update.append((w, before))
    if actor is not None and triage:
        for village in sorted({w.village_code for w, _x in [*resolve, *update]}):
            check_can(actor, Cap.TRIAGE_WARNINGS, village)
    _write(actor, resolve, update, {pk: hh.number for pk, hh in by_pk.items()}, note, actions)
    return {"resolved": len(resolve), "updated": len(update)}


def _write(actor: Any, resolve: list[tuple[Warning, bool]],
           update: list[tuple[Warning, dict[str, Any]]], number: Mapping[int, str],
           note: str, actions: tuple[str, str]) -> None:
    if not resolve and not update:
        return
    who = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    refresh_all([w for w, _b in update], now)
    reasons: dict[str, list[int]] = {}
    for w, was_open in resolve:
        if was_open:
            reason = DECISION_REASON % {"decision": note, "batch": w.explanation.get(BATCH_KEY)}
            reasons.setdefault(reason, []).append(w.pk)
    for reason, pks in sorted(reasons.items()):
        for start in range(0, len(pks), CHUNK):
            Warning.objects.filter(pk__in=pks[start:start + CHUNK]).update(
                state=S.RESOLVED, active=False, reason=reason, handled_by=who, handled_at=now,
                last_seen=now)
    handled = sorted(w.pk for w, was_open in resolve if not was_open)
    for start in range(0, len(handled), CHUNK):
        Warning.objects.filter(pk__in=handled[start:start + CHUNK]).update(active=False,
                                                                           last_seen=now)
    events: list[tuple[Warning, str, dict[str, Any]]] = [
        (w, actions[0],
         {"state": [w.state, S.RESOLVED], "active": [True, False],
          "reason": DECISION_REASON % {"decision": note, "batch": w.explanation.get(BATCH_KEY)}}
         if was_open else {"active": [True, False]}) for w, was_open in resolve]
    events += [(w, actions[1],
                {"explanation": [before, w.explanation]}) for w, before in update]
    AuditEvent.objects.bulk_create([AuditEvent(
        actor=who, action=action, object_type="screening.warning", object_id=str(w.pk),
        region_code=w.village_code, note=note,
        diff=sanitise({"household": number[w.household_id], "rule_code": w.rule_code,
                       "year": w.year, **diff}))
        for w, action, diff in events], batch_size=500)
