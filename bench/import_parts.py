"""Where a cold commit's CPU goes, part by part, this checkout against another revision.

    .venv/bin/python bench/import_parts.py [--layout national|monitoring] [--against main]
        [--rounds 3]

SQLite only. Each run is a cold commit (no preview) of `bench/import.py`'s workbook into a copy
of one prepared database, in its own process, with a CPU clock (`time.process_time`) around
the parser (`validate.parse`), the planner (`plan.build`), the write phase (`commit.write`),
its four tables' steps and SQLite's inserts (`_fastdb._insert_many`, by table). The two
revisions alternate; the medians per part and their ratios (other / this) are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("parse", "plan", "write", "w_households", "w_members", "w_incomes", "w_audit",
         "insert", "total")


def child(code: str, template: str, file: str) -> dict[str, float]:
    sys.path.insert(0, code)
    db = template + ".run"
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    shutil.copy(template, db)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from jianpin.registry.io import _fastdb, checked, commit, plan, service, validate

    spent: dict[str, float] = {}

    def timed(module: object, name: str, label: str | None = None) -> None:
        inner = getattr(module, name)

        def run(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                key = label or name
                if key == "insert":
                    key = f"insert {args[1].name}"  # type: ignore[attr-defined]
                spent[key] = spent.get(key, 0.0) + time.process_time() - start
        setattr(module, name, run)

    timed(validate, "parse")
    timed(plan, "build", "plan")
    timed(commit, "write")
    for step in ("_households", "_members", "_incomes", "_audit"):
        timed(commit, step, "w" + step)
    timed(_fastdb, "_insert_many", "insert")
    path = Path(file)
    checked.discard(service.sha256_of(path))
    start = time.process_time()
    out = service.run(path, dry_run=False)
    spent["total"] = time.process_time() - start
    assert not out.errors, out.errors[:3]
    spent["insert"] = sum(v for k, v in spent.items() if k.startswith("insert "))
    return {k: round(v, 3) for k, v in spent.items()}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layout", choices=("national", "monitoring"), default="national")
    p.add_argument("--against", default="main")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--child", nargs=3, metavar=("CODE", "TEMPLATE", "FILE"))
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    sys.path.insert(0, str(HERE))
    import importlib

    bi = importlib.import_module("import")
    file = str(bi.WORK / f"{args.layout}.xlsx")
    template = bi.WORK / "parts.sqlite3"
    bi.fresh_db(f"sqlite:///{template}")
    codes = {"this": str(bi.ROOT), "other": str(bi.export_revision(args.against))}
    runs: dict[str, list[dict[str, float]]] = {"this": [], "other": []}
    for _ in range(args.rounds):
        for name, code in codes.items():
            out = subprocess.run([sys.executable, __file__, "--child", code, str(template), file],
                                 capture_output=True, text=True, cwd=code, check=True)
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(name, json.dumps(runs[name][-1]), flush=True)
    keys = [k for k in PARTS if k in runs["this"][0]] + sorted(
        k for k in runs["this"][0] if k.startswith("insert "))
    print(f"{'part':32} {'this':>7} {'other':>7} {'ratio':>6}")
    for k in keys:
        mine = statistics.median(r.get(k, 0.0) for r in runs["this"])
        theirs = statistics.median(r.get(k, 0.0) for r in runs["other"])
        print(f"{k:32} {mine:7.3f} {theirs:7.3f} {theirs / mine if mine else 0:6.2f}")


if __name__ == "__main__":
    main()
