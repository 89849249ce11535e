"""The public hot-search list shows plain searches that found something, nothing else."""
from __future__ import annotations

import pytest

from jianpin.library import actions, queries

pytestmark = pytest.mark.django_db

OPERATOR_QUERIES = ['title:方案', '标题：方案', '扶贫 NOT 新闻', '扶贫 -新闻', '搬迁 OR 安置',
                    '搬迁 | 安置', '"两不愁三保障"', '(搬迁 安置)', '扶贫 或 帮扶', 'issuer:贵州省']


def test_operator_and_zero_result_queries_stay_off_the_hot_list(client) -> None:  # type: ignore[no-untyped-def]
    for query in OPERATOR_QUERIES:
        for _ in range(3):
            actions.do_log_search(query, 5)
    for _ in range(4):
        actions.do_log_search("不存在的词", 0)
    for query, results in [("乡村振兴", 2), ("乡村振兴", 2), ("易地扶贫搬迁", 1),
                           ("精准扶贫 搬迁", 1), ("汉政办发〔2021〕88号", 1)]:
        actions.do_log_search(query, results)
    hot = queries.hot_search_words()
    assert hot[0] == ("乡村振兴", 2)
    assert sorted(hot[1:]) == [("易地扶贫搬迁", 1), ("汉政办发〔2021〕88号", 1), ("精准扶贫 搬迁", 1)]
    page = client.get("/library/").content.decode()
    assert ">title:方案</a>" not in page and "不存在的词" not in page
    assert 'title="2 次">乡村振兴</a>' in page


def test_traditional_queries_count_with_their_simplified_form_and_show_it(client) -> None:  # type: ignore[no-untyped-def]
    # Typed more often in traditional script: still one entry, shown in simplified script.
    for query, n in [("扶貧", 3), ("扶贫", 1), ("易地扶貧搬遷 精準扶貧", 2),
                     ("易地扶贫搬迁  精准扶贫", 1), ("鄉村振興", 1)]:
        for _ in range(n):
            actions.do_log_search(query, 3)
    assert queries.hot_search_words() == [("扶贫", 4), ("易地扶贫搬迁 精准扶贫", 3), ("乡村振兴", 1)]
    page = client.get("/library/").content.decode()
    assert 'title="4 次">扶贫</a>' in page
    assert "扶貧" not in page and "鄉村振興" not in page
