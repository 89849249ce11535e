"""The fast segmenter gives jieba's words: the index holds what it held with jieba alone.

`segment.cut` hands runs of Chinese characters to rjieba; these tests compare it, and the index
text built on it, with jieba's own cut on every real page of the corpus, the samples and the
seed pages, and on runs that mix numbers, dates, letters and traditional script.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jianpin.library import DEMO_DATA
from jianpin.library.indexing import index_fields
from jianpin.library.text import segment
from jianpin.library.text.fold import fold
from jianpin.library.text.readers import read_path

DATA = Path(__file__).resolve().parent / "data"
# the corpus pages (the demo's reports among them), then the seed pages and the samples
FOLDERS = [DATA, DEMO_DATA / "seeds", DEMO_DATA / "samples"]


def _texts() -> list[tuple[str, str]]:
    out = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".txt", ".html", ".docx", ".pdf") and path.is_file():
                out.append((path.relative_to(folder.parent).as_posix(), read_path(path).text))
    return out


def _jieba_index_tokens(text: str) -> list[str]:
    """The index tokens as they were built before rjieba: jieba's cut, then sub-words."""
    tk = segment.tokenizer()
    out: list[str] = []
    for word in tk.cut(text):
        word = word.strip().lower()
        if not word or not segment.is_word(word):
            continue
        size = len(word)
        if size > 2:
            for n in range(2, size):
                out.extend(g for g in (word[i:i + n] for i in range(size - n + 1))
                           if tk.FREQ.get(g))
        out.append(word)
    return out


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str]]:
    found = _texts()
    assert len(found) >= 190  # the corpus (180 pages), the samples and the seeds
    return found


def test_cut_equals_jieba_on_every_page(texts: list[tuple[str, str]]) -> None:
    differing = [name for name, text in texts
                 if segment.cut(fold(text)) != list(segment.tokenizer().cut(fold(text)))]
    assert differing == []


def test_index_text_equals_jieba_on_every_page(texts: list[tuple[str, str]]) -> None:
    differing = []
    for name, text in texts:
        title = text.strip().splitlines()[0] if text.strip() else ""
        fields = index_fields(title, "", "", text)
        expected = (" ".join(_jieba_index_tokens(fold(title))), "", "",
                    " ".join(_jieba_index_tokens(fold(text))))
        if fields != expected:
            differing.append(name)
    assert differing == []


@pytest.mark.parametrize("text", [
    "发布时间：2022-06-23 编辑：张三 来源：www.gov.cn",
    "到2025年，农村居民人均可支配收入达到15000元左右，贫困发生率3.1%，比上年末下降0.6个百分点。",
    "黔府办发〔2021〕88号 A股 B超 T恤 3D打印 PM2.5 5G基站 GDP增长6.5%",
    "總書(shū)記強調，鞏固拓展脫貧攻堅成果同鄉村振興有效銜接",
    "“两不愁三保障”和饮水安全；易地扶贫搬迁后续扶持；东西部扶贫协作。\r\n\t  新闻 汇总",
    "",
])
def test_mixed_runs_equal_jieba(text: str) -> None:
    folded = fold(text)
    assert segment.cut(folded) == list(segment.tokenizer().cut(folded))
    assert segment.index_tokens(folded) == _jieba_index_tokens(folded)


def test_remembered_runs_give_the_tokens_of_the_cut(texts: list[tuple[str, str]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """index_tokens remembers each run's tokens: the first and the second time, and with a
    store that is emptied all the time, they are the cut's words with their sub-words."""
    def from_cut(text: str) -> list[str]:
        return [t for word in segment.cut(text) for t in segment._expansion(word)]

    segment._RUN_TOKENS.clear()
    for _name, text in texts:
        folded = fold(text)
        expected = from_cut(folded)
        assert segment.index_tokens(folded) == expected
        assert segment.index_tokens(folded) == expected
    monkeypatch.setattr(segment, "_RUN_TOKENS_MAX", 3)
    segment._RUN_TOKENS.clear()
    text = "到2025年，农村居民人均可支配收入达到15000元；到2025年，脱贫人口务工规模稳定。"
    assert segment.index_tokens(text) == from_cut(text)
    assert len(segment._RUN_TOKENS) <= 3
