"""A compound word (产业扶贫, 两不愁三保障) that no document holds whole is found by its parts."""
from __future__ import annotations

import pytest

from jianpin.library.actions import SystemActor, do_ingest
from jianpin.library.search import SearchParams, category_counts, search

pytestmark = pytest.mark.django_db

APART = ("商南县茶叶产业发展情况\n"
         "商南县把茶叶作为主导产业，带动贫困户增收，扶贫成效明显，"
         "群众“两不愁、三保障”全面实现。")
WHOLE = ("宜阳县产业扶贫工作方案\n"
         "宜阳县坚持产业扶贫，发展特色种植，稳定实现两不愁三保障。")


def _titles(q: str) -> list[str]:
    return sorted(h.document.title for h in search(SearchParams(q=q)).hits)


def test_a_compound_found_nowhere_whole_is_matched_by_its_parts() -> None:
    do_ingest(SystemActor(), "apart.txt", APART.encode("utf-8"))
    assert _titles("商南縣 產業扶貧") == ["商南县茶叶产业发展情况"]
    assert _titles("商南县 两不愁三保障") == ["商南县茶叶产业发展情况"]
    assert category_counts(SearchParams(q="商南县 产业扶贫"))[0] == 1
    # Parts that are not both there do not match: 健康扶贫 is a word no document holds, so the
    # search of several words leaves it out and says so (search.relaxed).
    result = search(SearchParams(q="商南县 健康扶贫"))
    assert ([h.document.title for h in result.hits], result.missing) == (
        ["商南县茶叶产业发展情况"], ["健康扶贫"])
    assert _titles("健康扶贫") == []


def test_where_the_compound_is_written_whole_only_those_documents_match() -> None:
    do_ingest(SystemActor(), "apart.txt", APART.encode("utf-8"))
    do_ingest(SystemActor(), "whole.txt", WHOLE.encode("utf-8"))
    assert _titles("产业扶贫") == ["宜阳县产业扶贫工作方案"]
    assert _titles("两不愁三保障") == ["宜阳县产业扶贫工作方案"]
