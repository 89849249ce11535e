"""Whole screening runs timed by phase, in wall and CPU seconds, against an earlier commit.

    .venv/bin/python bench/screening_phases.py --db screening-e2e-20000-x200000 \\
        --engines sqlite,duckdb [--baseline 6f6b510] [--area 441424000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python \\
        bench/screening_phases.py --engines duckdb --area 441400000000

Runs against a database built by `screening.py --copies-to N` (SQLite under var/bench) or
`screening_province.py --prepare` (PostgreSQL). For each engine, in one process per code
version (this tree, and the --baseline commit extracted into a temporary folder, both
importing their own `jianpin`): a full run (warnings already stored: a re-run), an incremental
run with nothing changed, an incremental run after 1% of households got a new income, and a
full run after it, which must leave the same warnings (checked; all rolled back). Prints each
run's wall and CPU seconds (process; PostgreSQL's backend CPU beside it), its phases, and
the process's peak resident memory (VmHWM). Each figure is shown as soon as the child prints it,
so a run that fails late keeps the figures before the failure.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = ("re-run", "incremental, none changed", "incremental, 1% changed", "full after 1%")


def emit(label: str, result: dict[str, Any]) -> None:
    print(json.dumps({"label": label, **result}), flush=True)


def child(engine: str, area: str, db: str, rerun_only: bool = False,
          short: bool = False, skip_rerun: bool = False) -> None:
    """In the child: import this root's jianpin, time the runs, print JSON lines."""
    sys.path.insert(1, str(Path(__file__).resolve().parent))  # after the root's jianpin
    path = ROOT / "var" / "bench" / f"{db}.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{path}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from screening_e2e import one_run

    from jianpin.screening import actions
    from jianpin.screening.models import Warning

    store = actions.store_results

    if not Warning.objects.filter(year=2025).exists():
        emit("first", one_run(engine, store, area=area))
    if not skip_rerun:
        emit(RUNS[0], one_run(engine, store, area=area))
    if not rerun_only:
        _changes(engine, store, area, short)
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(x.split()[1]) / 1024 for x in status if x.startswith("VmHWM:"))
    print(json.dumps({"label": "peak", "peak_mb": peak}), flush=True)


def _changes(engine: str, store: Any, area: str, short: bool) -> None:
    """Incremental runs, 1% changed, and the full run that must agree (rolled back); `short`
    leaves out the run with nothing changed and the full run after."""
    from django.db import transaction
    from screening_e2e import change_one_percent, one_run, warnings_state

    with transaction.atomic():
        if not short:
            emit(RUNS[1], one_run(engine, store, full=False, area=area))
        changed = change_one_percent()
        emit(RUNS[2], {**one_run(engine, store, full=False, area=area), "changed": changed})
        if not short:
            after = warnings_state()
            emit(RUNS[3], one_run(engine, store, area=area))
            assert warnings_state() == after, "incremental and full runs differ"
        transaction.set_rollback(True)


def run_child(root: Path, engine: str, area: str, db: str, rerun_only: bool = False,
              short: bool = False, skip_rerun: bool = False,
              database_url: str = "") -> Iterator[dict[str, Any]]:
    """Start the child and yield each figure the moment it prints it: a child that fails
    late has handed over every figure before the failure (its error output follows)."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONWARNINGS": "ignore"}
    if database_url:  # the baseline's own copy of the data (its schema differs)
        env["DATABASE_URL"] = database_url
    with tempfile.TemporaryFile("w+") as err, subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", engine,
             "--area", area, "--db", db, "--root", str(root),
             *(["--rerun-only"] if rerun_only else []),
             *(["--short"] if short else []),
             *(["--skip-rerun"] if skip_rerun else [])],
            stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=root) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("{"):
                yield json.loads(line)
        if proc.wait() != 0:
            err.seek(0)
            raise SystemExit(f"{root} {engine} failed:\n{err.read()[-3000:]}")


def show(version: str, engine: str, rows: Iterable[dict[str, Any]]) -> None:
    for r in rows:
        if r["label"] == "peak":
            print(f"{version:<10}{engine:<8}peak resident memory {r['peak_mb']:.0f} MB", flush=True)
            continue
        wall = " ".join(f"{k} {v:.2f}" for k, v in r["phases"].items() if k != "start")
        cpu = " ".join(f"{k} {v:.2f}" for k, v in r["cpu_phases"].items() if k != "start")
        print(f"{version:<10}{engine:<8}{r['label']:<27}{r['total']:>8.2f}{r['cpu']:>8.2f}"
              f"{r['server_cpu']:>8.2f}{r['rescreened']:>9}{r['hits']:>8}\n"
              f"{'':<18}wall: {wall}\n{'':<18}cpu:  {cpu}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,duckdb")
    parser.add_argument("--area", default="441424000000")
    parser.add_argument("--db", default="screening-e2e-20000-x200000")
    parser.add_argument("--baseline", default="")
    parser.add_argument("--baseline-rerun-only", action="store_true",
                        help="the baseline times only the full re-run (slow at scale)")
    parser.add_argument("--rerun-only", action="store_true")
    parser.add_argument("--short", action="store_true",
                        help="only the re-run and the incremental run after 1%% changed")
    parser.add_argument("--skip-rerun", action="store_true",
                        help="child: straight to the incremental runs (warnings stored)")
    parser.add_argument("--baseline-database-url", default="",
                        help="run the baseline on this database (a copy with its schema)")
    parser.add_argument("--child")
    parser.add_argument("--root")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, args.root or str(ROOT))
        child(args.child, args.area, args.db, args.rerun_only, args.short, args.skip_rerun)
        return
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
          f"{os.getloadavg()[0]:.1f}, nproc {os.cpu_count()}", flush=True)
    print(f"{'version':<10}{'engine':<8}{'run':<27}{'wall s':>8}{'cpu s':>8}{'pg cpu':>8}"
          f"{'screened':>9}{'hits':>8}", flush=True)
    with tempfile.TemporaryDirectory(prefix="screening-base-") as tmp:
        base = Path(tmp)
        if args.baseline:  # the earlier commit's files, extracted (no checkout, no worktree)
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        for engine in args.engines.split(","):
            show("this", engine, run_child(ROOT, engine, args.area, args.db, short=args.short,
                                           skip_rerun=args.skip_rerun))
            if args.baseline:
                show(args.baseline[:8], engine, run_child(
                    base, engine, args.area, args.db, args.baseline_rerun_only, args.short,
                    args.skip_rerun, args.baseline_database_url))


if __name__ == "__main__":
    main()
