"""Write a checked plan in one transaction: bulk inserts and updates, one audit event per household.

Called only by `registry.import_actions.do_import_households`, which checks the actor, the
locks and the writable fields first. The caller holds the transaction; an exception anywhere
(an error, a cancel, a crash, a killed process) leaves the database as it was.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.utils import timezone

from jianpin.audit.actions import MASKERS, sanitise
from jianpin.audit.models import AuditEvent
from jianpin.kernel.masking import mask_id
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io import _pgindexes, _pgpipe, _sqlitebulk
from jianpin.registry.io.members import Values
from jianpin.registry.io.plan import Change, HouseholdPlan, Plan, chunks
from jianpin.registry.models import Household, IncomeRecord, Member

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

Progress = Callable[[int], None]
STEP = 2000   # households per write batch


@dataclass
class Written:
    households: int = 0
    # Households changed by someone else since the file was previewed (or planned): not written.
    conflicts: list[HouseholdPlan] = field(default_factory=list)


def write(plan: Plan, actor: Actor | None, *, action: str, note: str, progress: Progress,
          seen: dict[str, int] | None = None, step: int = STEP,
          after_chunk: Progress | None = None,
          before_write: Callable[[], None] = lambda: None) -> Written:
    """Apply every change in plan, household versions permitting. `seen` holds the versions
    the preview showed; `after_chunk` (tests) is called with the rows written so far;
    `before_write` before each batch that writes anything (nothing written: never)."""
    now = timezone.now()
    todo = [hp for hp in plan.households if hp.changed]
    tables = {m: fastdb.Table(m) for m in (Household, Member, IncomeRecord, AuditEvent)}
    out = Written()
    done = 0
    with _deferred_indexes(tables) as indexes, _pipelined():
        drawn = _draw_ids([hp for hp in todo if hp.household.new and not _stale_new(hp, seen)],
                          tables[Household])
        for batch in chunks(todo, step):
            batch = _claim(batch, tables[Household], seen, out)
            if batch:
                before_write()
                indexes.start()
            _households(batch, tables[Household], now, drawn)
            _members(batch, fastdb.Rows(tables[Member], now), now)
            _incomes(batch, fastdb.Rows(tables[IncomeRecord], now), now)
            _audit(batch, fastdb.Rows(tables[AuditEvent], now), actor, action, note)
            out.households += len(batch)
            done += sum(len(hp.source.members) for hp in batch)
            progress(done)
            if after_chunk is not None:
                after_chunk(done)
    return out


def _deferred_indexes(tables: dict[Any, fastdb.Table]) -> Any:
    """Index builds of empty tables put off to the end of the writes: on SQLite all four
    tables', on PostgreSQL the registry's own (`_pgindexes`)."""
    if connection.vendor == "postgresql":
        return _pgindexes.deferred_indexes([tables[m].name for m in REGISTRY])
    return _sqlitebulk.deferred_indexes([t.name for t in tables.values()])


REGISTRY = (Household, Member, IncomeRecord)


def _pipelined() -> Any:
    """PostgreSQL: the COPYs run by a writer thread while this one builds the next rows
    (`_pgpipe`)."""
    if connection.vendor == "postgresql":
        return _pgpipe.pipelined()
    return contextlib.nullcontext()


def _draw_ids(new: list[HouseholdPlan], table: fastdb.Table) -> bool:
    """Give the new households to be written their keys before they are written, where the
    database can (`fastdb.new_ids`): their members' rows need no look-up after the
    households' COPY. True if drawn."""
    ids = fastdb.new_ids(table, len(new))
    if ids is None:
        return False
    for hp, pk in zip(new, ids, strict=True):
        hp.household.pk = pk
    return True


def _stale_new(hp: HouseholdPlan, seen: dict[str, int] | None) -> bool:
    """A new household the preview did not show as new (someone created it since)."""
    return seen is not None and seen.get(hp.source.number) is not None


def _pk(change: Change) -> int:
    """The key of a record already stored (only new records have none, until inserted)."""
    return cast(int, change.pk)


def _claim(batch: list[HouseholdPlan], table: fastdb.Table, seen: dict[str, int] | None,
           out: Written) -> list[HouseholdPlan]:
    """Lock the stored households of batch; keep those still at the version planned (and
    previewed), set the others aside as conflicts."""
    current = fastdb.lock_versions(table, [_pk(hp.household) for hp in batch
                                           if not hp.household.new])
    keep: list[HouseholdPlan] = []
    for hp in batch:
        if hp.household.new:
            stale = _stale_new(hp, seen)
        else:
            stale = current.get(_pk(hp.household)) != hp.version or (
                seen is not None and seen.get(hp.source.number) != hp.version)
        (out.conflicts if stale else keep).append(hp)
    return keep


def _households(batch: list[HouseholdPlan], table: fastdb.Table, now: dt.datetime,
                drawn: bool) -> None:
    """Insert the new households (with their keys if `drawn`, else looked up after), update
    the changed ones."""
    new = [hp for hp in batch if hp.household.new]
    rows = fastdb.Rows(table, now, pk=drawn)
    for hp in new:
        values = hp.household.values
        if drawn:
            rows.add((*values, "number", "id"), (*values.values(), hp.source.number,
                                                  hp.household.pk))
        else:
            rows.add((*values, "number"), (*values.values(), hp.source.number))
    rows.write()
    if not drawn:
        ids = table.ids("number", [hp.source.number for hp in new])
        for hp in new:
            hp.household.pk = ids[hp.source.number]
    old = [hp for hp in batch if not hp.household.new and hp.changed]
    fastdb.update(table, ((_pk(hp.household), dict(hp.household.values, version=hp.version + 1))
                          for hp in old), now, versions={_pk(hp.household): hp.version for hp in old})


_SHAPES: dict[int, tuple[Any, tuple[str, ...]]] = {}


def _member_keys(values: Values) -> tuple[str, ...]:
    """The keys of a member's values and its household: one tuple per shape (the parser
    shares one shape between the members of a file)."""
    shape = values.shape()
    known = _SHAPES.get(id(shape))
    if known is None or known[0] is not shape:
        known = _SHAPES[id(shape)] = (shape, (*shape, "household_id"))
    return known[1]


def _members(batch: list[HouseholdPlan], rows: fastdb.Rows, now: dt.datetime) -> None:
    """New members straight from the parsed values (a tuple each, the household's key added);
    changed ones as updates of the changed fields."""
    changed: list[tuple[int, dict[str, Any]]] = []
    shape: Any = None               # the parser's key map of the run of rows in `run`
    run: list[tuple[Any, ...]] = []
    keys: tuple[str, ...] = ()
    for hp in batch:
        household = (hp.household.pk,)
        for _, change in hp.members:
            if change.new:
                given: Any = change.values      # the parser's Values (plain dicts: not here)
                if given.__class__ is not Values:
                    rows.extend(keys, run)
                    run, shape = [], None
                    rows.add((*given, "household_id"), (*given.values(), *household))
                    continue
                if given._index is not shape:
                    rows.extend(keys, run)
                    run, shape = [], given._index
                    keys = _member_keys(given)
                run.append(given._values + household)
            elif change.values:
                values = dict(change.values)
                if "household_id" in values:
                    values["household_id"] = hp.household.pk
                changed.append((_pk(change), values))
    rows.extend(keys, run)
    rows.write()
    fastdb.update(rows.table, changed, now)


def _incomes(batch: list[HouseholdPlan], rows: fastdb.Rows, now: dt.datetime) -> None:
    for hp in batch:
        inc = hp.income
        if inc is not None and inc.new:
            values = inc.values
            rows.add((*values, "household_id", "year"), (*values.values(), hp.household.pk, hp.year))
    rows.write()
    fastdb.update(rows.table, ((_pk(hp.income), hp.income.values) for hp in batch
                               if hp.income is not None and not hp.income.new), now)


def _plain_dict(values: Any) -> dict[str, Any]:
    return values.as_dict() if hasattr(values, "as_dict") else dict(values)


def _fields(values: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    """Values of a new record, or [old, new] pairs; dates and amounts are encoded on insert.
    Phones and bank accounts are masked as in every audit event (checked per key: cheap)."""
    out = _plain_dict(values) if before is None else \
        {k: [before.get(k), v] for k, v in values.items()}
    return sanitise(out) if not MASKERS.keys().isdisjoint(out) else out


def _member_key(values: Mapping[str, Any], before: dict[str, Any]) -> str:
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


AUDIT_KEYS = ("actor_id", "action", "object_type", "object_id", "region_code", "diff", "note")


def _masked(values: dict[str, Any]) -> dict[str, Any]:
    """`_fields(values, None)` for a plain dict: a copy, masked as `sanitise` masks it when a
    masked key is at the top (phones and the like; lists and dicts inside sanitised whole),
    with no call per scalar value."""
    out = dict(values)
    if MASKERS.keys().isdisjoint(out):
        return out
    for k, v in out.items():
        if k in MASKERS or isinstance(v, (dict, list)):
            out[k] = sanitise({k: v})[k]
    return out


_WHO: dict[int, tuple[Any, Any]] = {}


def _who(values: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    """A member's ID number, name and relation: one C-level pick per member when the parser's
    shape holds the three (None for a key it does not hold, as `get` gives)."""
    if isinstance(values, Values):
        shape = values.shape()
        known = _WHO.get(id(shape))
        if known is None or known[0] is not shape:
            known = _who_at(values)
        if known[1] is not None:
            return cast(tuple[Any, Any, Any], known[1](values.values_tuple()))
    return values.get("id_number"), values.get("name"), values.get("relation")


def _who_at(values: Values) -> tuple[Any, Any]:
    """The entry of `_WHO` for the shape of `values` (made and kept)."""
    shape = values.shape()
    at = [shape.get(k) for k in ("id_number", "name", "relation")]
    known = _WHO[id(shape)] = (shape, None if None in at else operator.itemgetter(*at))
    return known


def _new_diff(hp: HouseholdPlan) -> dict[str, Any]:
    """`diff(hp)` of a new household, whose members and income are all new: its values, and
    each member's identifying values, without comparing anything."""
    values = hp.household.values
    out: dict[str, Any] = {"household": _masked(values) if type(values) is dict
                           else _fields(values, None)}
    members = {}
    for m, change in hp.members:
        if not change.new:          # a member moved in from another household
            return diff(hp)
        vals: Any = m.vals          # change.values is m.vals
        pick = None
        if vals.__class__ is Values:
            known = _WHO.get(id(vals._index))
            if known is None or known[0] is not vals._index:
                known = _who_at(vals)
            pick = known[1]
        number, name, relation = _who(vals) if pick is None else pick(vals._values)
        text = name if name.__class__ is str else str(name or "")
        key = (f"{text} {mask_id(number)}" if number else text) or f"第{m.row}行"
        members[key] = {"name": name, "relation": relation}
    if members:
        out["members"] = members
    inc = hp.income
    if inc is not None and inc.new:
        out["income"] = {"year": hp.year, "net_income": inc.values["net_income"],
                         "per_capita_net": inc.values["per_capita_net"]}
    elif inc is not None and inc.values:
        out["income"] = {"year": hp.year, **_fields(inc.values, inc.before)}
    return out


def _audit(batch: list[HouseholdPlan], rows: fastdb.Rows, actor: Actor | None, action: str,
           note: str) -> None:
    """One event per household (its time stamp is the import's, as `at` is auto_now_add)."""
    actor_id = getattr(actor, "pk", None)
    created, updated = f"{action}.create", f"{action}.update"
    add = rows.add
    for hp in batch:
        h = hp.household
        add(AUDIT_KEYS, (actor_id, created if h.new else updated, "registry.household",
                         str(h.pk), h.values.get("village_id") or hp.source.village_code or "",
                         _new_diff(hp) if h.new else diff(hp), note))
    rows.write()
