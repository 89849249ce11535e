"""PostgreSQL: a match the planner estimates far past the count cap is not counted (the page
says "more than" the cap, as a count would have), its hits are the counted search's; a query
with NOT is counted whatever its estimate; parallel workers stay off in the text reads."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianpin.library import ranking
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimates"),
]


def _counts(queries: list[dict[str, Any]]) -> int:
    return sum(1 for q in queries if q["sql"].startswith("SELECT count(*)"))


def test_a_match_estimated_past_the_cap_is_not_counted(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 2)
    monkeypatch.setattr(ranking, "COUNT_CAP", 3)
    with CaptureQueriesContext(connection) as counted:
        first = search(SearchParams(q="脱贫"))
    monkeypatch.setattr(ranking, "ESTIMATED_OVER", 0)  # every estimate is past it
    with CaptureQueriesContext(connection) as estimated:
        second = search(SearchParams(q="脱贫"))
    assert (_counts(counted.captured_queries), _counts(estimated.captured_queries)) == (1, 0)
    assert (first.total, first.capped, second.total, second.capped) == (4, True, 4, True)
    assert [h.document.pk for h in second.hits] == [h.document.pk for h in first.hits]
    assert [round(h.score, 6) for h in second.hits] == [round(h.score, 6) for h in first.hits]


def test_a_query_with_not_is_counted_whatever_its_estimate(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(ranking, "ESTIMATED_OVER", 0)
    with CaptureQueriesContext(connection) as seen:
        result = search(SearchParams(q="脱贫 NOT 两不愁三保障"))
    assert (_counts(seen.captured_queries), result.total, result.capped) == (1, 3, False)


def test_text_reads_run_without_parallel_workers_and_restore_the_setting() -> None:
    ingest_seeds()
    seen: list[str] = []

    def record(execute, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:  # type: ignore[no-untyped-def]
        if "@@" in sql and not sql.startswith("EXPLAIN"):
            cursor = context["cursor"]
            cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
            seen.append(cursor.fetchone()[0])
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 2")
    with connection.execute_wrapper(record):
        search(SearchParams(q="脱贫"), with_facets=True)
    assert seen and set(seen) == {"0"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        assert cursor.fetchone()[0] == "2"
