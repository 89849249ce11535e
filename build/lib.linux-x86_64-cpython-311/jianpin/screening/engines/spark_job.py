"""The Spark side of a distributed screening run. No Django: it runs under spark-submit too.

    spark-submit --master spark://HOST:7077 [--conf k=v ...] \\
        jianpin/screening/engines/spark_job.py SPEC_URL

The application exports the registry tables of the area as Parquet (partitioned by county,
see `spark_export`) and writes a spec: where the tables are, where the hits go, the feature
SELECT in Spark SQL and the rules. This job builds the features from those tables, runs every
rule, explains each hit on the executors (the reference evaluator re-checks it there too) and
has the executors write the hits as Parquet partitioned by county. Nothing the size of the data
comes to the driver: it only plans the job and waits for it.

Each run works in its own `SparkSession.newSession()`, so its temporary views (named after the
registry's tables) are invisible to a run going on at the same time in the same driver.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from jianpin.rules.catalog import KEY_COLUMNS

HIT_COLUMNS = ("household_id", "household_number", "village_code", "rule_code", "rule_name",
               "category", "flag", "severity", "explanation", "county")
HIT_SCHEMA = ("household_id BIGINT, household_number STRING, village_code STRING, "
              "rule_code STRING, rule_name STRING, category STRING, flag STRING, "
              "severity STRING, explanation STRING, county STRING")


class EngineMismatch(RuntimeError):
    """Spark SQL and the reference evaluator disagree on a hit: a bug, never a warning."""


def explain_partition(rules: list[dict[str, str]], columns: list[str],
                      rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Explain the hits of one partition (runs on an executor)."""
    from jianpin.rules.evaluator import explain, hits, normalise_row
    from jianpin.rules.ruleset import build_rule

    compiled = [build_rule(r) for r in rules]
    for row in rows:
        data = row.asDict()
        rule = compiled[int(data["rule_index"])]
        values = normalise_row({c: data[c] for c in ("household_id", *columns)})
        if not hits(rule.tree, values):
            raise EngineMismatch(f"engine_mismatch: Spark SQL and the reference evaluator "
                                 f"disagree on rule {rule.code}")
        village = str(values["village_code"])
        yield (int(data["household_id"]), str(values["household_number"]), village, rule.code,
               rule.name, rule.category, rule.flag, rule.severity,
               # json.dumps with its defaults: the text every other engine stores.
               json.dumps(explain(rule.tree, values)), village[:6])


def run(spark: Any, spec: dict[str, Any]) -> None:
    """Screen the exported tables named in the spec; the executors write the hits."""
    from jianpin.rules.ruleset import build_rule

    s = spark.newSession()
    root = str(spec["inputs"]).rstrip("/")
    for name in spec["tables"]:
        # Files sit under county=… folders; the county itself is not a column the SQL needs.
        (s.read.option("recursiveFileLookup", "true").parquet(f"{root}/{name}")
         .createOrReplaceTempView(name))
    features = s.sql(spec["features_sql"])
    features.createOrReplaceTempView("features")
    rules = [build_rule(r) for r in spec["rules"]]
    columns = list(dict.fromkeys([*KEY_COLUMNS[1:], *(f for r in rules for f in r.features)]))
    if rules:
        # One pass over the features: each row carries the indexes of the rules it hits.
        # (A UNION of one SELECT per rule would build the features once per rule.)
        marks = ", ".join(f"IF({r.sql('spark')}, {i}, NULL)" for i, r in enumerate(rules))
        found = s.sql(f"SELECT rule_index, household_id, {', '.join(columns)} FROM features "
                      f"LATERAL VIEW explode(filter(array({marks}), x -> x IS NOT NULL)) "
                      "AS rule_index")
        rows = found.rdd.mapPartitions(partial(explain_partition, spec["rules"], columns))
        hits = s.createDataFrame(rows, HIT_SCHEMA)
    else:
        hits = s.createDataFrame([], HIT_SCHEMA)
    hits.write.mode("errorifexists").partitionBy("county").parquet(str(spec["hits"]))


def read_spec(spark: Any, url: str) -> dict[str, Any]:
    """The spec file at any Hadoop file system URL (read through Spark, one small text)."""
    text = "\n".join(r.value for r in spark.read.text(url, wholetext=True).collect())
    spec: dict[str, Any] = json.loads(text)
    return spec


def main(argv: list[str]) -> int:
    from pyspark.sql import SparkSession

    if len(argv) != 1:
        print("usage: spark-submit spark_job.py SPEC_URL", file=sys.stderr)
        return 2
    spark = SparkSession.builder.appName("jianpin-screening").getOrCreate()
    try:
        run(spark, read_spec(spark, argv[0]))
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
