"""Import a file end to end: check, read, validate, plan, and (unless a dry run) commit.

`run()` is the one entry point for the command line, the background job and the tests.
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from jianpin.accounts.actors import region_code, saved_user
from jianpin.kernel.errors import DomainError
from jianpin.registry import import_actions, verification
from jianpin.registry.import_actions import NORMAL, check_import_mode, check_warn_held
from jianpin.registry.io import (
    checked,
    commit,
    crosscheck,
    headers,
    masked,
    periods,
    plan,
    read,
    security,
    sidesheets,
    sidewrite,
    validate,
    villages,
    vocab,
)
from jianpin.registry.io.layouts import MONITORING, NATIONAL, TEMPLATE
from jianpin.registry.io.models import BatchStatus, ImportBatch

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]   # phase, done, total
MAX_STORED_ERRORS = 20000
MAX_LISTED_CONFLICTS = 1000


@dataclass
class Outcome:
    file: str
    layout: str
    dry_run: bool
    year: int
    sha256: str = ""
    households: dict[str, int] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)
    incomes: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_rows: int = 0
    rows: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    committed: bool = False
    previously_imported: str = ""
    reused_preview: bool = False    # the file's own checks came from its preview
    mode: str = NORMAL
    # Differences in fields this mode may not change (status, monitoring kind ...): not applied.
    held: list[dict[str, Any]] = field(default_factory=list)
    held_count: int = 0
    # Households changed by someone else since the preview: not written.
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    unmapped: dict[str, Any] = field(default_factory=dict)   # columns with no home, and values
    # Held differences opening warnings (`Options.warn_held`): asked for, and what they did.
    warn_held: bool = False
    warnings: dict[str, int] = field(default_factory=dict)
    # What the other sheets change: work periods (new/removed/unchanged), village facts
    # (new/updated/unchanged/unmatched), and the 行政村信息 rows no village matched.
    side: dict[str, Any] = field(default_factory=dict)

    def contract(self) -> dict[str, Any]:
        """The JSON scripts rely on; keys beyond the documented ones are additions only."""
        return {"file": self.file, "layout": self.layout, "dry_run": self.dry_run,
                "year": self.year, "rows": self.rows, "committed": self.committed,
                "households": self.households, "members": self.members,
                "incomes": self.incomes, "errors": self.errors, "error_rows": self.error_rows,
                "unknown_columns": self.unknown_columns, "notes": self.notes,
                "sha256": self.sha256, "previously_imported": self.previously_imported,
                "reused_preview": self.reused_preview, "mode": self.mode, "held": self.held,
                "held_count": self.held_count, "conflicts": self.conflicts,
                "unmapped": {"columns": self.unmapped.get("columns", {}),
                             "rows": len(self.unmapped.get("rows", ())),
                             "whole_rows": len(self.unmapped.get("whole", ()))},
                "side": self.side, "warn_held": self.warn_held, "warnings": self.warnings}

    def summary(self) -> str:
        h, m = self.households, self.members
        verb = "预检" if self.dry_run else ("已导入" if self.committed else "未导入")
        return (f"{verb} {self.file}：农户 新增 {h.get('new', 0)} 更新 {h.get('updated', 0)} "
                f"未变 {h.get('unchanged', 0)}；成员 新增 {m.get('new', 0)} 更新 {m.get('updated', 0)} "
                f"未变 {m.get('unchanged', 0)}；错误 {len(self.errors)} 处（{self.error_rows} 行）"
                + (f"；未应用的户类型等差异 {self.held_count} 处" if self.held_count else "")
                + (f"；新开预警 {self.warnings.get('new', 0)} 条"
                   if self.warnings and self.held_count else "")
                + (f"；关闭预警 {self.warnings['resolved']} 条"
                   if self.warnings.get("resolved") else "")
                + (f"；预检后被他人修改而未导入 {len(self.conflicts)} 户" if self.conflicts else ""))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def detect(hm: headers.HeaderMap) -> str:
    """The project template carries division codes; national exports carry names, and the
    monitoring system's exports its own columns (risk elimination, identification month)."""
    if hm.has("meta.village_code") and not hm.has("meta.township_name"):
        return TEMPLATE
    if any(hm.has(k) for k in ("hh.risk_eliminated", "hh.monitoring_since", "hh.risk_1",
                               "hh.monitoring_kind")):
        return MONITORING
    return NATIONAL


def _read(path: Path, name: str, layout: str | None, progress: Progress) -> tuple[
        validate.Parsed, str]:
    check = security.check_file(path, name)
    sheets = list(read.open_sheets(path, check, name))
    if not sheets:
        raise DomainError("no_header", "未找到表头行：请确认表格中有“户编号”“姓名”“证件号码”"
                                       "“与户主关系”等列名")
    layout = layout or detect(next((s.header for s in sheets if s.header.has("m.relation")),
                                   sheets[0].header))
    members, side, skipped = _sort_sheets(sheets, layout)
    masked.refuse(members, csv_file=name if check.kind == "csv" else "")
    added = vocab.added()
    parsed = validate.parse(members, lambda n: progress("read", n, 0), added)
    crosscheck.apply(parsed, side, added)
    parsed.notes += skipped
    del sheets, members, side
    _release_memory()
    if check.formula_count:
        where = "、".join(f"{s}!{c}" for s, c in check.formulas[:5])
        parsed.notes.append(f"表中有 {check.formula_count} 个公式单元格（如 {where}），"
                            "已按公式的计算结果导入")
    return parsed, layout


def _sort_sheets(sheets: list[read.Sheet], layout: str) -> tuple[
        list[read.Sheet], list[tuple[str, read.Sheet]], list[str]]:
    """Member sheets (every required column), the monitoring system's other sheets (户信息,
    外出务工, 行政村: recognised by their headers, see `sidesheets`), and notes on sheets that
    are neither. With no member sheet, the first sheet's missing columns are the error."""
    usable, side, notes, first = [], [], [], None
    for sheet in sheets:
        try:
            headers.check_required(sheet.header, layout, sheet.name)
        except DomainError as exc:
            first = first or exc
            kind = sidesheets.classify(sheet.header, sheet.name)
            if kind is None:
                notes.append(f"{exc.message}，不是每人一行的成员表，该工作表未导入")
            else:
                side.append((kind, sheet))
        else:
            usable.append(sheet)
    if not usable:
        raise first or DomainError("no_header", "未找到表头行")
    return usable, side, notes


def _parsed(path: Path, name: str, layout: str | None, digest: str, dry_run: bool,
            progress: Progress) -> tuple[validate.Parsed, str, bool]:
    """The file's rows and its own checks: from its preview when the commit confirms the same
    bytes (see `checked`), else read now; a preview keeps what it read for the commit."""
    kept = None if dry_run else checked.load(digest, layout)
    if kept is not None:
        progress("read", kept[0].rows, 0)
        return kept[0], kept[1], True
    parsed, found = _read(path, name, layout, progress)
    if dry_run:
        checked.save(parsed, found, digest, layout)
    return parsed, found, False


def _release_memory() -> None:
    """Hand the workbook reader's freed memory back to the system before planning, so the
    peak is the larger of reading and planning rather than their sum (glibc only)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """An import builds millions of small objects without reference cycles; the cyclic
    garbage collector would walk all of them again and again as they accumulate. The switch
    is process-wide: cycles other threads make meanwhile are collected once it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Options:
    """How to write: the mode (`import_actions.MODES`), whether held differences open warnings
    (`import_actions.do_warn_held`; None: if the actor may open them), households per write
    batch, and a callback after each batch (kill-safety tests stop the process there)."""

    mode: str = NORMAL
    warn_held: bool | None = None
    step: int = commit.STEP
    after_chunk: Callable[[int], None] | None = None


def run(path: Path, *, name: str = "", user: Actor | None = None, layout: str | None = None,
        year: int | None = None, dry_run: bool = True, batch: ImportBatch | None = None,
        progress: Progress | None = None, options: Options = Options()) -> Outcome:
    """Check and (unless dry_run or errors) commit; raises DomainError for unusable files
    and for imports a rule refuses (area, lock, mode), before anything is written."""
    with _collector_paused():
        return _run(path, name=name, user=user, layout=layout, year=year, dry_run=dry_run,
                    batch=batch, progress=progress, options=options)


def _run(path: Path, *, name: str, user: Actor | None, layout: str | None, year: int | None,
         dry_run: bool, batch: ImportBatch | None, progress: Progress | None,
         options: Options) -> Outcome:
    check_import_mode(user, options.mode)
    warn = import_actions.may_warn_held(user) if options.warn_held is None else options.warn_held
    check_warn_held(user, warn)
    progress = progress or (lambda phase, done, total: None)
    given_year = year
    year = year or timezone.localdate().year - 1     # incomes are recorded for the last full year
    name = name or path.name
    digest = sha256_of(path)
    parsed, layout, reused = _parsed(path, name, layout, digest, dry_run, progress)
    file_years = {hh.meta["year"] for hh in parsed.households.values() if hh.meta.get("year")}
    if given_year is None and len(file_years) == 1:
        year = file_years.pop()
    periods.apply(parsed, year)
    out = Outcome(file=name, layout=layout, dry_run=dry_run, year=year, sha256=digest,
                  rows=parsed.rows, unknown_columns=parsed.unknown_columns, notes=parsed.notes,
                  reused_preview=reused, mode=options.mode, warn_held=warn,
                  unmapped={"columns": parsed.unmapped_columns, "rows": parsed.unmapped_rows,
                            "sheets": parsed.side.get("sheets", {})})
    earlier = ImportBatch.objects.filter(sha256=digest, status=BatchStatus.COMMITTED).first()
    if earlier is not None:
        out.previously_imported = timezone.localtime(earlier.committed_at).strftime("%Y-%m-%d %H:%M")
    if dry_run:
        preview, side_plan = _plan(parsed, user, year, out, options.mode, keep=False)
        if not out.errors:
            import_actions.check_import(user, preview, options.mode)
            import_actions.check_village_facts(user, side_plan.year, set(side_plan.villages))
        if batch is not None and not out.errors:
            checked.save_versions(batch.pk, preview.versions)
        return out
    try:
        with transaction.atomic():
            the_plan, side = _plan(parsed, user, year, out, options.mode, every_held=warn)
            if out.errors:
                return out
            total = sum(len(hp.source.members) for hp in the_plan.households if hp.changed)
            progress("commit", 0, total)
            written = import_actions.do_import_households(
                user, the_plan, mode=options.mode,
                note=f"导入批次 {batch.pk}" if batch else "",
                seen=checked.load_versions(batch.pk) if batch else None,
                progress=lambda done: progress("commit", done, total), step=options.step,
                after_chunk=options.after_chunk)
            _conflicts(out, written.conflicts)
            note = f"导入批次 {batch.pk}" if batch else ""
            stale = {hp.source.number for hp in written.conflicts}   # not written: nor theirs
            import_actions.do_import_work_periods(
                user, {k: v for k, v in side.periods.items() if k[0] not in stale}, note=note)
            import_actions.do_import_village_facts(user, side.year, side.villages, note=note)
            recorded = _record(out, user, batch)
            if warn and the_plan.every_held is not None:
                # what the file gives per household and member: an agreeing file closes
                # open warnings
                given = {n: hh.vals.keys() for n, hh in parsed.households.items()}
                out.warnings = import_actions.do_warn_held(
                    user, the_plan.every_held, year=year, note=f"导入批次 {recorded.pk}",
                    batch=f"{recorded.pk}（{recorded.file_name}）", given=given,
                    members={n: hh.members for n, hh in parsed.households.items()})
                if any(out.warnings.values()):
                    recorded.summary = out.contract() | {"errors": []}
                    recorded.save(update_fields=["summary"])
            out.committed = True
        checked.discard(digest)
        if batch is not None:
            checked.discard_versions(batch.pk)
    except (IntegrityError, OperationalError) as exc:
        if isinstance(exc, OperationalError) and not _contention(exc):
            raise
        log.warning("import of %s clashed with another write; rolled back", name, exc_info=True)
        raise DomainError("conflict", "导入时数据已被其他操作修改（例如同时导入了含相同身份证号的文件），"
                                      "本次导入未写入任何数据，请重新导入") from None
    return out


def _contention(exc: OperationalError) -> bool:
    """Deadlocks, serialisation failures and lock time-outs: another import got there first."""
    text = str(exc).lower()
    return any(w in text for w in ("deadlock", "could not serialize", "database is locked",
                                   "lock timeout"))


def _plan(parsed: validate.Parsed, user: Actor | None, year: int, out: Outcome, mode: str,
          keep: bool = True, every_held: bool = False) -> tuple[plan.Plan, sidewrite.SidePlan]:
    villages.resolve(parsed, user)
    the_plan = plan.build(parsed, user, year, keep, import_actions.writable(mode), every_held)
    side = sidewrite.plan(parsed, user, year)
    out.side = {**side.counts, "unmatched": side.unmatched[:MAX_LISTED_CONFLICTS]} \
        if side.counts else {}
    out.unmapped["whole"] = side.whole
    if user is not None and parsed.verifications:
        verification.do_request_for_import(user, parsed.verifications)
    counts = the_plan.counts()
    out.households, out.members, out.incomes = (counts["households"], counts["members"],
                                                counts["incomes"])
    out.held, out.held_count = the_plan.held, the_plan.held_count
    order = {s: i for i, s in enumerate(parsed.headers)}
    out.errors = sorted(parsed.errors, key=lambda e: (order.get(e["sheet"], 0), e["row"]))
    out.error_rows = len(parsed.error_rows)
    return the_plan, side


def _conflicts(out: Outcome, conflicts: list[plan.HouseholdPlan]) -> None:
    """Take households not written (changed since the preview) out of the counts; list them."""
    for hp in conflicts:
        out.households["new" if hp.household.new else "updated"] -= 1
        for _, change in hp.members:
            out.members[change.state] -= 1
        if hp.income is not None:
            out.incomes[hp.income.state] -= 1
        if len(out.conflicts) < MAX_LISTED_CONFLICTS:
            out.conflicts.append({
                "number": hp.source.number, "sheet": hp.source.sheet, "row": hp.source.row,
                "message": f"户编号 {hp.source.number} 在预检之后已被修改（如在页面上编辑了成员），"
                           "本次未导入该户，以免覆盖他人的修改；请核对后重新上传预检"})


def _record(out: Outcome, user: Actor | None, batch: ImportBatch | None) -> ImportBatch:
    """Record the committed file (hash, counts) inside the import's own transaction."""
    batch = batch or ImportBatch(owner=saved_user(user), region_code=region_code(user),
                                 file_name=out.file, sha256=out.sha256)
    batch.status = BatchStatus.COMMITTED
    batch.layout, batch.year = out.layout, out.year
    batch.summary = out.contract() | {"errors": []}
    batch.committed_at = timezone.now()
    batch.save()
    sidewrite.keep(batch, out.unmapped)
    return batch
