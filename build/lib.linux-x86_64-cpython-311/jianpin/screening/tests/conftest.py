from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local SparkSession for the whole test session (local[2], no UI), stopped at the end."""
    from jianpin.screening.engines.spark_engine import session

    spark = session("local[2]")
    yield spark
    spark.stop()
