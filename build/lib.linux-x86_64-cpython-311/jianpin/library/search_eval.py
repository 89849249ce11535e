"""Recall@k of library search on the real-page corpus's queries (tuning and held-out parts).

Ingests the corpus into the current database, so run it on a scratch database only: the
test `jianpin/library/tests/test_search_corpus.py` does, and prints the figures with -s.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jianpin.kernel.errors import DomainError
from jianpin.library.actions import SystemActor, do_ingest
from jianpin.library.search import SearchParams, search
from jianpin.library.text.corpus import PARTS, load


@dataclass
class Recall:
    hits: int = 0
    queries: int = 0
    misses: list[str] = field(default_factory=list)


def ingest_corpus() -> tuple[dict[int, str], list[str]]:
    """Ingest every corpus document; (document pk → corpus id, ids refused)."""
    ids: dict[int, str] = {}
    refused: list[str] = []
    for doc in load()["documents"]:
        try:
            got = do_ingest(SystemActor(), f"{doc['id']}.txt", doc["path"].read_bytes())
        except DomainError:
            refused.append(doc["id"])
            continue
        ids[got.document.pk] = doc["id"]
    return ids, refused


def recall_at(ids: dict[int, str], k: int = 3) -> dict[str, Recall]:
    """Per part: queries whose top k results hold at least one expected document."""
    out = {p: Recall() for p in PARTS}
    for query in load()["queries"]:
        found = search(SearchParams(q=query["q"], per_page=k))
        top = [ids.get(h.document.pk, "?") for h in found.hits[:k]]
        score = out[query["part"]]
        score.queries += 1
        if set(top) & set(query["expect"]):
            score.hits += 1
        else:
            score.misses.append(f"{query['q']!r}: top {top}, expected {query['expect']}")
    return out


def report(scores: dict[str, Recall]) -> str:
    return "\n".join(f"search recall@3 {part:<9} {s.hits}/{s.queries} "
                     f"{100 * s.hits / max(s.queries, 1):5.1f}%" for part, s in scores.items())
