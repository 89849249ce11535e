"""Bulk writes to the registry: imports, under the same rules as the single-record actions.

Re-exported by `registry.actions`. Every import reaches the database through
`do_import_households`, which checks, in this order: the actor may import (and, in roster mode,
is a county officer), every village written lies in the actor's area, no village written is
locked by an approval (the very error a form edit gets), and each kind of record changes only
the fields its mode may change (`actions.WRITABLE`; the planner holds the other differences back
and reports them). The bulk SQL then writes each household only if its version is the one
planned and, after a preview, the one previewed; the others are reported as conflicts. One
audit event per changed household names the mode.

With `warn_held`, the differences held back open warnings in the screening inbox
(`do_warn_held`, through the `import_held_warnings` hook of an AppConfig: screening sits above
the registry), for actors who may triage warnings.

The upload, confirm and cancel steps of the import pages are actions too (`do_start_import`,
`do_confirm_import`, `do_cancel_import`), each with its audit event.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.actors import region_code, saved_user
from jianpin.accounts.models import Role
from jianpin.accounts.policy import Cap, can
from jianpin.audit.actions import record, sanitise, snapshot
from jianpin.audit.models import AuditEvent
from jianpin.jobs.runner import enqueue, request_cancel
from jianpin.kernel.errors import DomainError
from jianpin.kernel.masking import mask_id
from jianpin.registry.bulkwrites import household_bulk_writes
from jianpin.registry.fields import WORK_PERIOD, WRITABLE
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io import commit
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.io.plan import Plan

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

NORMAL, ROSTER = "normal", "roster"
MODES = {NORMAL: gettext_noop("常规导入"), ROSTER: gettext_noop("国家系统名单导入")}
AUDIT_ACTION = {NORMAL: "registry.import", ROSTER: "registry.roster"}
PREVIEW_JOB, COMMIT_JOB = "registry.import.preview", "registry.import.commit"


def may_import_roster(actor: Actor) -> bool:
    """Roster mode is for county officers (and administrators) only."""
    return getattr(actor, "role", "") in (Role.COUNTY_OFFICER, Role.ADMIN)


def check_import_mode(actor: Actor | None, mode: str) -> None:
    """Raise unless actor may import in mode (None: the command line without --user)."""
    if mode not in MODES:
        raise DomainError("bad_mode", gettext("未知的导入方式：%(mode)s") % {"mode": mode})
    if actor is not None:
        check_can(actor, Cap.IMPORT)
    if mode == ROSTER and (actor is None or not may_import_roster(actor)):
        raise DomainError("roster_county_only",
                          "只有县级管理人员可以按国家系统名单导入（可更改户类型和监测对象类型）")


def may_warn_held(actor: Actor | None) -> bool:
    """Whether held differences may open warnings for actor: who triages warnings (the command
    line without --user too). It is also the default of the import page and command."""
    return actor is None or can(actor, Cap.TRIAGE_WARNINGS)


def check_warn_held(actor: Actor | None, warn: bool) -> None:
    """Raise, before anything is written, when actor asks for warnings it may not open."""
    if warn and actor is not None:
        check_can(actor, Cap.TRIAGE_WARNINGS)


def do_warn_held(actor: Actor | None, held: list[dict[str, Any]], *, batch: str, year: int,
                 note: str = "", given: Mapping[str, Collection[str]] | None = None,
                 members: Mapping[str, Sequence[Any]] | None = None) -> dict[str, int]:
    """Open a warning per household and field set for these held differences, and close those
    a file that now agrees no longer shows (`given`: household number → the household fields
    the file gives; `members`: household number → the file's members, each with `vals`, the
    member fields the file gives), through every app whose AppConfig has `import_held_warnings` (screening:
    the registry never imports it); return the counts {"new", "updated", "unchanged",
    "reopened", "resolved"}. The caller holds the transaction."""
    check_warn_held(actor, True)
    counts = {"new": 0, "updated": 0, "unchanged": 0, "reopened": 0, "resolved": 0}
    for config in apps.get_app_configs():
        hook = getattr(config, "import_held_warnings", None)
        if hook is not None and (held or given):
            for key, n in hook(actor, held, batch=batch, year=year, note=note,
                               given=given or {}, members=members or {}).items():
                counts[key] = counts.get(key, 0) + n
    return counts


def writable(mode: str) -> dict[str, tuple[str, ...]]:
    return WRITABLE[mode]


def check_unlocked_villages(village_codes: set[str], on: dt.date) -> None:
    """`actions.check_unlocked` for many villages in one query (an import touches hundreds)."""
    # workflows imports registry: the circle is broken here as in actions.check_unlocked.
    from jianpin.workflows.locking import check_unlocked, lineage, periods_of
    from jianpin.workflows.models import DataApproval

    approved = set(DataApproval.objects.filter(period__in=periods_of(on), status="approved")
                   .values_list("region_id", flat=True))
    if not approved:
        return
    for code in sorted(village_codes):
        if approved & set(lineage(code[:12])):
            check_unlocked(code, on)        # raises with the very message a form edit gets


def check_import(actor: Actor | None, plan: Plan, mode: str) -> None:
    """Raise unless actor may make the writes plan holds in mode: the rules of a form edit
    (role, area, approval locks), for every village at once. A preview runs it too."""
    check_import_mode(actor, mode)
    villages = {v for v in plan.villages if v}
    if actor is not None:
        for code in sorted(villages):
            check_can(actor, Cap.WRITE_REGISTRY, code)
    check_unlocked_villages(villages, timezone.localdate())     # as do_update_household
    for year, where in sorted(plan.income_villages.items()):
        check_unlocked_villages(where, dt.date(year, 12, 31))     # as do_record_income


def _check_fields(plan: Plan, mode: str) -> None:
    """The planner holds back what a mode may not change; refuse a plan that did not."""
    allowed = writable(mode)
    for hp in plan.households:
        kinds = [("household", hp.household), *(("member", c) for _, c in hp.members)]
        if hp.income is not None:
            kinds.append(("income", hp.income))
        for kind, change in kinds:
            unknown = set() if change.new else set(change.values) - set(allowed[kind])
            if unknown:
                raise DomainError("bad_field", gettext("不可修改的字段：%(fields)s")
                                  % {"fields": ", ".join(sorted(unknown))})


def do_import_households(actor: Actor | None, plan: Plan, *, mode: str = NORMAL, note: str = "",
                         seen: dict[str, int] | None = None,
                         progress: Callable[[int], None] = lambda done: None,
                         step: int = commit.STEP,
                         after_chunk: Callable[[int], None] | None = None) -> commit.Written:
    """Write a checked plan; the caller holds the transaction (the whole file or nothing).

    `seen`: household number → version shown by the preview the actor confirmed (a household
    changed since is a conflict, reported and not written). Raises DomainError or
    PermissionDenied, before any write, when a rule refuses the import.
    """
    check_import(actor, plan, mode)
    _check_fields(plan, mode)
    note = note or ("命令行导入" if actor is None else "导入")
    if mode == ROSTER:
        note = f"{MODES[ROSTER]}：{note}"
    with household_bulk_writes() as bulk:
        written = commit.write(plan, actor, action=AUDIT_ACTION[mode], note=note,
                               progress=progress, seen=seen, step=step, after_chunk=after_chunk,
                               before_write=bulk.start)
        if written.households:
            bulk.wrote(_households_written(plan, written))
    return written


def _households_written(plan: Plan, written: commit.Written) -> set[int]:
    """The households a write changed: each written one, and those its members moved out of."""
    conflicts = {id(hp) for hp in written.conflicts}
    out: set[int] = set()
    for hp in plan.households:
        if id(hp) in conflicts or not hp.changed:
            continue
        out.add(cast(int, hp.household.pk))
        for _m, change in hp.members:
            moved_from = change.before.get("household_id")
            if moved_from is not None:
                out.add(moved_from)
    return out


WORK_PERIODS_KEY = gettext_noop("务工时段数")     # in audit diffs: [before, after] per member


def do_import_work_periods(actor: Actor | None, periods: dict[tuple[str, str, str],
                                                              list[dict[str, Any]]],
                           *, note: str = "") -> int:
    """Give each member (household number, ID number or name) exactly the periods listed
    (已外出务工信息); one audit event per household whose periods change. The caller holds
    the transaction; members are found after the household rows of the same import."""
    from jianpin.registry.models import Member, WorkPeriod

    if not periods:
        return 0
    if actor is not None:
        check_can(actor, Cap.IMPORT)
    ids = [k[1] for k in periods if k[1]]
    found: dict[tuple[str, str, str], tuple[int, int, str, str]] = {}
    rows = Member.objects.filter(id_number__in=ids).values_list(
        "pk", "household_id", "household__village_id", "household__number", "id_number", "name")
    named = Member.objects.filter(household__number__in={k[0] for k in periods if not k[1]},
                                  id_number__isnull=True).values_list(
        "pk", "household_id", "household__village_id", "household__number", "id_number", "name")
    for pk, hh, village, number, id_number, name in [*rows, *named]:
        key = (number, id_number or "", "" if id_number else name)
        found[key] = (pk, hh, village, name)
    by_id = {k[1]: v for k, v in found.items() if k[1]}
    villages = {v[2] for v in found.values()}
    if actor is not None:
        for code in sorted(villages):
            check_can(actor, Cap.WRITE_REGISTRY, code)
    placed = [(key, listed, by_id.get(key[1]) if key[1] else found.get(key))
              for key, listed in periods.items()]
    pks = [m[0] for _k, _l, m in placed if m is not None]
    _check_period_years(placed, pks)
    had: dict[int, int] = {}
    for start in range(0, len(pks), 2000):
        part = pks[start:start + 2000]
        for pk in WorkPeriod.objects.filter(member_id__in=part).values_list("member_id", flat=True):
            had[pk] = had.get(pk, 0) + 1
        WorkPeriod.objects.filter(member_id__in=part).delete()
    events: dict[int, tuple[str, dict[str, Any]]] = {}
    new: list[dict[str, Any]] = []
    for key, listed, member in placed:
        if member is None:
            continue
        pk, hh, village, name = member
        new += [{"member_id": pk, **p} for p in listed]
        label = f"{name} {mask_id(key[1])}" if key[1] else name
        events.setdefault(hh, (village, {}))[1][label] = {
            WORK_PERIODS_KEY: [had.get(pk, 0), len(listed)]}
    now = timezone.now()
    fastdb.insert(fastdb.Table(WorkPeriod), new, now)       # bulk, as the households
    note = note or ("命令行导入" if actor is None else "导入")
    who = getattr(actor, "pk", None)
    fastdb.insert(fastdb.Table(AuditEvent), ({
        "actor_id": who, "action": "registry.import.work_periods",
        "object_type": "registry.household", "object_id": str(hh), "region_code": village,
        "diff": sanitise({"members": diff}), "note": note, "at": now}
        for hh, (village, diff) in sorted(events.items())), now)
    return len(new)


def _check_period_years(placed: list[tuple[Any, list[dict[str, Any]], Any]],
                        pks: list[int]) -> None:
    """The approval lock of every year touched by a period a member gains or loses, as a form
    edit checks it (`period_actions`): periods the file leaves as they are check nothing, so a
    county's monthly re-import is not refused for an approved year it does not change."""
    from jianpin.registry.models import WorkPeriod
    from jianpin.registry.period_actions import years_of

    def key(p: dict[str, Any]) -> tuple[Any, ...]:
        return tuple("" if p.get(k) is None else p.get(k) for k in WORK_PERIOD)

    had: dict[int, Counter[tuple[Any, ...]]] = {}
    for start in range(0, len(pks), 2000):
        for p in WorkPeriod.objects.filter(member_id__in=pks[start:start + 2000]).values(
                "member_id", *WORK_PERIOD):
            had.setdefault(p.pop("member_id"), Counter())[key(p)] += 1
    at = WORK_PERIOD.index("start"), WORK_PERIOD.index("end")
    today = timezone.localdate()
    years: dict[int, set[str]] = {}
    for _key, listed, member in placed:
        if member is None:
            continue
        old, new = had.get(member[0], Counter()), Counter(map(key, listed))
        for p in ((old - new) + (new - old)):
            for year in years_of(p[at[0]] or None, p[at[1]] or None, today):
                years.setdefault(year, set()).add(member[2])
    for year, where in sorted(years.items()):
        check_unlocked_villages(where, dt.date(year, 12, 31))


def _fact_fields() -> list[str]:
    from jianpin.registry.models import VillageFacts

    return [f.name for f in VillageFacts._meta.fields
            if f.name not in ("id", "village", "year", "updated_at")]


def check_village_facts(actor: Actor | None, year: int, village_codes: set[str]) -> None:
    """Raise unless actor may write these villages' figures for year: area, and the approval
    locks of that year (a village's yearly figures are locked as its incomes of the year are,
    `do_record_income`). A preview runs it too, so a locked file is refused before commit."""
    if actor is not None:
        for code in sorted(village_codes):
            check_can(actor, Cap.WRITE_REGISTRY, code)
    check_unlocked_villages(village_codes, dt.date(int(year), 12, 31))


def do_import_village_facts(actor: Actor | None, year: int, rows: dict[str, dict[str, Any]],
                            *, note: str = "") -> int:
    """Store the 行政村信息 figures of a county workbook for a year: village code → values
    (blank cells absent: they change nothing). One audit event per village changed; `actor`
    None is the command line without a user. The caller holds the transaction."""
    from jianpin.regions.models import Region
    from jianpin.registry.models import VillageFacts

    if not rows:
        return 0
    fields = _fact_fields()
    check_village_facts(actor, year, set(rows))
    unknown = set(rows) - set(Region.objects.filter(code__in=rows, level=5)
                              .values_list("code", flat=True))
    if unknown:
        raise DomainError("village_unknown", gettext("不是行政村的区划代码：%(code)s")
                          % {"code": sorted(unknown)[0]})
    stored = {f.village_id: f for f in VillageFacts.objects.select_for_update().filter(
        village_id__in=rows, year=year)}
    changed = 0
    for code, values in sorted(rows.items()):
        row = stored.get(code) or VillageFacts(village_id=code, year=year)
        before = {} if row.pk is None else snapshot(row, fields)
        diff = {k: v for k, v in values.items() if k in fields and getattr(row, k) != v}
        if row.pk is not None and not diff:
            continue
        for name, value in diff.items():
            setattr(row, name, value)
        row.save()
        changed += 1
        record(actor, "registry.village_facts.import", row, region_code=code, note=note,
               diff={"year": int(year), "before": before, "after": snapshot(row, fields)})
    return changed


@transaction.atomic
def do_start_import(actor: Actor, *, path: Path, file_name: str, sha256: str, size: int,
                    layout: str = "", year: int | None = None,
                    mode: str = NORMAL, warn_held: bool = False) -> ImportBatch:
    """Record an uploaded file and queue its preview."""
    check_import_mode(actor, mode)
    check_warn_held(actor, warn_held)
    batch = ImportBatch.objects.create(
        owner=saved_user(actor), region_code=region_code(actor), file_name=file_name[:255],
        sha256=sha256, size=size, stored_path=str(path), layout=layout, year=year,
        status=BatchStatus.CHECKING, summary={"mode": mode, "warn_held": warn_held})
    batch.job = enqueue(PREVIEW_JOB, {"batch": batch.pk}, actor)
    batch.save(update_fields=["job"])
    record(actor, "registry.import.upload", batch, region_code=batch.region_code,
           diff={"file": batch.file_name, "sha256": sha256, "size": size, "mode": mode,
                 "warn_held": warn_held})
    return batch


@transaction.atomic
def do_confirm_import(actor: Actor, batch: ImportBatch) -> ImportBatch:
    """Claim a previewed batch for its commit and queue the commit (once, however often asked)."""
    mode = batch_mode(batch)
    check_import_mode(actor, mode)
    check_warn_held(actor, batch_warns_held(batch))
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.PREVIEWED).update(
        status=BatchStatus.COMMITTING)
    if not claimed:
        raise DomainError("not_confirmable", "该文件当前不能确认导入（可能已导入或存在错误）")
    batch.job = enqueue(COMMIT_JOB, {"batch": batch.pk}, actor)
    ImportBatch.objects.filter(pk=batch.pk).update(job=batch.job)
    batch.status = BatchStatus.COMMITTING
    record(actor, "registry.import.confirm", batch, region_code=batch.region_code,
           diff={"file": batch.file_name, "mode": mode})
    return batch


@transaction.atomic
def do_cancel_import(actor: Actor, batch: ImportBatch) -> bool:
    """Ask the batch's running job to stop; False when there is none."""
    check_can(actor, Cap.IMPORT)
    if batch.job is None or batch.status not in (BatchStatus.CHECKING, BatchStatus.COMMITTING):
        return False        # nothing running: a finished batch is not "cancelled"
    request_cancel(batch.job)
    record(actor, "registry.import.cancel", batch, region_code=batch.region_code,
           diff={"file": batch.file_name})
    return True


def batch_mode(batch: ImportBatch) -> str:
    return str(batch.summary.get("mode") or NORMAL)


def batch_warns_held(batch: ImportBatch) -> bool:
    return bool(batch.summary.get("warn_held"))
