"""Search on the real-page corpus: recall@3 of its queries does not fall below a floor."""
from __future__ import annotations

import pytest

from jianpin.library.search_eval import ingest_corpus, recall_at, report

# part: queries whose expected document is in the top 3 (recorded; raise, never lower)
FLOORS = {"tuning": 54, "held-out": 35, "held-out-new": 15}


@pytest.mark.django_db
def test_corpus_queries_find_their_documents(capsys: pytest.CaptureFixture[str]) -> None:
    ids, refused = ingest_corpus()
    assert refused == []
    scores = recall_at(ids)
    with capsys.disabled():
        print("\n" + report(scores))
        for part, score in scores.items():
            for miss in score.misses:
                print(f"  {part}: {miss}")
    for part, floor in FLOORS.items():
        assert scores[part].hits >= floor
