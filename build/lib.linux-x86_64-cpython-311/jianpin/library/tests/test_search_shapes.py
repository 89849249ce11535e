"""Which column a PostgreSQL query matches on: title-only queries use the title's tsvector."""
from __future__ import annotations

import pytest

from jianpin.library.querylang import parse, title_tsquery


@pytest.mark.parametrize(("query", "expected"), [
    ("title:方案", "'方案'"),
    ("标题:方案 -title:新闻", "('方案' & !'新闻')"),
    ("title:方案 OR title:意见", "('方案' | '意见')"),
    ("title:方案 扶贫", None),
    ("title:方案 -新闻", None),
    ("issuer:贵州省", None),
    ("扶贫", None),
])
def test_title_only_queries_drop_the_weight(query: str, expected: str | None) -> None:
    node = parse(query)
    assert node is not None
    assert title_tsquery(node) == expected
