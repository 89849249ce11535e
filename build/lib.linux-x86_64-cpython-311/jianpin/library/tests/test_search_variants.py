"""陜 (U+965C), the MOE standard form written for the 陝 of 陝西, is folded to 陕 (char-converter's
variant tables after OpenCC): 陜西 finds pages written 陕西 and the other way round.

Real pages of the corpus: r220 (a Taiwan-hosted repost, 陜西 with pinyin readings), r272 (a spam
mirror of the 陜西省人民政府办公厅 notice), r025 (a 陕西 provincial notice, simplified).
"""
from __future__ import annotations

import pytest

from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import ingest_file
from jianpin.library.text.corpus import load
from jianpin.library.text.fold import fold

pytestmark = pytest.mark.django_db


def test_the_variant_folds_and_nothing_else_moves() -> None:
    assert fold("陜西省人民政府辦公廳") == "陕西省人民政府办公厅"
    assert fold("陝西") == fold("陜西") == "陕西"
    assert fold("狹窄 狭窄") == "狭窄 狭窄"  # the 狹 of Unicode's variant entry is untouched
    assert fold("陕西 陜") == "陕西 陕"


def test_either_form_finds_both_kinds_of_page() -> None:
    paths = {d["id"]: d["path"] for d in load()["documents"]}
    ids = {name: ingest_file(paths[name]).document.pk for name in ("r220", "r272", "r025")}
    by_pk = {pk: name for name, pk in ids.items()}
    for query in ("陜西", "陕西", "陝西"):
        found = search(SearchParams(q=query))
        assert sorted(by_pk[h.document.pk] for h in found.hits) == ["r025", "r220", "r272"]
    found = search(SearchParams(q="陜西 扶贫贴息贷款"))
    assert [by_pk[h.document.pk] for h in found.hits] == ["r272"]
    found = search(SearchParams(q="陕西 定点帮扶"))
    assert [by_pk[h.document.pk] for h in found.hits] == ["r220"]
