"""Write a checked plan in one transaction: bulk inserts and updates, one audit event per household.

The caller holds the transaction; an exception anywhere (an error, a cancel, a crash, a
killed process) leaves the database as it was.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.kernel.masking import mask_id
from jianpin.registry.io import fastdb
from jianpin.registry.io.plan import HouseholdPlan, Plan, chunks
from jianpin.registry.models import Household, IncomeRecord, Member

Progress = Callable[[int], None]
STEP = 2000   # households per write batch; JIANPIN_IMPORT_BATCH overrides (crash tests)


def write(plan: Plan, actor: Any, batch_id: int | None, progress: Progress) -> int:
    """Apply every change in plan; return the number of households changed."""
    now = timezone.now()
    todo = [hp for hp in plan.households if hp.changed]
    tables = {m: fastdb.Table(m) for m in (Household, Member, IncomeRecord, AuditEvent)}
    done = 0
    for batch in chunks(todo, int(os.environ.get("JIANPIN_IMPORT_BATCH", STEP))):
        _households(batch, tables[Household], now)
        _members(batch, tables[Member], now)
        _incomes(batch, tables[IncomeRecord], now)
        _audit(batch, tables[AuditEvent], actor, batch_id, now)
        done += sum(len(hp.source.members) for hp in batch)
        progress(done)
        _pause_hook(done)
    return len(todo)


def _households(batch: list[HouseholdPlan], table: fastdb.Table, now: Any) -> None:
    new = [hp for hp in batch if hp.household.new]
    fastdb.insert(table, (dict(hp.household.values, number=hp.source.number) for hp in new), now)
    numbers = [hp.source.number for hp in new]
    ids = dict(Household.objects.filter(number__in=numbers).values_list("number", "id")) \
        if numbers else {}
    for hp in new:
        hp.household.pk = ids[hp.source.number]
    fastdb.update(table, ((hp.household.pk, dict(hp.household.values, version=hp.version + 1))
                          for hp in batch if not hp.household.new and hp.changed), now)


def _members(batch: list[HouseholdPlan], table: fastdb.Table, now: Any) -> None:
    new, changed = [], []
    for hp in batch:
        for _, change in hp.members:
            if change.new:
                values = _plain_dict(change.values)
                values["household_id"] = hp.household.pk
                new.append(values)
            elif change.values:
                values = dict(change.values)
                if "household_id" in values:
                    values["household_id"] = hp.household.pk
                changed.append((change.pk, values))
    fastdb.insert(table, new, now)
    fastdb.update(table, changed, now)


def _incomes(batch: list[HouseholdPlan], table: fastdb.Table, now: Any) -> None:
    new = [dict(hp.income.values, household_id=hp.household.pk, year=hp.year)
           for hp in batch if hp.income is not None and hp.income.new]
    fastdb.insert(table, new, now)
    fastdb.update(table, ((hp.income.pk, hp.income.values) for hp in batch
                          if hp.income is not None and not hp.income.new), now)


def _plain_dict(values: Any) -> dict[str, Any]:
    return values.as_dict() if hasattr(values, "as_dict") else dict(values)


def _fields(values: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    """Values of a new record, or [old, new] pairs; dates and amounts are encoded on insert."""
    if before is None:
        return _plain_dict(values)
    return {k: [before.get(k), v] for k, v in values.items()}


def _member_key(values: dict[str, Any], before: dict[str, Any]) -> str:
    number = values.get("id_number") or before.get("id_number")
    name = str(values.get("name") or before.get("name") or "")
    return f"{name} {mask_id(number)}" if number else name  # masked IDs alone repeat


NEW_MEMBER = ("name", "relation")
NEW_INCOME = ("net_income", "per_capita_net")


def diff(hp: HouseholdPlan) -> dict[str, Any]:
    """What this import did to one household: [old, new] pairs for changed fields; for new
    members and incomes the identifying values only (the record itself holds the rest)."""
    h = hp.household
    out: dict[str, Any] = {"household": _fields(h.values, None if h.new else h.before)}
    members = {}
    for m, change in hp.members:
        key = _member_key(m.vals, change.before) or f"第{m.row}行"
        if change.new:
            members[key] = {k: change.values.get(k) for k in NEW_MEMBER}
            continue
        values = dict(change.values)
        if "id_number" in values:
            values["id_number"] = mask_id(values["id_number"])
        members[key] = _fields(values, change.before)
    if members:
        out["members"] = members
    inc = hp.income
    if inc is not None and inc.new:
        out["income"] = {"year": hp.year, **{k: inc.values[k] for k in NEW_INCOME}}
    elif inc is not None and inc.values:
        out["income"] = {"year": hp.year, **_fields(inc.values, inc.before)}
    return out


def _audit(batch: list[HouseholdPlan], table: fastdb.Table, actor: Any, batch_id: int | None,
           now: Any) -> None:
    actor_id = getattr(actor, "pk", None)
    note = f"导入批次 {batch_id}" if batch_id else "命令行导入"
    fastdb.insert(table, ({
        "actor_id": actor_id,
        "action": "registry.import.create" if hp.household.new else "registry.import.update",
        "object_type": "registry.household", "object_id": str(hp.household.pk),
        "region_code": hp.household.values.get("village_id") or hp.source.village_code or "",
        "diff": diff(hp), "note": note, "at": now,
    } for hp in batch), now)


def _pause_hook(done: int) -> None:
    """Crash-safety tests stop the process here (JIANPIN_IMPORT_PAUSE_AT=<rows>) and kill it."""
    at = os.environ.get("JIANPIN_IMPORT_PAUSE_AT")
    if at and done >= int(at):
        sys.stderr.write(f"PAUSED {done}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get("JIANPIN_IMPORT_PAUSE_SECONDS", "60")))
