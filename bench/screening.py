"""Benchmark screening: end to end by default, or the rules alone over generated features.

    .venv/bin/python bench/screening.py [--households 20000] [--engines sqlite,duckdb]
        [--copies-to 200000]
    .venv/bin/python bench/screening.py --rules-only [--households 1000000] [--sample 100000]
        [--no-spark]

The default measures whole runs in the application's database (see screening_e2e.py): these
are the figures. `--rules-only` is the earlier benchmark of the rule engines alone:

Generates a feature set (households and ~4 persons each, aggregated with DuckDB) to Parquet,
then measures, each in its own process so peak memory is its own: the DuckDB engine, the same
predicates hand-written as DuckDB SQL, the in-database SQLite engine, Spark local[2], and a
per-household Python loop (the baseline) on a sample, scaled linearly. DuckDB also runs on a
tenth of the input to show that memory stays bounded as the input grows 10×. Every engine's
per-rule hit counts are checked equal.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from jianpin.rules.ruleset import resolve  # noqa: E402  (after the path set-up above)
from jianpin.screening.schema import columns  # noqa: E402


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss survives exec on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def counts(hit_map: dict[str, list[int]]) -> dict[str, int]:
    return {code: len(ids) for code, ids in hit_map.items()}


def work_duckdb(parquet: str) -> dict[str, Any]:
    from jianpin.screening.engines.duckdb_engine import DuckDBEngine

    rules = resolve(None)
    started = time.perf_counter()
    engine = DuckDBEngine(parquet, threads=2)
    found = engine.hits(rules)
    return {"seconds": time.perf_counter() - started, "counts": counts(found)}


def work_hand(parquet: str) -> dict[str, Any]:
    import duckdb
    from screening_hand import hand_sql

    codes = [r.code for r in resolve(None)]
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute(f"CREATE VIEW features AS SELECT * FROM read_parquet('{parquet}')")
    found: dict[str, list[int]] = {c: [] for c in codes}
    cursor = con.execute(hand_sql(codes))
    while batch := cursor.fetchmany(50_000):
        for index, household_id in batch:
            found[codes[index]].append(household_id)
    for ids in found.values():
        ids.sort()
    return {"seconds": time.perf_counter() - started, "counts": counts(found)}


def work_sqlite(parquet: str) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from jianpin.screening.engines.indatabase import InDatabaseEngine

    names = columns()
    with tempfile.TemporaryDirectory() as tmp:
        con = sqlite3.connect(Path(tmp) / "bench.sqlite3")
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute(f"CREATE TABLE features ({', '.join(names)})")
        loading = time.perf_counter()
        marks = ", ".join("?" * len(names))
        for batch in pq.ParquetFile(parquet).iter_batches(batch_size=50_000, columns=names):
            cols = [batch.column(n).to_pylist() for n in names]
            con.executemany(f"INSERT INTO features VALUES ({marks})", zip(*cols, strict=True))
        con.commit()
        load_seconds = time.perf_counter() - loading
        started = time.perf_counter()
        engine = InDatabaseEngine(con, "features", "sqlite", param="?")
        found = engine.hits(resolve(None))
        seconds = time.perf_counter() - started
        con.close()
    return {"seconds": seconds, "load_seconds": load_seconds, "counts": counts(found)}


def work_python(parquet: str) -> dict[str, Any]:
    """The per-household loop: one row at a time, every rule through the evaluator."""
    import pyarrow.parquet as pq

    from jianpin.rules.evaluator import hits, normalise_row

    rules = resolve(None)
    found: dict[str, list[int]] = {r.code: [] for r in rules}
    started = time.perf_counter()
    rows = 0
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=10_000):
        for raw in batch.to_pylist():
            row = normalise_row(raw)
            rows += 1
            for rule in rules:
                if hits(rule.tree, row):
                    found[rule.code].append(row["household_id"])
    return {"seconds": time.perf_counter() - started, "rows": rows, "counts": counts(found)}


def work_spark(parquet: str) -> dict[str, Any]:
    from jianpin.screening.engines.spark_engine import SparkEngine, session

    booting = time.perf_counter()
    spark = session("local[2]")
    spark.sparkContext.setLogLevel("ERROR")
    boot = time.perf_counter() - booting
    started = time.perf_counter()
    engine = SparkEngine(parquet, "local[2]")
    found = engine.hits(resolve(None))
    seconds = time.perf_counter() - started
    jvm_mb = _jvm_peak_mb(spark)
    spark.stop()
    return {"seconds": seconds, "session_seconds": boot, "jvm_peak_mb": jvm_mb,
            "counts": counts(found)}


def _jvm_peak_mb(spark: Any) -> float | None:
    try:
        pid = spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (AttributeError, OSError, ValueError):
        return None
    return None


WORKERS = {"duckdb": work_duckdb, "hand": work_hand, "sqlite": work_sqlite,
           "python": work_python, "spark": work_spark}


def measure(kind: str, parquet: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--worker", kind, "--parquet", str(parquet)],
                         capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if out.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  {kind:<7} {result['seconds']:8.2f} s  peak {result['peak_mb']:7.0f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--engines", default="",
                        help="end to end: comma-separated (default: in-database, duckdb)")
    parser.add_argument("--households", type=int, default=None)
    parser.add_argument("--copies-to", type=int, default=0,
                        help="end to end: copy the generated households in SQL up to this many")
    parser.add_argument("--sample", type=int, default=100_000)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--worker", choices=sorted(WORKERS))
    parser.add_argument("--parquet")
    args = parser.parse_args()
    if args.worker:
        result = WORKERS[args.worker](args.parquet)
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
        return
    if args.rules_only:
        run(args.households or 1_000_000, args.sample, not args.no_spark)
        return
    from screening_e2e import main as end_to_end

    end_to_end(args.households or 20_000, [e for e in args.engines.split(",") if e],
               args.copies_to)


def run(n: int, sample: int, spark: bool) -> None:
    from screening_data import generate

    work = ROOT / "var" / "bench" / "screening"
    work.mkdir(parents=True, exist_ok=True)
    full, tenth, small = (work / f"features-{n}.parquet", work / f"features-{n // 10}.parquet",
                          work / f"features-{sample}.parquet")
    print(f"generating {n} households ...", flush=True)
    started = time.perf_counter()
    made = generate(n, str(full))
    gen_seconds = time.perf_counter() - started
    generate(n // 10, str(tenth))
    generate(sample, str(small)) if sample != n // 10 else None
    small = tenth if sample == n // 10 else small
    print(f"  {made['households']} households, {made['persons']} persons in {gen_seconds:.1f} s")
    res: dict[str, dict[str, Any]] = {}
    for kind in ["duckdb", "hand", "sqlite", *(["spark"] if spark else [])]:
        res[kind] = measure(kind, full)
    print(f"DuckDB on {n // 10} households (memory scaling):")
    res["duckdb_tenth"] = measure("duckdb", tenth)
    print(f"sample of {sample} households:")
    res["duckdb_sample"] = measure("duckdb", small)
    res["python_sample"] = measure("python", small)
    for kind in ["hand", "sqlite", *(["spark"] if spark else [])]:
        assert res[kind]["counts"] == res["duckdb"]["counts"], f"{kind} hits differ"
    assert res["python_sample"]["counts"] == res["duckdb_sample"]["counts"], "python differs"
    report(n, made["persons"], sample, gen_seconds, res)


def report(n: int, persons: int, sample: int, gen: float, res: dict[str, Any]) -> None:
    duck = res["duckdb"]["seconds"]
    python_full = res["python_sample"]["seconds"] * n / sample
    hits = sum(res["duckdb"]["counts"].values())
    lines = [
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        f"input: {n} households, {persons} persons, {len(res['duckdb']['counts'])} rules, "
        f"{hits} hits; features generated in {gen:.1f} s",
        "",
        "| engine | households | time (s) | peak memory (MB) | vs baseline |",
        "|---|---|---|---|---|",
        f"| DuckDB engine | {n} | {duck:.2f} | {res['duckdb']['peak_mb']:.0f} | "
        f"{python_full / duck:.0f}× |",
        f"| hand-written DuckDB SQL | {n} | {res['hand']['seconds']:.2f} | "
        f"{res['hand']['peak_mb']:.0f} | {python_full / res['hand']['seconds']:.0f}× |",
        f"| SQLite in-database | {n} | {res['sqlite']['seconds']:.2f} "
        f"(+{res['sqlite']['load_seconds']:.1f} load) | {res['sqlite']['peak_mb']:.0f} | "
        f"{python_full / res['sqlite']['seconds']:.1f}× |",
    ]
    if "spark" in res:
        s = res["spark"]
        lines.append(f"| Spark local[2] | {n} | {s['seconds']:.2f} (+{s['session_seconds']:.1f}"
                     f" session) | {s['peak_mb']:.0f} Python + {s['jvm_peak_mb'] or 0:.0f} JVM | "
                     f"{python_full / s['seconds']:.1f}× |")
    lines += [
        f"| Python per-household loop | {sample} measured, scaled ×{n // sample} | "
        f"{res['python_sample']['seconds']:.2f} → {python_full:.1f} | "
        f"{res['python_sample']['peak_mb']:.0f} | 1× |",
        f"| DuckDB engine (memory scaling) | {n // 10} | {res['duckdb_tenth']['seconds']:.2f} | "
        f"{res['duckdb_tenth']['peak_mb']:.0f} | |",
        "",
        f"engine overhead vs hand-written SQL: {duck / res['hand']['seconds']:.2f}×; "
        f"DuckDB memory at {n} vs {n // 10} households: "
        f"{res['duckdb']['peak_mb'] / res['duckdb_tenth']['peak_mb']:.2f}×; "
        "hit counts per rule equal on every engine.",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
