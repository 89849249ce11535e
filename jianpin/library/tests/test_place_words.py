"""The segmenter keeps the division tree's province, prefecture and league names whole, short
forms included (锡盟 for 锡林郭勒盟), also where a frequent word overlaps them."""
from __future__ import annotations

import pytest

from jianpin.library.text import place_words, segment


def test_the_shipped_list_is_what_the_division_tree_gives() -> None:
    lines = place_words.FILE.read_text(encoding="utf-8").splitlines()
    assert lines == place_words.tree_lines()
    words = {line.split()[0] for line in lines}
    assert {"锡盟", "阿盟", "湘西州", "迪庆州", "果洛州", "黄南州", "锡林郭勒盟"} <= words
    assert [w for w in words if w.endswith("市")] == []


# A real line: f.china.com.cn's report of 2013 (source in test_page_shapes_8.py), its headline
# 内蒙古锡盟国贫旗3000万元“连片开发”扶贫项目资金到位.
@pytest.mark.parametrize("text, words", [
    ("内蒙古锡盟国贫旗3000万元", ["内蒙古", "锡盟", "国贫旗", "3000", "万元"]),
    ("阿盟国贫旗", ["阿盟", "国贫旗"]),
    ("湘西州国贫县", ["湘西州", "国贫县"]),
    ("锡盟各旗县", ["锡盟", "各旗", "县"]),
    ("大同市场", ["大同", "市场"]),        # a city's full name does not take a word's 市
    ("中山市民", ["中山", "市民"]),
])
def test_league_and_prefecture_short_names_stay_whole(text: str, words: list[str]) -> None:
    assert segment.words(text) == words
    assert segment.tokenizer().lcut(text) == words  # jieba and rjieba alike


def test_a_search_for_the_short_name_finds_the_text() -> None:
    assert segment.query_tokens("锡盟") == ["锡盟"]
    assert "锡盟" in segment.segmented("2013年，自治区为锡盟下达3个项目；锡盟国贫旗").split()


@pytest.mark.django_db
def test_documents_indexed_before_are_segmented_again_when_asked() -> None:
    """`jianpin library refold --resegment`: a document indexed before the place words (its
    index holds 锡 | 盟国) is found by 锡盟 once segmented again; a plain refold leaves it."""
    from io import StringIO

    from django.core.management import call_command

    from jianpin.library.models import DocumentIndex
    from jianpin.library.search import SearchParams, search
    from jianpin.library.tests.factories import make_document

    doc = make_document(None, title="锡盟国贫旗3000万元扶贫项目资金到位",
                        body="2013年，自治区为锡盟下达3个“连片开发”扶贫项目；锡盟国贫旗资金到位。")
    other = make_document(None)
    DocumentIndex.objects.filter(document=doc).update(
        title="锡 盟国 贫旗 3000 万元 扶贫 项目 资金 到位", body="锡 盟国 贫旗 资金 到位")
    before = DocumentIndex.objects.values().get(document=other)

    def found() -> list[int]:
        return [hit.document.pk for hit in search(SearchParams(q="锡盟")).hits]

    def run(*args: str) -> str:
        out = StringIO()
        call_command("library", "refold", *args, stdout=out)
        return out.getvalue().strip()

    assert found() == []
    assert run() == "没有需要重新折叠的文献"
    assert run("--resegment") == "重新折叠并索引 1 篇"
    assert found() == [doc.pk]
    assert DocumentIndex.objects.values().get(document=other) == before
    assert run("--resegment") == "没有需要重新折叠的文献"
