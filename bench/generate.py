"""Data generator benchmark: households per second into SQLite, PostgreSQL and Parquet.

    .venv/bin/python bench/generate.py --sizes 100000 --targets sqlite,parquet
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/generate.py \
        --sizes 100000 --targets postgres
    .venv/bin/python bench/generate.py --baseline 1000     # the earlier generator, same size
    .venv/bin/python bench/generate.py --sizes 1000000 --plain 100000 --targets sqlite,postgres

--plain N first loads N households with bulk mode off (indexes and constraints maintained
during the load: the earlier code path) and then in bulk mode, for a ratio measured in the
same run, before the --sizes runs.

Each case runs in a fresh process on an empty registry (SQLite: a new file under var/bench;
PostgreSQL: the registry tables of the given database are truncated first). Households are
spread over the villages of --area (default 梅州市, 2,269 villages, as shipped). The baseline
compares the earlier per-row demo generator with registry.synth on the demo county at a small
size, and screens both (default rule set, 2025) to show each gives the rules something to find.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTY = "441424000000"


def one(target: str, size: int, area: str, generator: str, screen: bool) -> dict[str, object]:
    """Run inside the child process: set up an empty registry, generate, time it."""
    from _django import setup

    if target == "sqlite":
        path = ROOT / "var" / "bench" / "generate.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    setup("generate")
    from django.core.management import call_command
    from django.db import connection

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import demo, synth

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=COUNTY).exists():
        loader.load_core()
    if target == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE registry_incomerecord, registry_member, registry_household, "
                           "screening_householdchange RESTART IDENTITY CASCADE")
    server = _server_cpu() if target == "postgres" else None
    start, cpu = time.monotonic(), time.process_time()
    if target == "parquet":
        counts = synth.write_parquet(size, area, ROOT / "var" / "bench" / "generate-parquet")
    elif generator == "old":
        counts = demo.generate(size, seed=441424)
    else:
        counts = synth.generate(size, area, bulk_mode=generator != "plain")
    seconds = time.monotonic() - start
    # CPU of this process (all its threads; not the PostgreSQL server's): the machine is shared,
    # so wall time alone says as much about the neighbours as about the generator.
    out: dict[str, object] = {"target": target, "generator": generator, "size": size,
                              "seconds": round(seconds, 2),
                              "cpu": round(time.process_time() - cpu, 2), **counts}
    if server is not None:
        out["server_cpu"] = round(_server_cpu() - server, 2)
    if screen:
        out.update(_screen())
    return out


def _server_cpu() -> float:
    """CPU seconds of this session's PostgreSQL backend (a server on this machine only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _screen() -> dict[str, object]:
    from collections import Counter

    from jianpin.screening.actions import run_now

    _, result = run_now(rule_set=None, year=2025, area_code=COUNTY, engine=None)
    per_rule = Counter(h.rule.code for h in result.hits)
    households = len({h.household_id for h in result.hits})
    return {"hits": len(result.hits), "households_hit": households, "per_rule": dict(per_rule)}


def spawn(target: str, size: int, area: str, generator: str = "synth", screen: bool = False) -> dict:
    env = dict(os.environ)
    argv = [sys.executable, __file__, "--child", target, str(size), area, generator]
    if screen:
        argv.append("--screen")
    done = subprocess.run(argv, env=env, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if "--child" in sys.argv:
        _, _, target, size, area, generator, *rest = sys.argv
        print(json.dumps(one(target, int(size), area, generator, "--screen" in rest),
                         ensure_ascii=False))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--targets", default="sqlite,parquet")
    parser.add_argument("--area", default="441400000000")
    parser.add_argument("--plain", type=int, default=0,
                        help="first compare bulk mode off and on at this size")
    parser.add_argument("--baseline", type=int, default=0,
                        help="compare with the earlier generator at this size (demo county)")
    args = parser.parse_args()
    print(f"# {platform.node()} {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    if args.baseline:
        target = "postgres" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite"
        old = spawn(target, args.baseline, COUNTY, "old", screen=True)
        new = spawn(target, args.baseline, COUNTY, "synth", screen=True)
        for r in (old, new):
            print(f"{r['generator']:<6} {target:<9} {r['size']:>9,} households {r['seconds']:>8.2f} s "
                  f"{r['size'] / r['seconds']:>10,.0f} households/s (CPU {r['cpu']:.1f} s); "
                  f"screening: {r['hits']} hits on {r['households_hit']} households {r['per_rule']}")
        print(f"ratio: {old['seconds'] / new['seconds']:.0f}× faster")
        return
    cases = [(args.plain, t, g) for t in args.targets.split(",") if t != "parquet"
             for g in ("plain", "synth")] if args.plain else []
    cases += [(int(s), t, "synth") for s in args.sizes.split(",") for t in args.targets.split(",")]
    for size, target, generator in cases:
        r = spawn(target, size, args.area, generator)
        print(f"{target:<9} {'bulk' if generator == 'synth' else 'plain':<6}"
              f"{size:>9,} households {r['members']:>10,} members "
              f"{r['incomes']:>11,} incomes {r['seconds']:>8.1f} s "
              f"{size / r['seconds']:>9,.0f} households/s, CPU {r['cpu']:>7.1f} s"
              + (f" + server {r['server_cpu']:.1f} s" if "server_cpu" in r else "") + ", "
              f"load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
