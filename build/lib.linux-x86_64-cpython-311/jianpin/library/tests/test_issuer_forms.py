"""issuer: matches an issuer's usual short forms: 省政府 for 省人民政府, 发改委 for 发展改革委."""
from __future__ import annotations

import pytest

from jianpin.library import querylang
from jianpin.library.indexing import reindex_metadata
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import ingest_seeds
from jianpin.library.text import segment

ISSUERS = {"000": "贵州省人民政府办公厅", "001": "贵州省人民政府", "002": "贵州省发展和改革委员会",
           "003": "国家发展改革委"}  # 004 keeps its own: 中共黔西南州委 黔西南州人民政府


@pytest.fixture
def docs():  # type: ignore[no-untyped-def]
    seeds = ingest_seeds()
    for key, issuer in ISSUERS.items():
        seeds[key].issuer = issuer
        seeds[key].save(update_fields=["issuer"])
        reindex_metadata(seeds[key])
    return seeds


def found(q: str) -> list[str]:
    return sorted(h.document.source_name[:3] for h in search(SearchParams(q=q)).hits)


@pytest.mark.django_db
@pytest.mark.parametrize("query, expected", [
    ("issuer:贵州省人民政府", ["000", "001"]),
    ("issuer:贵州省政府", ["000", "001"]),
    ("发文机关:省政府办公厅", ["000"]),
    ("issuer:省人民政府办公厅", ["000"]),
    ("issuer:黔西南州政府", ["004"]),
    ("issuer:贵州省发改委", ["002"]),
    ("issuer:贵州省发展改革委", ["002"]),
    ("issuer:国家发改委", ["003"]),
    ("issuer:国家发展和改革委员会", ["003"]),
    ("issuer:发改委", ["002", "003"]),
    ("issuer:贵州省教育厅", []),
])
def test_issuer_short_forms(docs, query: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert found(query) == expected


def test_issuer_forms_from_the_groups() -> None:
    groups = segment.synonym_map(segment.shipped_synonym_lines())
    assert querylang.issuer_forms("贵州省政府", groups) == ["贵州省政府", "贵州省人民政府"]
    assert querylang.issuer_forms("黔西南州人民政府", groups) == ["黔西南州人民政府", "黔西南州政府"]
    assert querylang.issuer_forms("贵州省发改委", groups) == [
        "贵州省发改委", "贵州省发展改革委", "贵州省发展和改革委员会"]
    # A qualified name keeps its qualifier: 国家发改委 never becomes a province's 发改委.
    assert querylang.issuer_forms("国家发改委", groups) == [
        "国家发改委", "国家发展改革委", "国家发展和改革委员会"]
    # 人民 is dropped only between a place and 政府.
    assert querylang.issuer_forms("人民政府", groups) == ["人民政府"]
    assert querylang.issuer_forms("贵州省扶贫开发领导小组", groups) == ["贵州省扶贫开发领导小组"]
