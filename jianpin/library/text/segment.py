"""Chinese word segmentation with jieba and a poverty-reduction domain dictionary.

One tokenizer per process, built lazily; the domain words keep terms such as 精准扶贫 and
两不愁三保障 whole, the place words (`place_words`) the names of provinces, prefectures and
leagues and their short forms (锡盟国贫旗 is 锡盟|国贫旗, not 锡|盟国|贫旗). Index text uses
search mode (whole words plus their sub-words) so a query for 扶贫 also finds 精准扶贫; queries
use precise mode so 精准扶贫 means the whole term.

Segmentation is most of the cost of indexing, so `cut` hands the runs of Chinese characters
to rjieba (jieba's algorithm compiled, loaded with the same dictionary and the same domain
words) and everything else to jieba itself. jieba cuts each run of word characters on its own,
so the two can be mixed run by run; runs that mix Chinese with letters or digits stay with
jieba, whose handling of numbers, dates and codes rjieba does not reproduce. The tests check
that both give the same words on the corpus, the samples and generated documents.
"""
from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

import jieba
import rjieba

from jianpin.library.text.fold import fold

_LOCK = threading.Lock()
_TOKENIZER: jieba.Tokenizer | None = None
_FAST: rjieba.Jieba | None = None
# jieba's own split of text into runs it segments (word characters) and the rest.
_RUN = jieba.re_han_default
_SKIP = jieba.re_skip_default
_CHINESE_RUN = re.compile("[\u4e00-\u9fd5]+")
_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_LONE_CHARACTER = re.compile("[\u3400-\u9fff]")

# Frequent words that carry no meaning on their own; kept out of hot words and similarity.
STOPWORDS = frozenset(
    """的 了 和 与 及 等 在 是 为 对 把 将 由 从 以 于 按 按照 要 有 个 这 那 其 之 或 并 也 又
    中 上 下 内 后 前 年 月 日 各 全 该 此 所 被 向 到 让 使 就 都 而 但 如 若 则 即 我 我们 你们
    进一步 加强 推进 实施 开展 工作 坚持 全面 加大 确保 建立 完善 健全 落实 提高 推动 深入 积极
    相关 有关 重点 主要 继续 持续 着力 不断 切实 强化 做好 抓好 提升 加快 支持 实现 通过 以上
    以下 左右 一个 一批 同志 方面 情况 问题 单位 部门 责任 机制 政策 措施 要求 基础 能力 水平
    责任单位 牵头单位 各县 各镇 各乡镇 县直 州直 省直 市直 同时 其他 特别 方式 作用 进行 组织
    政府 人民政府 管委会 牵头 万人 亿元 万元 意见 通知 方案 印发 贯彻 负责 各级 我县 我州 我省
    党委 区党委 工委 党工委 各县市 县市 领导""".split()
)


def tokenizer() -> jieba.Tokenizer:
    """The shared jieba tokenizer with the domain dictionary loaded."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                for word, freq in _domain_words():
                    tk.add_word(word, freq)
                _TOKENIZER = tk
    return _TOKENIZER


def _domain_words() -> list[tuple[str, int | None]]:
    """The domain words, then the division tree's province, prefecture and league names and
    short forms (`place_words`: 锡盟, 湘西州), each `word [frequency [tag]]` a line."""
    out: list[tuple[str, int | None]] = []
    for name in ("domain_words.txt", "place_words.txt"):
        ref = resources.files("jianpin.library.text").joinpath(name)
        out += [(parts[0], int(parts[1]) if len(parts) > 1 else None)
                for parts in (line.split() for line in ref.read_text(encoding="utf-8").splitlines())
                if parts]
    return out


def _fast() -> rjieba.Jieba:
    """rjieba with jieba's dictionary (its own copy) and the domain words added in order."""
    global _FAST
    if _FAST is None:
        with _LOCK:
            if _FAST is None:
                fast = rjieba.Jieba()
                for word, freq in _domain_words():
                    fast.add_word(word, freq, None)
                _FAST = fast
    return _FAST


def preload() -> None:
    """Load both dictionaries now (a parent process before it forks its workers: they share
    them instead of each reading jieba's, about 2 CPU s, again)."""
    tokenizer()
    _fast()


def cut(text: str) -> list[str]:
    """jieba's precise-mode cut of text (with the hidden Markov model for unknown words).

    The same words as `tokenizer().cut(text)`, in the same order, punctuation and spaces
    included; runs of Chinese characters only are cut by rjieba.
    """
    out: list[str] = []
    known = _RUN_WORDS.get
    for run in _RUN.split(text):
        if run:
            words = known(run)
            out.extend(words if words is not None else _cut_run(run))
    return out


def _cut_run(run: str) -> tuple[str, ...]:
    """The words of one piece of `_RUN.split`: jieba cuts each on its own, whatever is around.

    Remembered (bounded), shared by the index tokens and the precise-mode words (keywords): a
    document's body is cut once for both.
    """
    words: tuple[str, ...]
    if _CHINESE_RUN.fullmatch(run):
        words = tuple(_fast().cut(run))
    elif _RUN.match(run):
        words = tuple(tokenizer().cut(run))
    else:
        out: list[str] = []
        for part in _SKIP.split(run):
            if _SKIP.match(part):
                out.append(part)
            else:
                out.extend(part)
        words = tuple(out)
    if len(_RUN_WORDS) >= _RUN_WORDS_MAX:
        _RUN_WORDS.clear()
    _RUN_WORDS[run] = words
    return words


def is_word(token: str) -> bool:
    """True for tokens with at least one letter, digit or CJK character."""
    return bool(_WORD.search(token))


def words(text: str) -> list[str]:
    """Precise-mode words of text, punctuation and spaces dropped."""
    return [t for t in (w.strip() for w in cut(text)) if t and is_word(t)]


def index_tokens(text: str) -> list[str]:
    """Tokens for the full-text index: each word, preceded by its dictionary sub-words.

    Like jieba's search mode, but with sub-words of every length, so 村集体经济 also yields
    集体经济 (jieba's own search mode stops at three characters).

    A run of `_RUN.split` is cut on its own (see `cut`), so its tokens are remembered: policy
    texts repeat their clauses (dates, formulas, names of offices) within and across documents.
    """
    out: list[str] = []
    known = _RUN_TOKENS.get
    for run in _RUN.split(text):
        if not run:
            continue
        tokens = known(run)
        if tokens is None:
            tokens = _run_tokens(run)
        out.extend(tokens)
    return out


# A run's words, its index tokens and a word's, remembered (bounded: emptied when full).
_RUN_WORDS: dict[str, tuple[str, ...]] = {}
_RUN_WORDS_MAX = 100_000
_RUN_TOKENS: dict[str, tuple[str, ...]] = {}
_RUN_TOKENS_MAX = 100_000
_EXPANSIONS: dict[str, tuple[str, ...]] = {}
_EXPANSIONS_MAX = 200_000


def _run_tokens(run: str) -> tuple[str, ...]:
    known = _EXPANSIONS.get
    out: list[str] = []
    words = _RUN_WORDS.get(run)
    for word in words if words is not None else _cut_run(run):
        tokens = known(word)
        if tokens is None:
            tokens = _expansion(word)
        out.extend(tokens)
    if len(_RUN_TOKENS) >= _RUN_TOKENS_MAX:
        _RUN_TOKENS.clear()
    result = _RUN_TOKENS[run] = tuple(out)
    return result


def _expansion(raw: str) -> tuple[str, ...]:
    """The index tokens of one word of `cut`: its dictionary sub-words, then itself."""
    word = raw.strip().lower()
    if not word or not is_word(word):
        tokens: tuple[str, ...] = ()
    else:
        freq = tokenizer().FREQ
        size = len(word)
        subwords = [g for n in range(2, size) for g in (word[i:i + n] for i in range(size - n + 1))
                    if freq.get(g)]
        tokens = (*subwords, word)
    if len(_EXPANSIONS) >= _EXPANSIONS_MAX:
        _EXPANSIONS.clear()
    _EXPANSIONS[raw] = tokens
    return tokens


def segmented(text: str) -> str:
    """Text as space-separated index tokens, ready for FTS5 or to_tsvector('simple').

    The text is folded first (simplified script, no pinyin readings), as queries are.
    """
    return " ".join(index_tokens(fold(text)))


def synonym_map(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each folded term of the groups (one group a line, words apart) → its whole group."""
    out: dict[str, tuple[str, ...]] = {}
    for line in lines:
        group = tuple(dict.fromkeys(fold(w) for w in line.split()))
        if len(group) < 2 or line.lstrip().startswith("#"):
            continue
        for word in group:
            out[word] = tuple(dict.fromkeys(out.get(word, ()) + group))
    return out


def shipped_synonym_lines() -> list[str]:
    """The groups shipped in synonyms.txt (comments and blank lines dropped)."""
    ref = resources.files("jianpin.library.text").joinpath("synonyms.txt")
    return [line.strip() for line in ref.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def _shipped_synonyms() -> dict[str, tuple[str, ...]]:
    return synonym_map(shipped_synonym_lines())


# Where the editable groups live (the library app installs its table at start-up): a cheap
# version read on every call (a query's parse calls once), and the groups, reread only when
# the version moves. A version of None means no list is stored (no database here): the
# shipped file is used.
_SYNONYM_SOURCE: tuple[Callable[[], int | None], Callable[[], list[str]]] | None = None
_SYNONYM_CACHE: tuple[int, dict[str, tuple[str, ...]]] | None = None


def set_synonym_source(version: Callable[[], int | None], lines: Callable[[], list[str]]) -> None:
    global _SYNONYM_SOURCE, _SYNONYM_CACHE
    _SYNONYM_SOURCE, _SYNONYM_CACHE = (version, lines), None


def synonyms() -> dict[str, tuple[str, ...]]:
    """The curated synonym groups: each folded term → its whole group.

    Query-time only (the index holds words as written), so a changed group applies to the
    next search in every process, with no rebuild of the index.
    """
    global _SYNONYM_CACHE
    if _SYNONYM_SOURCE is None:
        return _shipped_synonyms()
    version_of, lines_of = _SYNONYM_SOURCE
    version = version_of()
    if version is None:
        return _shipped_synonyms()
    cached = _SYNONYM_CACHE
    if cached is None or cached[0] != version:
        cached = _SYNONYM_CACHE = (version, synonym_map(lines_of()))
    return cached[1]


def query_tokens(term: str) -> list[str]:
    """Tokens a query term must all match (precise mode, lower-cased).

    A term that is itself a dictionary word stays whole: alone, 五华 would be cut into 五 and
    华, while in running text (and so in the index) it is one word.

    A single Chinese character cut off a longer term is left out when the term has other
    words: in running text it is usually part of a neighbouring word (贫穷率达 is cut 贫穷 |
    率达), and the index holds words and their dictionary sub-words, never lone characters
    taken out of a word, so requiring it would miss the text (香港贫穷率 → 香港, 贫穷).
    """
    term = term.strip()
    if len(term) >= 2 and tokenizer().FREQ.get(term):
        return [term.lower()]
    tokens = [w.lower() for w in words(term)]
    longer = [w for w in tokens if not _LONE_CHARACTER.fullmatch(w)]
    return longer if longer else tokens


def content_words(text: str) -> list[str]:
    """Meaningful words: two or more characters, not numbers, not stopwords."""
    return [
        w for w in words(text)
        if len(w) >= 2 and w not in STOPWORDS and not w.replace(".", "").isdigit()
        and not w.isascii()
    ]


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """jieba's inverse document frequencies, and their median for unknown words."""
    table: dict[str, float] = {}
    ref = resources.files("jieba.analyse").joinpath("idf.txt")
    for line in ref.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2] if values else 10.0


def top_terms(text: str, n: int = 20) -> list[tuple[str, int]]:
    """The n most characteristic content words (TF-IDF) of text, with their counts."""
    counts = Counter(content_words(text))
    idf, median = _idf()
    ranked = sorted(counts, key=lambda w: (-counts[w] * idf.get(w, median), w))
    return [(w, counts[w]) for w in ranked[:n]]
