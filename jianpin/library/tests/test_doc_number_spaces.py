"""A year followed by a long run of spaces (a PDF's or a form's padding, a search box) is read in
one pass: the document-number patterns' spaces are taken whole, so a run of n spaces with no
号 after it no longer costs n³ steps (0.5 CPU s for 500 spaces, 30 s for 2,000)."""
from __future__ import annotations

from jianpin.library.querylang import normalize_query
from jianpin.library.text.fields import parse_doc_number
from jianpin.library.text.keywords import keywords

PAD = " " * 3000


def test_doc_number_after_a_long_run_of_spaces() -> None:
    assert parse_doc_number("黔府发2021" + PAD + "。") is None
    assert parse_doc_number("黔府发2021" + PAD + "第8号") == "黔府发〔2021〕8号"


def test_keywords_of_a_text_with_a_year_and_a_long_run_of_spaces() -> None:
    text = "黔府发2021" + PAD + "。产业扶贫项目资金"
    assert keywords("产业扶贫实施方案", text) == "产业扶贫 实施方案 黔府 项目 资金"


def test_query_with_a_year_and_a_long_run_of_spaces() -> None:
    assert normalize_query("黔府发2021" + PAD + "产业") == "黔府发2021" + PAD + "产业"
    assert normalize_query("黔府发2021" + PAD + "8号") == ' "黔府发〔2021〕8号" '
