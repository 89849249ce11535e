"""A document's keywords: its most characteristic topic words, never function words.

The stop-word list (stop_words.txt: 关于, 印发, 通知, 工作 ...) is the one the hot lists use, so a
word kept off the public lists is never a document's keyword either.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from jianpin.library.text import segment
from jianpin.library.text.fold import compact

KEYWORDS = 12
# The document's own and cited numbers, whole or damaged (黔西南府办发〔2021〕9号, 黔府发2019 6号):
# their 代字 (办发, 黔府, 洛扶组) name an office's series, not a topic.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,6}[发函字组办通规文府]\s*+[〔\[(（【［〖]?\s*+(?:19|20)\d{2}"
                         r"\s*+[〕\])）】］〗年]?\s*+第?\s*+\d{1,4}\s*+号")
# Article and chapter numbers (第三条, 第二章) and amounts' qualifiers (万元以上, 50人以下).
_NOT_TOPIC = re.compile(r"第[一二三四五六七八九十百零〇\d]+[条章节款项部分]|.*(?:以上|以下|左右)")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words that name no topic (the maintained list in stop_words.txt), folded."""
    ref = resources.files("jianpin.library.text").joinpath("stop_words.txt")
    lines = ref.read_text(encoding="utf-8").splitlines()
    return frozenset(compact(w) for w in lines if w.strip() and not w.startswith("#"))


def keywords(title: str, text: str) -> str:
    """The document's most characteristic content words (title words counted three times),
    stop words left out, space-separated."""
    stop = stop_words()
    text = _DOC_NUMBER.sub(" ", f"{title}\n{title}\n{title}\n{text}")
    terms = segment.top_terms(text, KEYWORDS + len(stop))
    kept = [w for w, _ in terms if w not in stop and not _NOT_TOPIC.fullmatch(w)]
    return " ".join(kept[:KEYWORDS])
