"""Search relevance, the query language, filters, facets, snippets and the search command."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from jianpin.library import querylang
from jianpin.library.search import SearchParams, search
from jianpin.library.tests.factories import ingest_seeds

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():  # type: ignore[no-untyped-def]
    return ingest_seeds()


def first(q: str, **filters) -> str:  # type: ignore[no-untyped-def]
    result = search(SearchParams(q=q, **filters))
    return result.hits[0].document.source_name[:3] if result.hits else ""


def found(q: str, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    result = search(SearchParams(q=q, **filters))
    return sorted(h.document.source_name[:3] for h in result.hits)


@pytest.mark.parametrize("query, expected", [
    ("第一产业增加值", "004"),
    ("减贫摘帽", "002"),
    ("相对贫困村", "003"),
    ("剩余贫困人口", "001"),
    ("巩固提升脱贫成果", "000"),
    ("乡村振兴 有效衔接", "004"),
    ("贵州解法", "002"),
])
def test_the_right_document_comes_first(docs, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert first(query) == expected


def test_domain_terms_match_whole_and_sub_words(docs) -> None:  # type: ignore[no-untyped-def]
    assert found("两不愁三保障") == ["001", "004"]
    assert found("易地扶贫搬迁") == ["000", "001", "004"]
    assert found("title:扶贫") == ["000", "002", "003"]


def test_boolean_operators_and_fields(docs) -> None:  # type: ignore[no-untyped-def]
    assert found("title:方案") == ["001", "003", "004"]
    assert found("title:方案 NOT 宜阳") == ["003", "004"]
    assert found("title:方案 -宜阳") == ["003", "004"]
    assert found("五华 OR 宜阳") == ["001", "003"]
    assert found("(五华 | 宜阳) AND 集体经济") == ["001", "003"]
    assert found("issuer:黔西南州人民政府") == ["004"]
    assert found("number:州党发") == ["004"]
    assert found("发文机关:贵州省扶贫开发领导小组") == ["000"]


def test_a_query_of_only_negations_is_refused(docs) -> None:  # type: ignore[no-untyped-def]
    result = search(SearchParams(q="NOT 贵州"))
    assert (result.total, result.error) == (0, "检索式至少需要一个不带 NOT 的检索词")


def test_filters_region_subtree_dates_type_and_facets(docs) -> None:  # type: ignore[no-untyped-def]
    assert found("扶贫", region="520000000000") == ["000", "002", "004"]
    assert found("扶贫", region="522300000000") == ["004"]
    assert found("", region="440000000000") == ["003"]
    assert found("", date_from=dt.date(2019, 1, 1), date_to=dt.date(2020, 12, 31)) == ["001"]
    assert found("", doc_type="方案", category="policy") == ["001", "003"]
    assert found("", year=2016) == ["002", "003"]
    result = search(SearchParams(q="脱贫"), with_facets=True)
    assert result.total == 5
    assert result.facets["doc_type"] == [("方案", "方案", 2), ("通知", "通知", 2),
                                         ("新闻", "新闻/资讯", 1)]
    assert result.facets["region"] == [("520000000000", "贵州省", 3),
                                       ("410000000000", "河南省", 1),
                                       ("440000000000", "广东省", 1)]
    assert result.facets["year"] == [("2021", "2021年", 1), ("2020", "2020年", 1),
                                     ("2018", "2018年", 1), ("2016", "2016年", 2)]


def test_sort_by_date(docs) -> None:  # type: ignore[no-untyped-def]
    newest = search(SearchParams(q="脱贫", sort="newest"))
    assert [h.document.source_name[:3] for h in newest.hits] == ["004", "001", "000", "003", "002"]
    oldest = search(SearchParams(q="脱贫", sort="oldest"))
    assert [h.document.source_name[:3] for h in oldest.hits] == ["002", "003", "000", "001", "004"]


def test_snippets_are_highlighted_and_escaped(docs) -> None:  # type: ignore[no-untyped-def]
    hit = search(SearchParams(q="第一产业增加值")).hits[0]
    assert "<mark>第一产业增加值</mark>318亿元左右" in hit.snippet_html
    assert hit.snippet.startswith("…") and "第一产业增加值318亿元左右" in hit.snippet
    hit = search(SearchParams(q="义龙新区")).hits[0]
    assert "党委&lt;工委&gt;" in hit.snippet_html or "<" not in hit.snippet_html.replace(
        "<mark>", "").replace("</mark>", "")


def test_search_command_prints_the_json_contract(docs) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("library", "search", "第一产业增加值", "--json", "--limit", "1", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["query", "total", "count_capped", "missing", "any_word", "results"]
    assert (data["query"], data["total"], data["count_capped"]) == ("第一产业增加值", 1, False)
    assert (data["missing"], data["any_word"]) == ([], False)
    [row] = data["results"]
    assert list(row) == ["id", "title", "source", "score", "snippet"]
    assert (row["id"], row["source"]) == (docs["004"].pk, "004_aa2f17844682ebcc.txt")
    assert row["score"] > 0


def test_query_language_compiles_to_both_dialects() -> None:
    node = querylang.parse('title:方案 (五华 OR 宜阳) -新闻 "两不愁三保障"')
    assert querylang.to_fts5(node) == (
        '((title : "方案" AND ("五华" OR "宜阳") AND "两不愁三保障") NOT "新闻")')
    assert querylang.to_tsquery(node) == (
        "('方案':A & ('五华' | '宜阳') & !'新闻' & '两不愁三保障')")
    quoted = querylang.parse("it's \"a\"\"b\"")
    assert querylang.to_fts5(quoted) == '(("it" AND "s") AND "a" AND "b")'


def test_traditional_and_simplified_queries_find_the_same_documents(docs) -> None:  # type: ignore[no-untyped-def]
    assert found("易地扶貧搬遷") == found("易地扶贫搬迁") == ["000", "001", "004"]
    assert found("鞏固提升脫貧成果") == found("巩固提升脱贫成果") != []


def test_synonyms_widen_a_term_to_its_group(docs) -> None:  # type: ignore[no-untyped-def]
    assert found("易地搬迁") == found("易地扶贫搬迁") == ["000", "001", "004"]
    node = querylang.parse("东西部协作")
    assert querylang.to_fts5(node) == querylang.to_fts5(querylang.parse("东西部扶贫协作"))


@pytest.mark.parametrize("query", [
    "州党发〔2021〕9号", "州党发[2021]9号", "州党发（2021）9号", "州党发2021 9号", "州党发2021年9号",
    "州党发2021第9号", "州黨發〔2021〕9號",
])
def test_document_numbers_in_damaged_forms(docs, query: str) -> None:  # type: ignore[no-untyped-def]
    assert querylang.normalize_query(query).strip() == '"州党发〔2021〕9号"'
    assert first(query) == "004"
