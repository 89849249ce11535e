"""The cold import's per-household Python stages, timed alone: the parse, the file's household
checks, the plan of a first load, the new households' audit diffs.

    .venv/bin/python bench/import_stages.py [--code DIR] [--repeat 3] [--file FILE]

Reads `bench/import.py`'s workbook once (rows held in memory), then times each stage `--repeat`
times in this process and prints the least CPU time of each, in ms. `--code DIR` runs another
revision's code instead, for instance the `var/bench-import/code-<rev>` that
`bench/import.py --against REV` exports; run the two alternately for a same-run comparison. The
plan reads an empty copy of the schema (`bench/import.py`'s set-up), nothing is written.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-import"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--code", default=str(ROOT))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--file", default=str(WORK / "national.xlsx"))
    args = p.parse_args()
    sys.path.insert(0, args.code)
    sys.path.insert(1, str(ROOT / "bench"))
    import importlib

    bi = importlib.import_module("import")
    db = WORK / f"stages-{os.getpid()}.sqlite3"
    try:
        bi.fresh_db(f"sqlite:///{db}")
        bi.setup_django(f"sqlite:///{db}")
        print(" ".join(f"{k} {v * 1000:.1f}" for k, v in stages(Path(args.file), args.repeat).items()))
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


def stages(path: Path, repeat: int) -> dict[str, float]:
    from django.utils import timezone

    from jianpin.registry import import_actions
    from jianpin.registry.io import commit, periods, plan, read, security, validate, villages, vocab

    sheets = list(read.open_sheets(path, security.check_file(path, path.name), path.name))
    rows = [list(s.rows) for s in sheets]
    gc.disable()                # as `service.run` runs
    out: dict[str, float] = {}

    def timed(label: str, work: Callable[[], object]) -> None:
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
        out[label] = best

    def parse() -> validate.Parsed:
        for sheet, held in zip(sheets, rows, strict=True):
            sheet.rows = iter(held)
        return validate.parse(sheets, None, vocab.added())

    parsed = parse()
    timed("parse", parse)
    today = timezone.localdate()
    timed("checks", lambda: [validate._check_household(validate.Parsed(), hh, today, False)
                             for hh in parsed.households.values()])
    periods.apply(parsed, 2025)
    villages.resolve(parsed, None)
    writable = import_actions.writable("normal")
    timed("plan", lambda: plan.build(parsed, None, 2025, True, writable, False))
    the_plan = plan.build(parsed, None, 2025, True, writable, False)
    for pk, hp in enumerate(the_plan.households, 1):
        hp.household.pk = pk
    timed("audit_diffs", lambda: [commit._new_diff(hp) for hp in the_plan.households])
    return out


if __name__ == "__main__":
    main()
