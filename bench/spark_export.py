"""The Spark path's export phase alone: this code against an earlier revision, same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/spark_export.py \\
        [--area CODE] [--against main] [--rounds 2]

Each round exports the area (default: everything) once with the earlier revision's
`spark_export` (read from git, loaded beside this one) and once with this code, alternating,
into a fresh temporary folder. Figures: wall seconds, CPU seconds of this process, CPU seconds
of the PostgreSQL backends the export used (read from /proc: a server on this machine), rows
written, and the CPU ratio (earlier / this). The machine is shared: CPU is the comparable figure.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _django import ROOT, setup

MODULE = "jianpin/screening/engines/spark_export.py"
TCK = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TCK


def load(rev: str, folder: Path) -> Any:
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{MODULE}"], check=True,
                            capture_output=True, text=True).stdout
    path = folder / "spark_export_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("spark_export_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def one(module: Any, area: str | None, label: str) -> float:
    from django.db import connection

    own = [0.0]
    if hasattr(module, "arrow_connection"):    # count the ADBC connection's backend too
        opened = module.arrow_connection

        def counted() -> Any:
            arrow = opened()
            if arrow is None:
                return None
            with arrow.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                pid = cur.fetchone()[0]
            close = arrow.close

            def closing() -> None:
                own[0] += backend_cpu(pid)
                close()
            arrow.close = closing
            return arrow
        module.arrow_connection = counted
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    server0, cpu0, start = backend_cpu(pid), time.process_time(), time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jianpin-export-bench-") as tmp:
        households = module.export(f"{tmp}/input", 2025, area)
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*.parquet"))
    wall, cpu = time.monotonic() - start, time.process_time() - cpu0
    server = backend_cpu(pid) - server0 + own[0]
    if hasattr(module, "arrow_connection"):
        module.arrow_connection = opened
    print(f"{label:<8}{households:>10,} households  wall {wall:7.1f} s  CPU: app {cpu:6.1f} s, "
          f"database {server:6.1f} s, together {cpu + server:6.1f} s  "
          f"({households / (cpu + server):,.0f} households per CPU-second)  "
          f"Parquet {size / 1e6:,.0f} MB  load {os.getloadavg()[0]:.1f}", flush=True)
    return cpu + server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--area", default="")
    parser.add_argument("--against", default="main")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    setup("spark-export")
    from jianpin.screening.engines import spark_export

    print(f"# {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}, against {args.against}",
          flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        before = load(args.against, Path(tmp))
        totals: dict[str, float] = {"before": 0.0, "this": 0.0}
        for _ in range(args.rounds):
            totals["before"] += one(before, args.area or None, args.against[:8])
            totals["this"] += one(spark_export, args.area or None, "this")
    print(f"CPU ratio (database + application), {args.against} / this: "
          f"{totals['before'] / totals['this']:.2f}x", flush=True)


if __name__ == "__main__":
    sys.exit(main())
