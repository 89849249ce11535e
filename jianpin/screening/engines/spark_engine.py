"""Spark SQL engine over a Parquet snapshot: local mode by default, any master URL given."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jianpin.screening.engines.base import Engine


def session(master: str | None = None, memory: str | None = None) -> Any:
    """The shared SparkSession (created once per process): small, quiet, no UI.

    The caller passes the master URL and driver memory (from settings): this module reads no
    configuration itself, so benchmarks can use it without Django.
    """
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(master or "local[2]").appName("jianpin-screening")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.memory", memory or "2g")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate())


class SparkEngine(Engine):
    name = "spark"
    dialect = "spark"

    def __init__(self, parquet: Path | str, master: str | None = None,
                 memory: str | None = None) -> None:
        self.spark = session(master, memory)
        self.spark.sparkContext.setLogLevel("ERROR")
        self.frame = self.spark.read.parquet(str(parquet))
        self.frame.createOrReplaceTempView("features")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(sql).collect()]

    def count(self) -> int:
        return int(self.frame.count())

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict[str, Any]]:
        if not ids:
            return {}
        cols = ["household_id", *columns]
        wanted = self.spark.createDataFrame([(int(i),) for i in ids], "household_id BIGINT")
        result = self.frame.join(wanted, "household_id").select(*cols).collect()
        return {int(r[0]): dict(zip(cols, tuple(r), strict=True)) for r in result}
