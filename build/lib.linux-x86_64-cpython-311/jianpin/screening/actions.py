"""Writes of the screening app: runs, warnings and their triage, rules edited in the UI."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.jobs.models import Job
from jianpin.jobs.runner import enqueue
from jianpin.kernel.errors import DomainError
from jianpin.regions.models import Region
from jianpin.regions.scoping import scope
from jianpin.rules.errors import RuleError
from jianpin.rules.ruleset import build_rule, canonical
from jianpin.screening import service
from jianpin.screening.models import (
    TRANSITIONS,
    RuleRecord,
    RunStatus,
    ScreeningRun,
    Warning,
    WarningState,
)
from jianpin.screening.store import Stored, store_warnings

if TYPE_CHECKING:
    from jianpin.screening.engines.spark_run import SparkOptions


def _area(actor: Any, area_code: str | None) -> str:
    code = area_code or getattr(actor, "region_id", None) or ""
    if code and not Region.objects.filter(code=code).exists():
        raise DomainError("region_unknown", gettext("区划代码不存在：%(code)s") % {"code": code})
    return str(code)


@transaction.atomic
def do_start_screening(actor: Any, *, rule_set: str, year: int, area_code: str | None = None,
                       engine: str | None = None) -> ScreeningRun:
    """Queue a screening run of the actor's area (or a sub-area) as a background job."""
    code = _area(actor, area_code)
    check_can(actor, Cap.RUN_SCREENING, code or None)
    if not code and not getattr(actor, "is_national", False):
        raise DomainError("forbidden", gettext("请选择筛查区域"))
    name = service.check_engine(engine or service.default_engine())
    service.load_rules(rule_set)  # refuse unknown sets before queueing
    run = ScreeningRun.objects.create(rule_set=canonical(rule_set), year=year,
                                      area_code=code, engine=name, started_by=actor)
    run.job = enqueue("screening.run", {"run": run.pk}, owner=actor)
    run.save(update_fields=["job"])
    record(actor, "screening.run.start", run, region_code=code,
           diff={"rule_set": run.rule_set, "year": year, "engine": name})
    return run


@transaction.atomic
def start_scheduled(area_code: str, year: int) -> Job:
    """Queue a screening of a county for its schedule (jianpin.jobs.schedules): no user acts,
    the officer who set the schedule is in its audit trail."""
    name = service.default_engine()
    run = ScreeningRun.objects.create(rule_set="default", year=year, area_code=area_code,
                                      engine=name)
    run.job = enqueue("screening.run", {"run": run.pk})
    run.save(update_fields=["job"])
    record(None, "screening.run.start", run, region_code=area_code,
           diff={"rule_set": run.rule_set, "year": year, "engine": name}, note="计划任务")
    return run.job


def execute_run(run: ScreeningRun, progress: service.Progress | None = None, *,
                full: bool = False, spark: SparkOptions | None = None) -> service.Result:
    """Run a queued screening and store its warnings (called by the job and the CLI).

    Only households whose inputs changed since their last run are screened unless `full`.
    """
    ScreeningRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        result = service.screen(rule_set=run.rule_set, year=run.year,
                                area_code=run.area_code or None, engine=run.engine,
                                progress=progress, full=full, spark=spark)
    except Exception as exc:
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc), finished_at=timezone.now())
        raise
    try:
        store_results(run, result)
    finally:
        result.close()
    return result


Writer = Callable[..., Stored]


@transaction.atomic
def store_results(run: ScreeningRun, result: service.Result, *,
                  writer: Writer = store_warnings) -> int:
    """Store the run's warnings set-based, finish the run and audit it with the counts.

    The run's hits count every active warning it stands behind, also those an incremental
    run carried over from households it did not screen again.
    """
    stored = writer(run, result, result.rescreened)
    hits = stored.new + stored.unchanged
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, households_screened=result.households_screened,
        hits=hits, new_warnings=stored.new, seconds=round(result.seconds, 3),
        finished_at=timezone.now(), mark=result.mark, basis=result.basis,
        reference_date=result.reference)
    rescreened = (result.households_screened if result.rescreened is None
                  else len(result.rescreened))
    record(run.started_by, "screening.run.finish", run, region_code=run.area_code,
           diff={"households": result.households_screened, "rescreened": rescreened,
                 "hits": hits, "new": stored.new, "updated": stored.unchanged,
                 "inactive": stored.resolved})
    return stored.new


def execute_queued(run_pk: int, spark: SparkOptions | None = None) -> ScreeningRun:
    """Execute a queued run (a Spark run's child process); a finished run is left alone."""
    run = ScreeningRun.objects.get(pk=run_pk)
    if run.status == RunStatus.QUEUED:
        execute_run(run, spark=spark)
        run.refresh_from_db()
    return run


def run_now(*, rule_set: str | None, year: int, area_code: str | None,
            engine: str | None, full: bool = False,
            spark: SparkOptions | None = None) -> tuple[ScreeningRun, service.Result]:
    """Screen synchronously without a user (the CLI); warnings are stored as usual."""
    name = service.check_engine(engine or service.default_engine())
    if area_code and not Region.objects.filter(code=area_code).exists():
        raise DomainError("region_unknown", gettext("区划代码不存在：%(code)s") % {"code": area_code})
    run = ScreeningRun.objects.create(rule_set=canonical(rule_set), year=year,
                                      area_code=area_code or "", engine=name)
    started = time.perf_counter()
    result = execute_run(run, full=full, spark=spark)
    result.seconds = time.perf_counter() - started
    return run, result


def _transition(actor: Any, warning: Warning, target: str, reason: str = "") -> Warning:
    check_can(actor, Cap.TRIAGE_WARNINGS, warning.village_code)
    locked = Warning.objects.select_for_update().get(pk=warning.pk)
    if target not in TRANSITIONS[locked.state]:
        raise DomainError("warning_state", gettext("预警当前状态为“%(state)s”，不能改为“%(target)s”")
                          % {"state": locked.get_state_display(),
                             "target": WarningState(target).label})
    return _apply(actor, locked, target, reason)


def _apply(actor: Any, locked: Warning, target: str, reason: str, note: str = "") -> Warning:
    """Write one checked transition of a locked warning and its audit event."""
    before = locked.state
    locked.state, locked.handled_by, locked.handled_at = target, actor, timezone.now()
    locked.reason = reason or locked.reason
    locked.save(update_fields=["state", "handled_by", "handled_at", "reason"])
    record(actor, f"screening.warning.{target}", locked, region_code=locked.village_code,
           diff={"state": [before, target], **({"reason": reason} if reason else {})}, note=note)
    return locked


@transaction.atomic
def do_acknowledge(actor: Any, warning: Warning) -> Warning:
    return _transition(actor, warning, WarningState.ACKNOWLEDGED)


@transaction.atomic
def do_dismiss(actor: Any, warning: Warning, reason: str) -> Warning:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise DomainError("reason_required", gettext("排除预警必须填写理由"))
    return _transition(actor, warning, WarningState.DISMISSED, reason[:1000])


BULK_MAX = 500  # warnings in one bulk request (more than a page of the largest page size)


@dataclass(frozen=True)
class BulkResult:
    done: int     # warnings changed (one audit event each)
    skipped: int  # selected but not in a state that allows the change
    missing: int  # not found, or outside the actor's area (not told apart)


@transaction.atomic
def do_bulk_triage(actor: Any, warning_ids: Iterable[int], target: str,
                   reason: str = "") -> BulkResult:
    """Acknowledge or dismiss many warnings at once, each as its single action would."""
    check_can(actor, Cap.TRIAGE_WARNINGS)
    if target not in (WarningState.ACKNOWLEDGED, WarningState.DISMISSED):
        raise DomainError("warning_state", gettext("批量操作只能确认或排除预警"))
    reason = (reason or "").strip()
    if target == WarningState.DISMISSED and len(reason) < 2:
        raise DomainError("reason_required", gettext("排除预警必须填写理由"))
    ids = sorted(set(warning_ids))
    if not ids:
        raise DomainError("nothing_selected", gettext("请先勾选预警"))
    if len(ids) > BULK_MAX:
        raise DomainError("too_many", gettext("一次最多处理%(n)s条预警") % {"n": BULK_MAX})
    rows = list(scope(actor, Warning.objects.select_for_update(), "village_code")
                .filter(pk__in=ids).order_by("pk"))
    done = 0
    for locked in rows:
        if target in TRANSITIONS[locked.state]:
            _apply(actor, locked, target, reason[:1000], note="批量处理")
            done += 1
    return BulkResult(done=done, skipped=len(rows) - done, missing=len(ids) - len(rows))


@transaction.atomic
def do_open_case(actor: Any, warning: Warning) -> Warning:
    """Mark the warning as turned into an identification case (the case itself comes later)."""
    return _transition(actor, warning, WarningState.CASE_OPENED)


@transaction.atomic
def do_save_rule(actor: Any, *, set_code: str, data: dict[str, Any]) -> RuleRecord:
    """Create or change a UI rule; a bad condition is refused with its position in Chinese.

    Rules apply to every area, so only national administrators may change them.
    """
    check_can(actor, Cap.EDIT_RULES)
    try:
        rule = build_rule(data)
    except RuleError as exc:
        raise DomainError("bad_rule", exc.message) from None
    fields = {"set_code": set_code, "name": rule.name, "severity": rule.severity,
              "category": rule.category, "flag": rule.flag, "condition": rule.condition,
              "enabled": bool(data.get("enabled", True)), "updated_by": actor}
    row, created = RuleRecord.objects.update_or_create(code=rule.code, defaults=fields)
    record(actor, "screening.rule.create" if created else "screening.rule.change", row,
           diff={"code": rule.code, "set": set_code, "condition": rule.condition,
                 "enabled": row.enabled})
    return row
