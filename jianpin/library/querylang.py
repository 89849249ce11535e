"""The search box language, parsed to a tree and compiled to FTS5 MATCH or a tsquery.

    精准扶贫 搬迁                 both (a space means AND)
    搬迁 OR 安置, 搬迁 | 安置      either
    扶贫 NOT 新闻, 扶贫 -新闻      the first without the second
    title:方案  issuer:贵州省  number:州党发  body:...  (or 标题: 发文机关: 文号: 正文:)
    "两不愁三保障"  (…)            quoted terms and grouping

Each term is segmented with jieba (precise mode); a term of several words needs all of them.
No user text reaches SQL except as quoted tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from jianpin.kernel.errors import DomainError
from jianpin.library.text.fold import fold
from jianpin.library.text.segment import query_tokens, synonyms, tokenizer

FIELDS = {"title": "title", "标题": "title", "issuer": "issuer", "发文机关": "issuer",
          "number": "number", "文号": "number", "body": "body", "正文": "body"}
PG_WEIGHT = {"title": "A", "issuer": "B", "number": "C", "body": "D"}
_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|“([^”]*)”|([^\s()"“”]+))')
OR_WORDS, AND_WORDS, NOT_WORDS = {"OR", "或", "|"}, {"AND", "与", "&", "+"}, {"NOT", "非"}
MAX_TERMS = 30
# A document number in any of its damaged forms: 汉政办发[2021]88号, 汉政办发（2021）88号,
# 中农组发2021 7号, 甘政办发2017第55号, 汉政办发2021年88号.
_DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{2,10}?)\s*+[〔\[(（【［〖]?\s*+(?P<year>(?:19|20)\d{2})\s*+"
    r"[〕\])）】］〗年]?\s*+第?\s*+(?P<seq>\d{1,4})\s*+号"
)


_OPERATOR = re.compile(r'[()"“”:：|&]|(?:^|\s)[-+]|(?:^|\s)(?:OR|AND|NOT|或|与|非)(?=\s|$)')


def is_plain(query: str) -> bool:
    """True when the query is only words: no field, operator, quote or grouping."""
    return not _OPERATOR.search(query)


def normalize_query(query: str) -> str:
    """The query folded to simplified script, document numbers quoted in canonical form."""
    return _DOC_NUMBER.sub(
        lambda m: f' "{m.group("org")}〔{m.group("year")}〕{int(m.group("seq"))}号" ', fold(query))


class QueryError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__("bad_query", message)


@dataclass(frozen=True)
class Term:
    field: str | None
    tokens: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    # The word as typed, when this node is one word widened (synonyms, word by word).
    text: str = field(default="", compare=False)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    text: str = field(default="", compare=False)


Node = Term | Not | And | Or
Synonyms = dict[str, tuple[str, ...]]


def _lex(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(query):
        if m.group(1):
            out.append(("(", "("))
        elif m.group(2):
            out.append((")", ")"))
        elif m.group(3) is not None or m.group(4) is not None:
            out.append(("term", m.group(3) if m.group(3) is not None else m.group(4)))
        elif m.group(5):
            word = m.group(5)
            kind = ("or" if word.upper() in OR_WORDS else "and" if word.upper() in AND_WORDS
                    else "not" if word.upper() in NOT_WORDS else "term")
            out.append((kind, word))
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], groups: Synonyms) -> None:
        self.tokens, self.i, self.terms, self.groups = tokens, 0, 0, groups

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.i += 1
        return self.tokens[self.i - 1]

    def expr(self) -> Node | None:
        parts = [self.conj()]
        while self.peek() == "or":
            self.take()
            parts.append(self.conj())
        kept = tuple(p for p in parts if p is not None)
        return kept[0] if len(kept) == 1 else (Or(kept) if kept else None)

    def conj(self) -> Node | None:
        parts = [self.unary()]
        while self.peek() in ("and", "not", "term", "("):
            if self.peek() == "and":
                self.take()
            parts.append(self.unary())
        kept = tuple(p for p in parts if p is not None)
        return kept[0] if len(kept) == 1 else (And(kept) if kept else None)

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind == "not":
            self.take()
            child = self.unary()
            return Not(child) if child is not None else None
        if kind == "(":
            self.take()
            inner = self.expr()
            if self.peek() == ")":
                self.take()
            return inner
        if kind == "term":
            return self.term(self.take()[1])
        if kind is not None:
            self.take()
        return None

    def term(self, word: str) -> Node | None:
        negate = word.startswith("-") and len(word) > 1
        word = word[1:] if negate else word
        field = None
        name, sep, rest = word.partition(":") if ":" in word else word.partition("：")
        if sep and name.lower() in FIELDS:
            field, word = FIELDS[name.lower()], rest
            if not word and self.peek() == "term":
                word = self.take()[1]
        tokens = tuple(query_tokens(word))
        if not tokens:
            return None
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"检索词过多（最多 {MAX_TERMS} 个）")
        if field == "issuer":
            node = issuer_term(word, self.groups)
        else:
            node = _with_synonyms(field, word, tokens, self.groups)
        return Not(node) if negate else node


def _alternatives(field: str | None, word: str, groups: Synonyms) -> Node | None:
    group = groups.get(word)
    if not group:
        return None
    terms = [Term(field, tuple(query_tokens(w)), w) for w in group]
    return Or(tuple(t for t in terms if t.tokens), word)


# An issuer's short forms: 省政府 for 省人民政府 (人民 dropped after a place), and the
# synonym groups' words for one another inside a name (贵州省发改委, 贵州省发展和改革委员会).
_PEOPLES_GOVERNMENT = re.compile(r"(?<=[省市县区州旗盟乡镇])人民政府")
_GOVERNMENT = re.compile(r"(?<=[省市县区州旗盟乡镇])政府")
MAX_ISSUER_FORMS = 12


def issuer_forms(word: str, groups: Synonyms) -> list[str]:
    """The ways of writing an issuer: as typed, with and without 人民 between a place and 政府,
    then each with its longest synonym-group word replaced by the group's other words."""
    short = _PEOPLES_GOVERNMENT.sub("政府", word)
    places = list(dict.fromkeys([word, short, _GOVERNMENT.sub("人民政府", short)]))
    alike = _name_synonyms(groups)
    forms = list(places)
    for form in places:
        found = next((w for w in alike if w in form), "")
        forms.extend(form.replace(found, other) for other in alike.get(found, ()))
    return list(dict.fromkeys(forms))[:MAX_ISSUER_FORMS]


def _name_synonyms(groups: Synonyms) -> dict[str, tuple[str, ...]]:
    """Each group word → the group's other words, longest words first, for use inside names.

    A group where one word is another with a qualifier in front (国家发改委, 发改委) is read
    as two: the qualified words (国家发改委, 国家发展改革委, ...) and the same words without
    the qualifier (发改委, 发展改革委, 发展和改革委员会, as a province's names read); a word
    is never replaced by one of the other kind, so 贵州省发改委 does not become 国家发改委.
    """
    pairs: dict[str, list[str]] = {}
    for group in dict.fromkeys(groups.values()):
        qualifiers = {x[:-len(y)] for x in group for y in group if x != y and x.endswith(y)}

        def qualified(word: str) -> bool:
            return any(word.startswith(q) for q in qualifiers)  # noqa: B023

        variants = [group]
        for q in sorted(qualifiers):
            bare = (w[len(q):] if w.startswith(q) else w for w in group)
            variants.append(tuple(dict.fromkeys(w for w in bare if len(w) >= 3)))
        for words in variants:
            for w in words:
                pairs.setdefault(w, []).extend(
                    o for o in words
                    if o != w and qualified(o) == qualified(w) and o not in pairs[w])
    return {w: tuple(pairs[w]) for w in sorted(pairs, key=lambda w: (-len(w), w)) if pairs[w]}


def issuer_filter_forms(value: str) -> list[str]:
    """The names the search form's 发文机关 filter looks for, each as a run of the issuer
    (a phrase): the value as typed and folded to simplified script, in its usual short forms
    (those `issuer:` matches), with the current synonym groups."""
    typed = " ".join(value.split())
    if not typed:
        return []
    folded = fold(typed)
    return list(dict.fromkeys([typed, *issuer_forms(folded, synonyms())]))


def issuer_term(word: str, groups: Synonyms) -> Node:
    """An issuer: term matching the issuer as typed or in any of its usual forms."""
    terms = [Term("issuer", tuple(query_tokens(f)), word) for f in issuer_forms(word, groups)]
    kept = tuple(dict.fromkeys(t for t in terms if t.tokens))
    return kept[0] if len(kept) == 1 else Or(kept, word)


def _with_synonyms(field: str | None, word: str, tokens: tuple[str, ...],
                   groups: Synonyms) -> Node:
    """The term, widened by the curated synonym list: as a whole, else word by word."""
    whole = _alternatives(field, word, groups)
    if whole is not None:
        return whole
    parts = [_alternatives(field, t, groups) for t in tokens]
    if not any(parts):
        return Term(field, tokens, word)
    nodes = tuple(p if p is not None else Term(field, (t,), t) for p, t in zip(parts, tokens, strict=True))
    return nodes[0] if len(nodes) == 1 else And(nodes, word)


def parse(query: str) -> Node | None:
    """The query as a tree; None when it holds no searchable word.

    The synonym groups are read once here (one version read per search), then passed down.
    """
    node = _Parser(_lex(normalize_query(query[:500])), synonyms()).expr()
    if node is not None and not has_positive(node):
        raise QueryError("检索式至少需要一个不带 NOT 的检索词")
    return node


def _halves(word: str) -> tuple[str, str] | None:
    """A compound dictionary word as two dictionary words (产业扶贫 → 产业, 扶贫), if it is one."""
    freq = tokenizer().FREQ
    splits = [(word[:i], word[i:]) for i in range(2, len(word) - 1)
              if freq.get(word[:i]) and freq.get(word[i:])]
    return max(splits, key=lambda s: min(freq[s[0]], freq[s[1]])) if splits else None


def relax_compounds(node: Node) -> Node:
    """The query with each compound word (产业扶贫, 两不愁三保障) also matched by its two parts
    written apart (产业 … 扶贫, “两不愁、三保障”); for a query that finds nothing whole."""
    if isinstance(node, Term):
        halves = _halves(node.tokens[0]) if len(node.tokens) == 1 and \
            len(node.tokens[0]) >= 4 else None
        return Or((node, Term(node.field, halves, node.text))) if halves else node
    if isinstance(node, Not):
        return node
    relaxed = tuple(relax_compounds(c) for c in node.children)
    return type(node)(relaxed)


def words_of(node: Node) -> tuple[list[Node], list[Node]] | None:
    """A query of several words joined by AND: (its positive words, its NOT parts); else None.

    Each positive is one word as typed (widened by synonyms or segmented, as parsed).
    """
    if not isinstance(node, And) or node.text:
        return None
    positives: list[Node] = [c for c in node.children if not isinstance(c, Not)]
    if len(positives) < 2:
        return None
    return positives, [c for c in node.children if isinstance(c, Not)]


def label(node: Node) -> str:
    """The word a node was parsed from, for telling the user which word was left out."""
    if isinstance(node, Term):
        return node.text
    if isinstance(node, Not):
        return label(node.child)
    return node.text or " ".join(label(c) for c in node.children)


def has_positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(has_positive(c) for c in node.children)
    return all(has_positive(c) for c in node.children)


def positive_terms(node: Node | None) -> list[Term]:
    """Terms that must or may match (for highlighting), NOT branches left out."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        return [node]
    return [t for c in node.children for t in positive_terms(c)]


def _fts_quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def to_fts5(node: Node) -> str:
    """FTS5 MATCH text; NOT is binary in FTS5, so negations follow the positives."""
    if isinstance(node, Term):
        parts = [(f"{node.field} : " if node.field else "") + _fts_quote(t) for t in node.tokens]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(c) for c in node.children) + ")"
    if isinstance(node, And):
        pos = [to_fts5(c) for c in node.children if not isinstance(c, Not)]
        neg = [to_fts5(c.child) for c in node.children if isinstance(c, Not)]
        text = "(" + " AND ".join(pos) + ")"
        return "(" + text + "".join(f" NOT {n}" for n in neg) + ")" if neg else text
    raise QueryError("NOT 需要与其他检索词组合使用")


def _pg_quote(token: str, field: str | None) -> str:
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (f":{PG_WEIGHT[field]}" if field else "")


def to_tsquery(node: Node) -> str:
    """Text for to_tsquery('simple', …): & | ! with field weights A-D."""
    if isinstance(node, Term):
        parts = [_pg_quote(t, node.field) for t in node.tokens]
        return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.child)
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(c) for c in node.children) + ")"
    return "(" + " & ".join(to_tsquery(c) for c in node.children) + ")"


def _terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return _terms(node.child)
    return [t for c in node.children for t in _terms(c)]


def title_tsquery(node: Node) -> str | None:
    """For a query whose every term is a title: term, its tsquery without weights (for the
    title's own tsvector); None for any other query."""
    if any(t.field != "title" for t in _terms(node)):
        return None
    return to_tsquery(_unfielded(node))


def _unfielded(node: Node) -> Node:
    if isinstance(node, Term):
        return Term(None, node.tokens, node.text)
    if isinstance(node, Not):
        return Not(_unfielded(node.child))
    return type(node)(tuple(_unfielded(c) for c in node.children))
