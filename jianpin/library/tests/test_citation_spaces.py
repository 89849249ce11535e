"""A line with a full stop and a long run of spaces that a page's spaces are not folded from
(U+2000) is read in one pass: the self-citation ("作者. 标题[J]") is read in code, not by a
pattern that tried every way of sharing the run between its two space repeats and the title."""
from __future__ import annotations

from jianpin.library.text.chrome import strip_chrome
from jianpin.library.text.citation import cited_title

RUN = "\u2000" * 3000


def test_cited_title_after_a_long_run_of_spaces() -> None:
    assert cited_title("." + RUN + "x") is None
    assert cited_title("王某." + RUN + "贫困县退出机制研究[J].") == "贫困县退出机制研究"
    assert cited_title("王某. 扶贫[J].") is None  # fewer than 8 characters
    assert cited_title("王某.      扶贫 [J].") == "     扶贫 "  # spaces taken to reach 8


def test_page_with_a_full_stop_and_a_long_run_of_spaces() -> None:
    line = "王某. 贫困县退出机制研究" + RUN + "x"
    page = strip_chrome(line + "\n正文第一段。")
    # the page normaliser folds the run into one space: read as a line with one space is
    assert page == strip_chrome("王某. 贫困县退出机制研究 x\n正文第一段。")
    assert (page.title, page.lines) == ("王某. 贫困县退出机制研究 x", ["正文第一段。"])
