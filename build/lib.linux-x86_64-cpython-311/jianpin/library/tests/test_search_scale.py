"""What keeps search fast in a large library: broad matches rank a bounded candidate set, facet
counts of broad searches are kept per library version, subjects and authors have indexed rows."""
from __future__ import annotations

import pytest

from jianpin.library import actions, facets, ranking
from jianpin.library.actions import SystemActor, do_ingest
from jianpin.library.models import DocumentAuthor, DocumentSubject, FacetSummary, LibraryState
from jianpin.library.search import SearchParams, category_counts, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = pytest.mark.django_db


def _ids(q: str, per_page: int = 20, page: int = 1) -> list[int]:
    return [h.document.pk for h in search(SearchParams(q=q, per_page=per_page, page=page)).hits]


def test_a_broad_match_ranks_its_newest_documents_then_lists_the_rest(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    docs = ingest_seeds()
    full = search(SearchParams(q="脱贫"))
    assert full.total == 5
    score = {h.document.pk: h.score for h in full.hits}
    monkeypatch.setattr(ranking, "RANK_ALL_UP_TO", 3)
    newest = sorted((d.pk for d in docs.values()), reverse=True)
    ranked = sorted(newest[:3], key=lambda pk: (-score[pk], -pk))
    result = search(SearchParams(q="脱贫"))
    assert result.total == 5
    assert [h.document.pk for h in result.hits] == ranked + newest[3:]
    assert [round(h.score, 6) for h in result.hits] == [round(score[pk], 6)
                                                        for pk in ranked + newest[3:]]
    # Pages split the same order: a page across the candidates' edge, and one after it.
    assert _ids("脱贫", 2, 1) + _ids("脱贫", 2, 2) + _ids("脱贫", 2, 3) == ranked + newest[3:]


def test_facets_of_a_broad_search_are_kept_until_the_library_changes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    counted = search(SearchParams(q="脱贫"), with_facets=True).facets
    monkeypatch.setattr(facets, "SUMMARY_FROM", 1)
    assert search(SearchParams(q="脱贫"), with_facets=True).facets == counted
    version = LibraryState.objects.get(pk=1).version
    stored = FacetSummary.objects.get()
    assert (stored.version, stored.total) == (version, 5)
    assert stored.facets["category"] == {"policy": 4, "news": 1}
    # The stored counts are what the next page shows (here altered to prove they are read) ...
    FacetSummary.objects.update(facets={**stored.facets, "category": {"policy": 9}})
    shown = search(SearchParams(q="脱贫"), with_facets=True).facets
    assert shown["category"] == [("policy", "政策", 9)]
    # ... until a document is added: then the search is counted again.
    do_ingest(SystemActor(), "new.txt", "脱贫攻坚新闻\n脱贫攻坚新闻正文。".encode(), "news")
    assert LibraryState.objects.get(pk=1).version == version + 1
    shown = search(SearchParams(q="脱贫"), with_facets=True).facets
    assert shown["category"] == [("policy", "政策", 4), ("news", "资讯", 2)]
    assert FacetSummary.objects.get().total == 6


def test_type_tabs_of_a_broad_search_use_the_summary_too(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    before = category_counts(SearchParams(q="脱贫", category="news"))
    monkeypatch.setattr(facets, "SUMMARY_FROM", 1)
    assert category_counts(SearchParams(q="脱贫", category="news")) == before == (
        5, {"policy": 4, "news": 1})
    assert category_counts(SearchParams(q="脱贫", category="policy")) == before
    assert FacetSummary.objects.count() == 1  # both tabs read the search without its type


def test_subjects_and_authors_have_rows_that_follow_edits(editor) -> None:  # type: ignore[no-untyped-def]
    doc = do_ingest(SystemActor(), "r.txt", ("关于做好易地扶贫搬迁后续扶持工作的通知\n"
                                            "易地扶贫搬迁后续扶持，安置点搬迁群众就业。").encode()).document
    assert list(DocumentSubject.objects.filter(document=doc).values_list("code", flat=True)) == [
        "relocation"]
    version = LibraryState.objects.get(pk=1).version
    actions.do_update_document(editor, doc, {"subjects": "finance industry",
                                             "authors": "王小林、张晓颖"})
    assert LibraryState.objects.get(pk=1).version == version + 1
    assert sorted(DocumentSubject.objects.filter(document=doc).values_list("code", flat=True)) == [
        "finance", "industry"]
    assert sorted(DocumentAuthor.objects.filter(document=doc).values_list("name", flat=True)) == [
        "张晓颖", "王小林"]
    assert search(SearchParams(subject="relocation")).total == 0
    assert [h.document.pk for h in search(SearchParams(q="搬迁", subject="finance")).hits] == [
        doc.pk]
    assert search(SearchParams(author="王小林")).total == 1
    assert search(SearchParams(author="王小")).total == 0  # whole names, as on the authors page
    facet = search(SearchParams(), with_facets=True).facets["subject"]
    assert facet == [("industry", "产业帮扶", 1), ("finance", "金融与资金", 1)]
    actions.do_delete_document(editor, doc)
    assert not DocumentSubject.objects.exists() and not DocumentAuthor.objects.exists()


def test_the_front_page_reads_its_total_from_a_current_summary(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ingest_seeds()
    monkeypatch.setattr(facets, "SUMMARY_FROM", 1)
    assert search(SearchParams(), with_facets=True).total == 5
    FacetSummary.objects.update(total=7)  # altered to prove the stored total is read
    assert search(SearchParams()).total == 7
    do_ingest(SystemActor(), "new.txt", "脱贫攻坚新闻\n脱贫攻坚新闻正文。".encode(), "news")
    assert search(SearchParams()).total == 6
