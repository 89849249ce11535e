"""PostgreSQL: the search's text statements run without JIT compilation (the planner's cost of
a forced-off plan would switch it on), and the settings are restored after them."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from jianpin.library import ranking
from jianpin.library.search import SearchParams, category_counts, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT"),
]


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return str(cursor.fetchone()[0])


def test_text_statements_run_with_jit_off_and_the_setting_is_restored(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 2)  # facets counted over the text match
    seen: list[tuple[str, str, str, str]] = []

    def record(execute, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:  # type: ignore[no-untyped-def]
        if "@@" in sql and "library_documentindex" in sql and not sql.startswith("EXPLAIN"):
            cursor = context["cursor"]
            cursor.execute("SELECT current_setting('jit'), current_setting('enable_seqscan'), "
                           "current_setting('enable_indexscan')")
            seen.append((*cursor.fetchone(), sql.split(" FROM ")[0].split(",")[0]))
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on")
    with connection.execute_wrapper(record):
        result = search(SearchParams(q="脱贫", category="policy"), with_facets=True)
        total, tabs = category_counts(SearchParams(q="脱贫", category="policy"), result)
    assert (total, tabs) == (5, {"news": 1, "policy": 4})
    assert seen == [("off", "off", "off", head) for head in (
        "SELECT document_id",  # the newest matches
        "SELECT document_id",  # their scores
        'SELECT "library_document"."doc_type" AS "doc_type"',  # the facets
        'SELECT "library_documentsubject"."code" AS "code"',
        "SELECT count(*)",  # the type tabs' estimate, then their counts
        'SELECT "library_document"."category" AS "category"')]
    assert (_setting("jit"), _setting("enable_seqscan"), _setting("enable_indexscan")) == (
        "on", "on", "on")
