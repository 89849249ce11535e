"""Warnings of an import's held differences in bulk (issue 11): this checkout against another git
revision (default main), alternating, on SQLite and PostgreSQL, CPU seconds per phase.

    .venv/bin/python bench/import_held.py [--households 5000] [--against main] [--rounds 2]
        [--pg URL] [--no-pg] [--no-sqlite]

A database with N generated households (`registry.synth`) is prepared once; each run starts from a
copy of it and calls the screening app's `import_held_warnings` hook (what a committed import
calls, inside one transaction per phase) with two held differences per household (status and
monitoring kind: 2N warnings):

- open: none exists yet, 2N opened;
- same: the same differences again (nothing written);
- refresh: the file's values changed for every household (2N refreshed);
- close: a file that agrees on both (no difference held, the fields given): 2N closed. The older
  code has no such step (it never closes a warning), so this phase has no ratio.

Prints one JSON line per run and the median CPU ratio (other / this) per phase; on PostgreSQL also
the server backend's CPU (from /proc: the server must run on this machine).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import importlib  # noqa: E402

bi = importlib.import_module("import")     # the import bench's helpers (cpu, revisions, copies)
ab = importlib.import_module("import_ab")

PHASES = ("open", "same", "refresh", "close")
COUNTY = "441424000000"


def _held(numbers: list[str], kind: str) -> list[dict]:
    out = []
    for n in numbers:
        out.append({"number": n, "field": "status", "member": "", "stored": "一般农户",
                    "file": "脱贫户" if kind == "open" else "贫困户"})
        out.append({"number": n, "field": "monitoring_kind", "member": "", "stored": "",
                    "file": "边缘易致贫户" if kind == "open" else "突发严重困难户"})
    return out


def run_child(url: str, households: int, seed_only: bool) -> dict:
    bi.setup_django(url)
    from django.apps import apps
    from django.db import transaction

    from jianpin.registry.models import Household

    if seed_only:
        from jianpin.registry import synth

        synth.generate(households, COUNTY, seed=441424)
        return {"households": Household.objects.count()}
    hook = apps.get_app_config("screening").import_held_warnings
    closes = _has_given()
    numbers = list(Household.objects.order_by("number").values_list("number", flat=True))
    given = {n: ("status", "monitoring_kind", "head_name") for n in numbers}
    out: dict = {"households": len(numbers)}
    for phase in PHASES:
        if phase == "close" and not closes:
            continue
        held = [] if phase == "close" else _held(numbers, "refresh" if phase == "refresh" else "open")
        kw = {"given": given} if closes else {}
        b0 = bi.backend_cpu()
        t0, c0 = time.perf_counter(), bi.cpu()
        with transaction.atomic():
            counts = hook(None, held, batch=f"{phase}（bench.xlsx）", year=2025, note=phase, **kw)
        secs, cpu_s = time.perf_counter() - t0, bi.cpu() - c0
        b1 = bi.backend_cpu() if b0 is not None else None
        more = {} if b0 is None or b1 is None or b0[0] != b1[0] else \
            {"backend_cpu_s": round(b1[1] - b0[1], 2)}
        out[phase] = {"cpu_s": round(cpu_s, 3), "seconds": round(secs, 3), **more,
                      "counts": counts}
    return out


def _has_given() -> bool:
    try:
        from jianpin.screening import import_held_store  # noqa: F401
    except ImportError:
        return False
    return True


def child(url: str, households: int, code: Path | None, seed: bool = False) -> dict:
    import subprocess

    args = [sys.executable, __file__, "--child", "--url", url, "--households", str(households)]
    args += (["--seed"] if seed else []) + (["--code", str(code)] if code else [])
    out = subprocess.run(args, capture_output=True, text=True, cwd=code or bi.ROOT)
    if out.returncode != 0:
        raise SystemExit(f"child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--households", type=int, default=5000)
    p.add_argument("--against", default="main")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_bench_held")
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--no-sqlite", action="store_true")
    p.add_argument("--child", action="store_true")
    p.add_argument("--seed", action="store_true")
    p.add_argument("--url", default="")
    p.add_argument("--code", default=None)
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_child(args.url, args.households, args.seed), ensure_ascii=False))
        return
    bi.WORK.mkdir(parents=True, exist_ok=True)
    other = bi.export_revision(args.against)
    urls = ([] if args.no_sqlite else [f"sqlite:///{bi.WORK / 'held.sqlite3'}"]) + \
        ([] if args.no_pg else [args.pg])
    for url in urls:
        engine = url.split(":")[0]
        bi.fresh_db(url)
        print(engine, "seeded", child(url, args.households, None, seed=True), flush=True)
        template = ab.prepare_from(url)
        runs: dict[str, list[dict]] = {"this": [], "other": []}
        for _ in range(args.rounds):
            for who, code in (("this", None), ("other", other)):
                ab.fresh_copy(url, template)
                r = child(url, args.households, code)
                runs[who].append(r)
                print(engine, who, json.dumps(r, ensure_ascii=False), flush=True)
        for phase in PHASES:
            line = [f"{engine} {phase}:"]
            for key in ("cpu_s", "backend_cpu_s"):
                got = {who: [r[phase][key] for r in rs if phase in r and key in r[phase]]
                       for who, rs in runs.items()}
                if not got["this"]:
                    continue
                mine = statistics.median(got["this"])
                line.append(f"{key} this {mine:.3f}")
                if got["other"]:
                    base = statistics.median(got["other"])
                    line.append(f"{other.name} {base:.3f} (ratio {base / max(mine, 1e-9):.2f}x)")
            print(" ".join(line), flush=True)


if __name__ == "__main__":
    main()
