"""The distributed Spark path on a standalone cluster on loopback: export, job and store phases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/spark_cluster.py \\
        --areas 441424000000,441400000000 [--workers 2] [--executor-memory 1536m]

The database must already hold the households (bench/generate.py or registry_pages.py build
them). For each area a full run goes through the application's Spark path exactly as
`jianpin screen --engine spark --master spark://… --spark-submit` does: the registry tables
exported as Parquet by county (export), spark-submit runs the job on the cluster's executors
(job), the hits are loaded back set-based into the warnings (store). Figures: wall seconds per
phase, CPU seconds (this process, the spark-submit driver, the master and workers with their
executors), and households per core-second of the job (by wall time on the cluster's cores,
and by the CPU the cluster actually used: the machine is shared, so the second is the fairer),
and the peak resident memory of this process and of everything it started (the spark-submit
driver, the master, the workers, their executors and Python workers; sampled every second;
not the PostgreSQL server).
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

from _django import setup

YEAR = 2025


def tree_rss() -> tuple[float, float]:
    """Resident MB of this process, and of it with all its descendants."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
    tree, grew = {os.getpid()}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    sizes = {}
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        sizes[pid] = sum(int(line.split()[1]) for line in status.splitlines()
                         if line.startswith("VmRSS:")) / 1024
    return sizes.get(os.getpid(), 0.0), sum(sizes.values())


class Peak(threading.Thread):
    """Samples `tree_rss` every second until stopped; keeps the largest of each."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.own = self.tree = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            own, tree = tree_rss()
            self.own, self.tree = max(self.own, own), max(self.tree, tree)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one(area: str | None, cluster: object, workers: int, cores: int, memory: str,
        storage: Path, partitions: int) -> None:
    from jianpin.regions.models import Region
    from jianpin.regions.scoping import prefix_q
    from jianpin.registry.models import Household
    from jianpin.screening import actions, service
    from jianpin.screening.engines import spark_local
    from jianpin.screening.models import ScreeningRun

    assert isinstance(cluster, spark_local.Cluster)
    prefix = Region.objects.get(code=area).prefix if area else ""
    households = Household.objects.filter(prefix_q("village_id", prefix)).count()
    options = service.spark_options(cluster.url, {
        "spark.executor.memory": memory, "spark.executor.cores": str(cores),
        "spark.sql.shuffle.partitions": str(partitions),
        "spark.default.parallelism": str(partitions)}, True, str(storage))
    marks: dict[str, float] = {}
    run = ScreeningRun.objects.create(rule_set="default", year=YEAR, area_code=area or "",
                                      engine="spark")
    cpu0, child0, cluster0 = time.process_time(), child_cpu(), cluster.cpu_seconds()
    start, peak = time.monotonic(), Peak()
    peak.start()

    def note(step: str) -> None:
        marks[step] = time.monotonic()
        if step == "rules":
            marks["export_cpu"] = time.process_time() - cpu0

    result = service.screen(rule_set=None, year=YEAR, area_code=area, engine="spark",
                            spark=options, progress=note)
    marks["store"] = time.monotonic()
    job_cpu = child_cpu() - child0
    try:
        new = actions.store_results(run, result)
    finally:
        result.close()
    end = time.monotonic()
    peak.done.set()
    time.sleep(2)      # let the workers reap their executors (their CPU is counted then)
    cluster_cpu = cluster.cpu_seconds() - cluster0
    export = marks["rules"] - marks.get("features", start)
    job = marks["store"] - marks["rules"]
    run.refresh_from_db()
    print(f"{area or 'all':<13}{households:>10,} households  export {export:7.1f} s  "
          f"job {job:7.1f} s  store {end - marks['store']:6.1f} s  total {end - start:7.1f} s  "
          f"hits {run.hits:,} (new {new:,})  CPU: app {time.process_time() - cpu0:.1f} s "
          f"(export {marks['export_cpu']:.1f}), driver {job_cpu:.1f} s, cluster {cluster_cpu:.1f} s; "
          f"job {households / job / (workers * cores):,.0f} households per core-second by wall, "
          f"{households / max(cluster_cpu, 0.1):,.0f} per CPU-second of the cluster; "
          f"peak resident: this process {peak.own:,.0f} MB, with all it started {peak.tree:,.0f} MB; "
          f"load {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--areas", default="")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cores", type=int, default=1)
    parser.add_argument("--worker-memory", default="2g")
    parser.add_argument("--executor-memory", default="1536m")
    parser.add_argument("--partitions", type=int, default=16)
    args = parser.parse_args()
    setup("spark-cluster")
    from django.conf import settings

    from jianpin.screening.engines import spark_local

    print(f"# {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}, cluster: "
          f"{args.workers} workers x {args.cores} core, executors {args.executor_memory}", flush=True)
    with tempfile.TemporaryDirectory(prefix="jianpin-spark-bench-") as tmp, \
            spark_local.standalone(Path(tmp) / "cluster", args.workers, args.cores,
                                   args.worker_memory, env=settings.SPARK_CHILD_ENV) as cluster:
        for area in args.areas.split(","):
            one(area or None, cluster, args.workers, args.cores, args.executor_memory,
                Path(tmp) / "exchange", args.partitions)


if __name__ == "__main__":
    main()
