"""The distributed Spark path, application side: export, run the job, read the hits back.

1. The registry tables of the area go to `STORAGE/run-<id>/input/` as Parquet partitioned by
   county (`spark_export`), streamed from the database in batches.
2. The Spark job (`spark_job`) builds the features, runs the rules and explains the hits on
   the executors, which write them to `STORAGE/run-<id>/hits/county=…/`. The driver runs in
   this process (`--master URL`, client mode) or in a `spark-submit` child; either way it is
   the worker's child process, never the web process (see `jobs`).
3. `hit_rows` streams the hit files back in batches into the staging table of `store`, which
   decides new, unchanged and resolved warnings in SQL. The run's folder is then removed.

Every run has its own folder and its own Spark session (temporary views are per session), so
runs going on at the same time share nothing.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
from django.conf import settings

from jianpin.rules.ruleset import Rule
from jianpin.screening import features
from jianpin.screening.engines import spark_export, spark_job

STAGE_COLUMNS = ("household_id", "village_code", "rule_code", "rule_name", "category", "flag",
                 "severity", "explanation")


@dataclass(frozen=True)
class SparkOptions:
    """Where and how a run's Spark job runs."""

    master: str | None = None
    memory: str | None = None
    conf: Mapping[str, str] = field(default_factory=dict)
    storage: str = ""
    submit: bool = False  # through spark-submit (a child process) instead of this process


@dataclass
class SparkRun:
    """An exported, screened run whose hits wait in Parquet until stored; then `remove`."""

    root: str
    households: int

    @property
    def hits(self) -> str:
        return f"{self.root}/hits"

    def hit_rows(self) -> Iterator[tuple[Any, ...]]:
        """The hits as staging rows, a batch of files' rows at a time."""
        fs, path = spark_export.open_fs(self.hits)
        data = ds.dataset(path, filesystem=fs, format="parquet", partitioning="hive",
                          exclude_invalid_files=True)
        for batch in data.to_batches(columns=list(STAGE_COLUMNS), batch_size=50_000):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            yield from zip(*columns, strict=True)

    def remove(self) -> None:
        fs, path = spark_export.open_fs(self.root)
        fs.delete_dir(path)


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


def spec(rules: Sequence[Rule], year: int, area_code: str | None, root: str,
         today: dt.date | None) -> dict[str, Any]:
    return {"inputs": _join(root, "input"), "hits": _join(root, "hits"),
            "tables": list(spark_export.NAMES),
            "features_sql": features.spark_feature_sql(year, area_code, today),
            "rules": [{"code": r.code, "name": r.name, "severity": r.severity,
                       "category": r.category, "flag": r.flag, "condition": r.condition}
                      for r in rules]}


def _absolute(storage: str) -> str:
    """The storage URL; a local folder is made absolute and private (0700)."""
    if "://" in storage:
        return storage
    path = Path(storage).resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return str(path)


def screen(rules: Sequence[Rule], year: int, area_code: str | None, options: SparkOptions,
           today: dt.date | None = None,
           note: Callable[[str], None] = lambda _step: None) -> SparkRun:
    """Export the area, run the Spark job; the hits are left in the run's folder."""
    root = _join(_absolute(options.storage), f"run-{uuid.uuid4().hex}")
    run = SparkRun(root, 0)
    try:
        note("features")
        run.households = spark_export.export(_join(root, "input"), year, area_code, today)
        job = spec(rules, year, area_code, root, today)
        note("rules")
        if options.submit:
            _submit(job, root, options)
        else:
            from jianpin.screening.engines.spark_engine import session

            spark_job.run(session(options.master, options.memory, options.conf), job)
    except BaseException:
        run.remove()
        raise
    return run


def submit_command(spec_url: str, options: SparkOptions) -> list[str]:
    """spark-submit (pyspark's own, next to this interpreter) with the job and its spec."""
    binary = shutil.which("spark-submit", path=str(Path(sys.executable).parent)) \
        or "spark-submit"
    cmd = [binary, "--master", options.master or "local[2]"]
    if options.memory:
        cmd += ["--driver-memory", options.memory]
    for key, value in {"spark.pyspark.python": sys.executable,
                       "spark.pyspark.driver.python": sys.executable, "spark.ui.enabled": "false",
                       "spark.sql.session.timeZone": "UTC", **options.conf}.items():
        cmd += ["--conf", f"{key}={value}"]
    return [*cmd, spark_job.__file__, spec_url]


def _submit(job: dict[str, Any], root: str, options: SparkOptions) -> None:
    fs, path = spark_export.open_fs(root)
    with fs.open_output_stream(f"{path}/spec.json") as out:
        out.write(json.dumps(job, ensure_ascii=False).encode())
    # spark-submit finds its Spark home through the Python named here.
    env = {**settings.SPARK_CHILD_ENV, "PYSPARK_PYTHON": sys.executable,
           "PYSPARK_DRIVER_PYTHON": sys.executable}
    done = subprocess.run(submit_command(_join(root, "spec.json"), options), env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"spark-submit 失败：{done.stderr.strip()[-2000:]}")
