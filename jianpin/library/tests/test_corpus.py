"""The real-page corpus: it runs, prints both parts, and does not fall below recorded floors.

The floors are the figures recorded when the rules were last changed (see docs/library.md);
raise them when the rules get better, never lower them to make a change pass.
"""
from __future__ import annotations

import hashlib
from functools import cache

import pytest

from jianpin.library.text.corpus import PartScore, evaluate_corpus, load, part_of
from jianpin.library.text.evaluate import main

# part: (documents, metadata fields right, figures right with year, made up)
# The third gathering ("held-out-new") was labelled before the extractor first ran on it.
FLOORS = {"tuning": (51, 333, 201, 0), "held-out": (100, 623, 371, 0),
          "held-out-new": (31, 197, 178, 0),
          # The fourth gathering ("held-out-3") was gathered and labelled while the rules were being
          # changed by someone who never saw it; recorded on the rules measured on it after that change.
          "held-out-3": (44, 276, 168, 0),
          # The fifth gathering was split by URL hash before the extractor first ran on it:
          # tuning-5 was read while the rules were changed, held-out-5 was only scored.
          # held-out-5 stood at 159 fields and 99 figures on the code before that change; the
          # trained title and type scorer (learned.py) raised it from 166 to 167 fields.
          "tuning-5": (27, 178, 102, 0),
          "held-out-5": (27, 167, 103, 0),
          # The sixth gathering, split the same way; tuning-6 was read while the rules were
          # changed (144 fields and 60 figures on the code before the change).
          "tuning-6": (24, 155, 64, 0),
          # held-out-6 was scored once on the code before the change and once after it.
          # The title and region evidence of the ninth round (text support, organs alone,
          # hosting lines) raised it 148 -> 151 fields.
          "held-out-6": (24, 151, 71, 0),
          # The seventh gathering, split the same way; tuning-7 was read while the rules were
          # changed (160 fields and 34 figures on the code before the change).
          "tuning-7": (26, 177, 45, 0),
          # held-out-7 was scored once on the code before the change (149 fields, 44 figures)
          # and once after it. The figure rules written from the tuning parts after that
          # (years, tables, qualifiers, names, 140万6500) raised tuning 199 → 201, tuning-6
          # 62 → 64, tuning-7 42 → 45 and held-out-7 44 → 45, other parts unchanged.
          # The ninth gathering's tuning rules (bracketed labels, addressees, a masthead's city)
          # raised it to 151 fields, the trained title and type scorer (learned.py) to 153.
          "held-out-7": (25, 153, 48, 0),
          # The eighth gathering, split the same way; tuning-8 was read while the rules were
          # changed (155 fields and 104 figures on the code before the change).
          # Figures stated only in a title, counts after 辖 that report an outcome and years of the
          # Republic of China's calendar raised it 114 -> 116 (held-out-8 136 -> 137; no other part
          # changed, none made up).
          "tuning-8": (26, 169, 116, 0),
          # held-out-8 was scored once on the code before the change (154 fields, 134 figures)
          # and once after it (unchanged); the ninth round's title and region evidence raised
          # it to 156 fields, the ninth gathering's tuning rules to 157. The figure rules written
          # from tuning-9 (an amount before 的, digits scaled by 千/百, an aside's year, the start
          # of a change) raised held-out 368 → 371, held-out-new 175 → 178, held-out-3 166 → 168,
          # held-out-7 45 → 48, tuning-8 113 → 114 and held-out-8 134 → 136 (figures). The
          # trained title and type scorer raised it to 160 fields; figures stated only in a title
          # and counts after 辖 that report an outcome to 137 figures.
          "held-out-8": (26, 160, 137, 0),
          # The ninth gathering, split the same way; tuning-9 was read while the rules were
          # changed (147 fields and 70 figures on the code before the change, 163 and 86 after;
          # figure units compared after folding, as the other fields are).
          "tuning-9": (26, 163, 86, 0),
          # held-out-9 was scored before the change (159 fields; 52 figures, 84 with units
          # folded) and after it (159 fields, 85 figures); its pages were not read.
          "held-out-9": (26, 159, 85, 0),
          # The tenth gathering, split the same way and scored once, on the code it was added
          # to (after the fix of a city listed as its own parent, which exhausted memory on one
          # held-out-10 page); no rule was changed from either half. The trained scorer retrained
          # with tuning-10 among its pages took tuning-10 to 158 fields (in-sample) and left
          # held-out-10 at 154 (the scorer trained without it gave 154 as well).
          "tuning-10": (26, 158, 119, 0),
          "held-out-10": (26, 154, 101, 0)}


def test_split_is_by_url_hash_and_fixed() -> None:
    data = load()
    parts = {d["id"]: d["part"] for d in data["documents"]}
    assert (sum(p == "held-out" for p in parts.values()), len(parts)) == (100, 535)
    assert sum(p == "held-out-new" for p in parts.values()) == 31
    assert sum(p == "held-out-3" for p in parts.values()) == 44
    assert sum(p == "tuning-5" for p in parts.values()) == 27
    assert sum(p == "held-out-5" for p in parts.values()) == 27
    assert sum(p == "tuning-6" for p in parts.values()) == 24
    assert sum(p == "held-out-6" for p in parts.values()) == 24
    assert sum(p == "tuning-7" for p in parts.values()) == 26
    assert sum(p == "held-out-7" for p in parts.values()) == 25
    assert sum(p == "tuning-8" for p in parts.values()) == 26
    assert sum(p == "held-out-8" for p in parts.values()) == 26
    assert sum(p == "tuning-9" for p in parts.values()) == 26
    assert sum(p == "held-out-9" for p in parts.values()) == 26
    assert sum(p == "tuning-10" for p in parts.values()) == 26
    assert sum(p == "held-out-10" for p in parts.values()) == 26
    assert part_of("https://www.hanyin.gov.cn/Content-2331720.html") == parts["r004"]


def test_every_document_has_a_source_url_and_its_text() -> None:
    for doc in load()["documents"]:
        assert doc["url"].startswith(("http://", "https://"))
        assert doc["path"].read_text(encoding="utf-8").strip()


@cache
def _scores() -> dict[str, PartScore]:
    return evaluate_corpus()  # every part in one pass, shared by the parametrized checks


@pytest.mark.parametrize("part", list(FLOORS))
def test_corpus_does_not_get_worse(part: str) -> None:
    score = _scores()[part]
    documents, fields, figures, made_up = FLOORS[part]
    # Counts only: a failure names no document and shows no mismatch of a held-out part.
    got = (score.documents, score.refused, score.field_totals()[0], score.figures_found,
           score.figures_made_up)
    kept = (got[0] == documents and got[1] == 0 and got[2] >= fields and got[3] >= figures
            and got[4] == made_up)
    assert kept, f"{part}: (documents, refused, fields, figures, made up) = {got}, floors {FLOORS[part]}"


def test_command_prints_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    main([])
    out = capsys.readouterr().out
    with capsys.disabled():
        print("\n" + out)  # the figures of every part in the CI log
    assert "real-page corpus" in out and "figures made up" in out
    header = next(line for line in out.splitlines() if line.startswith("real-page corpus"))
    assert header.split()[2:] == ["tuning", "held-out", "held-out-new", "held-out-3", "tuning-5",
                                  "held-out-5", "tuning-6", "held-out-6", "tuning-7",
                                  "held-out-7", "tuning-8", "held-out-8", "tuning-9",
                                  "held-out-9", "tuning-10", "held-out-10"]


def test_fifth_gathering_split_by_url_hash_before_any_run() -> None:
    """Sorted by the SHA-1 of their URLs, the pages alternate between the two halves."""
    docs = [d for d in load()["documents"] if d["part"] in ("tuning-5", "held-out-5")]
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["url"].encode("utf-8")).hexdigest())
    assert [d["part"] for d in ordered] == ["tuning-5", "held-out-5"] * 27


def test_sixth_gathering_split_by_url_hash_before_any_run() -> None:
    docs = [d for d in load()["documents"] if d["part"] in ("tuning-6", "held-out-6")]
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["url"].encode("utf-8")).hexdigest())
    assert [d["part"] for d in ordered] == ["tuning-6", "held-out-6"] * 24
    assert [d["id"] for d in sorted(docs, key=lambda d: d["id"])][::47] == ["r283", "r330"]


def test_seventh_gathering_split_by_url_hash_before_any_run() -> None:
    docs = [d for d in load()["documents"] if d["part"] in ("tuning-7", "held-out-7")]
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["url"].encode("utf-8")).hexdigest())
    assert [d["part"] for d in ordered] == (["tuning-7", "held-out-7"] * 26)[:51]
    assert [d["id"] for d in sorted(docs, key=lambda d: d["id"])][::50] == ["r331", "r381"]


def test_eighth_gathering_split_by_url_hash_before_any_run() -> None:
    docs = [d for d in load()["documents"] if d["part"] in ("tuning-8", "held-out-8")]
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["url"].encode("utf-8")).hexdigest())
    assert [d["part"] for d in ordered] == ["tuning-8", "held-out-8"] * 26
    assert [d["id"] for d in sorted(docs, key=lambda d: d["id"])][::51] == ["r382", "r433"]


def test_ninth_gathering_split_by_url_hash_before_any_run() -> None:
    docs = [d for d in load()["documents"] if d["part"] in ("tuning-9", "held-out-9")]
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["url"].encode("utf-8")).hexdigest())
    assert [d["part"] for d in ordered] == ["tuning-9", "held-out-9"] * 26
    assert [d["id"] for d in sorted(docs, key=lambda d: d["id"])][::51] == ["r434", "r485"]
    queries = [q for q in load()["queries"] if q["part"] == "held-out-9"]
    assert len(queries) == 24
    assert {e for q in queries for e in q["expect"]} <= {d["id"] for d in load()["documents"]}


def test_tenth_gathering_split_by_url_hash_before_any_run() -> None:
    docs = [d for d in load()["documents"] if d["part"] in ("tuning-10", "held-out-10")]
    ordered = sorted(docs, key=lambda d: hashlib.sha1(d["url"].encode("utf-8")).hexdigest())
    assert [d["part"] for d in ordered] == ["tuning-10", "held-out-10"] * 26
    assert [d["id"] for d in sorted(docs, key=lambda d: d["id"])][::51] == ["r486", "r537"]
    queries = [q for q in load()["queries"] if q["part"] == "held-out-10"]
    assert len(queries) == 24
    held_out = {d["id"] for d in docs if d["part"] == "held-out-10"}
    assert {e for q in queries for e in q["expect"]} <= held_out
