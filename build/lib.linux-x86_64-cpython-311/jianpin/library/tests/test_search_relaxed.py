"""A search of several words that finds nothing whole is relaxed: words no document contains are
left out (and the page says which), then documents with any of the words are found.

Real pages of the corpus: r080 (国家发展改革委, 《中国的易地扶贫搬迁政策》, 2018: the white paper,
which never calls itself 白皮书), r150 (a traditional-script repost of 胡振通、王亚华「中国生态扶贫的
理论创新和实现机制」 whose page lost the title line), r076 (修水县 relocation sites).
"""
from __future__ import annotations

import pytest

from jianpin.library.search import SearchParams, category_counts, search
from jianpin.library.tests.factories import ingest_file
from jianpin.library.text.corpus import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages() -> dict[int, str]:
    paths = {d["id"]: d["path"] for d in load()["documents"]}
    return {ingest_file(paths[name]).document.pk: name for name in ("r080", "r150", "r076")}


def _found(q: str, pages: dict[int, str], **filters: str) -> tuple[list[str], list[str], bool]:
    result = search(SearchParams(q=q, **filters))
    return [pages[h.document.pk] for h in result.hits], result.missing, result.any_word


def test_a_word_no_document_contains_is_left_out(pages: dict[int, str]) -> None:
    assert _found("易地扶贫搬迁政策 白皮书 国家发改委", pages) == (["r080"], ["白皮书"], False)
    assert _found("生態扶貧 理論創新", pages) == (["r150"], ["理论创新"], False)
    assert search(SearchParams(q="生態扶貧 理論創新")).as_json()["missing"] == ["理论创新"]


def test_words_never_together_find_the_documents_with_any_of_them(pages: dict[int, str]) -> None:
    hits, missing, any_word = _found("修水 生态扶贫", pages)
    assert (sorted(hits), missing, any_word) == (["r076", "r150"], [], True)
    hits, missing, any_word = _found("修水 生态扶贫 白皮书", pages)
    assert (sorted(hits), missing, any_word) == (["r076", "r150"], ["白皮书"], True)
    assert category_counts(SearchParams(q="修水 生态扶贫")) == (2, {"news": 1, "report": 1})


def test_what_a_search_asks_for_otherwise_still_holds(pages: dict[int, str]) -> None:
    assert _found("白皮书 理论创新", pages) == ([], [], False)  # no word found: nothing
    assert _found("修水 生态扶贫 -安置", pages) == (["r150"], [], True)  # NOT still holds
    assert _found("易地扶贫搬迁", pages)[1:] == ([], False)  # found whole: not relaxed
    # the scope is the search's filters: 修水 is in no report, so it is left out there
    assert _found("修水 生态扶贫", pages, category="report") == (["r150"], ["修水"], False)


def test_the_page_says_which_word_was_left_out(client, pages: dict[int, str]) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/library/", {"q": "易地扶贫搬迁政策 白皮书 国家发改委"}).content.decode()
    assert ('<p class="muted" id="result-relaxed">没有文献含有“白皮书”，以下结果不含这些词。</p>'
            in page)
    page = client.get("/library/", {"q": "修水 生态扶贫"}).content.decode()
    assert ('<p class="muted" id="result-relaxed">没有文献同时含有全部检索词，以下结果含有其中部分词语。'
            '</p>' in page)
    page = client.get("/library/", {"q": "修水 生态扶贫", "lang": "en"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No document contains all the words; the results below contain some of them." in page
