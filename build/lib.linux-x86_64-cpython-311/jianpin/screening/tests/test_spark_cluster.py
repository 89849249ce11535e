"""The distributed Spark path: a real standalone cluster on loopback, parity with DuckDB,
runs that share nothing, and the command line's Spark options."""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from jianpin.conftest import COUNTY
from jianpin.registry.models import Member
from jianpin.rules.ruleset import resolve
from jianpin.screening import actions, service
from jianpin.screening.engines import spark_export, spark_job, spark_local, spark_run
from jianpin.screening.models import Warning
from jianpin.screening.tests.fixture import YEAR, build

pytestmark = pytest.mark.django_db


def _warnings() -> list[tuple[Any, ...]]:
    return list(Warning.objects.order_by("household_id", "rule_code").values_list(
        "household_id", "rule_code", "village_code", "flag", "rule_name", "explanation",
        "active"))


def _duckdb_then_spark(options: spark_run.SparkOptions) -> tuple[list[Any], list[Any]]:
    build()
    actions.run_now(rule_set=None, year=YEAR, area_code=None, engine="duckdb")
    with_duckdb = _warnings()
    Warning.objects.all().delete()
    run, _ = actions.run_now(rule_set=None, year=YEAR, area_code=None, engine="spark",
                             spark=options)
    run.refresh_from_db()
    n = len(with_duckdb)
    assert (run.households_screened, run.hits, run.new_warnings) == (13, n, n)
    return with_duckdb, _warnings()


@pytest.mark.spark
def test_spark_run_stores_what_duckdb_stores(spark_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    duck, spark = _duckdb_then_spark(service.spark_options(storage=str(tmp_path)))
    assert len(duck) >= 30
    assert spark == duck
    # The run's exchange folder is gone.
    assert list(tmp_path.iterdir()) == []


@pytest.mark.spark
def test_runs_at_the_same_time_share_nothing(spark_session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two areas screened at once in one driver: same view names, separate sessions."""
    build()
    rules = resolve("monitoring")
    specs = {}
    for area in (COUNTY, None):
        root = str(tmp_path / (area or "all"))
        spark_export.export(f"{root}/input", YEAR, area)
        specs[area] = spark_run.spec(rules, YEAR, area, root, None)
    # ID numbers leave the database only as keyed hashes; missing ones stay missing.
    exported = pq.read_table(tmp_path / "all" / "input" / "registry_member").column(
        "id_number").to_pylist()
    real = list(Member.objects.values_list("id_number", flat=True))
    assert len(exported) == len(real) and exported.count(None) == real.count(None)
    assert not (set(exported) & set(real)) - {None}
    errors: list[BaseException] = []

    def go(area: str | None) -> None:
        try:
            spark_job.run(spark_session, specs[area])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(a,)) for a in specs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    found = {area: sorted((r[0], r[2]) for r in spark_run.SparkRun(
        str(tmp_path / (area or "all")), 0).hit_rows()) for area in specs}
    for area in specs:
        duck = service.screen(rule_set="monitoring", year=YEAR, area_code=area,
                              engine="duckdb")
        assert found[area] == sorted((h.household_id, h.rule.code) for h in duck.hits)
    assert len(found[COUNTY]) == len(found[None]) - 1


def test_spark_options_from_the_command_line() -> None:
    with pytest.raises(CommandError, match="Spark 配置项应写作 K=V：oops"):
        call_command("screen", "--year", "2024", "--engine", "spark", "--conf", "oops",
                     stdout=StringIO())
    with pytest.raises(CommandError, match="不能用 --json 全部输出"):
        call_command("screen", "--year", "2024", "--engine", "spark", "--json",
                     stdout=StringIO())
    opts = service.spark_options("spark://10.0.0.5:7077", {"spark.executor.memory": "4g"},
                                 True, "hdfs://nn:8020/jianpin")
    assert (opts.master, opts.submit, opts.storage) == (
        "spark://10.0.0.5:7077", True, "hdfs://nn:8020/jianpin")
    assert opts.conf["spark.executor.memory"] == "4g"
    cmd = spark_run.submit_command("hdfs://nn:8020/jianpin/run-1/spec.json", opts)
    assert cmd[1:3] == ["--master", "spark://10.0.0.5:7077"]
    assert "spark.executor.memory=4g" in cmd
    assert f"spark.pyspark.python={sys.executable}" in cmd
    assert cmd[-2:] == [spark_job.__file__, "hdfs://nn:8020/jianpin/run-1/spec.json"]


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A standalone master and two one-core workers on loopback (pyspark's spark-class)."""
    with spark_local.standalone(tmp_path, workers=2, cores=1, memory="768m",
                                env=os.environ) as running:
        yield running.url


@pytest.mark.spark
@pytest.mark.slow
def test_standalone_cluster_matches_duckdb(cluster: str, tmp_path: Path) -> None:
    """spark-submit to a master and two workers: same warnings as DuckDB on the same data."""
    options = spark_run.SparkOptions(
        master=cluster, memory="512m", storage=str(tmp_path / "exchange"), submit=True,
        conf={"spark.executor.memory": "512m", "spark.executor.cores": "1",
              "spark.sql.shuffle.partitions": "4"})
    duck, spark = _duckdb_then_spark(options)
    assert spark == duck
    assert list((tmp_path / "exchange").iterdir()) == []
