"""Spark SQL engine over a Parquet snapshot: local mode by default, any master URL given."""
from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from jianpin.screening.engines.base import Engine


def session(master: str | None = None, memory: str | None = None,
            conf: Mapping[str, str] | None = None) -> Any:
    """The shared SparkSession (created once per process): small, quiet, no UI.

    The caller passes the master URL, driver memory and any other settings (from settings or
    the command line): this module reads no configuration itself, so benchmarks can use it
    without Django. Executors run this interpreter unless `spark.pyspark.python` says otherwise
    (on a cluster: a Python with the same jianpin installed on every worker).
    """
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.master(master or "local[2]").appName("jianpin-screening")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.driver.memory", memory or "2g")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.pyspark.python", sys.executable))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


class SparkEngine(Engine):
    name = "spark"
    dialect = "spark"

    def __init__(self, parquet: Path | str, master: str | None = None,
                 memory: str | None = None) -> None:
        self.spark = session(master, memory)
        self.spark.sparkContext.setLogLevel("ERROR")
        self.frame = self.spark.read.parquet(str(parquet))
        # The session is shared by the process: each run gets its own view.
        self.view = f"features_{uuid.uuid4().hex}"
        self.frame.createOrReplaceTempView(self.view)

    @property
    def table(self) -> str:
        return self.view

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.stream(sql))

    def stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        """Hits come to the driver a partition at a time, not all at once."""
        for row in self.spark.sql(sql).toLocalIterator():
            yield tuple(row)

    def count(self) -> int:
        return int(self.frame.count())

    def close(self) -> None:
        self.spark.catalog.dropTempView(self.view)

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        cols = ["household_id", *columns]
        wanted = self.spark.createDataFrame([(int(i),) for i in ids], "household_id BIGINT")
        result = self.frame.join(wanted, "household_id").select(*cols).toLocalIterator()
        return {int(r[0]): dict(zip(cols, tuple(r), strict=True)) for r in result}
