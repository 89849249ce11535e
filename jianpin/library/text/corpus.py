"""The real-page evaluation corpus: documents labelled by hand, split before any tuning.

    jianpin/library/tests/data/corpus/corpus.json   labels, source URLs and queries
    jianpin/library/tests/data/corpus/docs/*.txt     page text as retrieved

A document (or query) of the first gathering belongs to the held-out part when the SHA-1 of its
URL (or query text) is divisible by 3. The split depends only on the URL, so it was fixed before
the rules were changed and cannot be moved by them. Documents and queries added later carry
`"split": "held-out"`: they were labelled after the rules were written and are never used to
tune them. The third gathering (`"split": "held-out-new"`) was labelled by hand before the
extractor was ever run on it, after the last rule change, and is reported on its own. The fourth
gathering (`"split": "held-out-3"`) was gathered and labelled while the rules were being changed by
someone who never saw it, and is reported on its own too. The fifth gathering was split in two by
the SHA-1 of its URLs before the extractor first ran on it: `"tuning-5"` may be looked at while
rules are changed, `"held-out-5"` is scored only before and after such a change. The sixth
gathering was split the same way into `"tuning-6"` and `"held-out-6"`, the seventh into
`"tuning-7"` and `"held-out-7"`, the eighth into `"tuning-8"` and `"held-out-8"`, the ninth into
`"tuning-9"` and `"held-out-9"`, the tenth into `"tuning-10"` and `"held-out-10"`. A figure's
unit is compared folded, as the fields are: labels keep the page's script (萬人), the extractor
reads folded text (万人).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jianpin.library.text.fold import compact, fold
from jianpin.library.text.metadata import Metadata, extract_metadata
from jianpin.library.text.numerals import as_digits
from jianpin.library.text.readers import read_path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus" / "corpus.json"
FIELDS = ("title", "issuer", "doc_number", "issued_on", "published_on", "region", "doc_type")
PARTS = ("tuning", "held-out", "held-out-new", "held-out-3", "tuning-5", "held-out-5", "tuning-6",
         "held-out-6", "tuning-7", "held-out-7", "tuning-8", "held-out-8",
         "tuning-9", "held-out-9", "tuning-10", "held-out-10")


def part_of(key: str) -> str:
    """'held-out' for a third of the keys (by SHA-1), 'tuning' for the rest."""
    return "held-out" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 3 == 0 \
        else "tuning"


def load(path: Path = CORPUS) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["documents"]:
        doc["part"] = doc.get("split") or part_of(doc["url"])
        doc["path"] = path.parent / doc["file"]
    for query in data["queries"]:
        query["part"] = query.get("split") or part_of(query["q"])
    return data


def _got(meta: Metadata, name: str) -> str | None:
    if name == "region":
        return meta.region_name
    value = meta.as_json()[name]
    return value or None


def _same(got: str | None, want: str | None) -> bool:
    if want is None or got is None:
        return want is None and got is None
    return compact(got) == compact(want)


def _unit(unit: str) -> str:
    """A unit as it is matched: folded like every other field (萬人 is 万人), ％ is %."""
    return "%" if unit == "％" else fold(unit)


def _number_in(value: Decimal, text: str) -> bool:
    """True when the value is written in the text, in digits or in Chinese numerals (so the
    figure was not made up)."""
    written = text.replace(",", "") + "\n" + as_digits(text).replace(",", "")
    numbers = {Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", written)}
    return value in numbers


@dataclass
class PartScore:
    documents: int = 0
    refused: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    figures_expected: int = 0
    figures_found: int = 0          # year, value and unit right
    figures_value_found: int = 0    # value and unit right, year ignored
    figures_extracted: int = 0
    figures_unlabelled: int = 0     # extracted, not among the labels
    figures_made_up: int = 0        # extracted value written nowhere in the text
    misses: list[str] = field(default_factory=list)

    def field_totals(self) -> tuple[int, int]:
        return sum(h for h, _ in self.fields.values()), sum(n for _, n in self.fields.values())


def _score_document(doc: dict[str, Any], score: PartScore) -> None:
    raw = read_path(doc["path"])
    meta = extract_metadata(raw.text, raw.title_hint)
    score.documents += 1
    if not meta.body.strip() or not meta.title.strip():
        score.refused += 1
        score.misses.append(f"{doc['id']}: would be refused (no title or body)")
    for name in FIELDS:
        want = doc["expected"][name]
        if name == "title" and want is None:
            continue  # the page shows no title: any readable title will do
        got = _got(meta, name)
        score.fields[name][1] += 1
        if _same(got, want):
            score.fields[name][0] += 1
        else:
            score.misses.append(f"{doc['id']}: {name} = {got!r}, expected {want!r}")
    have = [(t.year, t.value, _unit(t.unit)) for t in meta.targets]
    want_figs = [(f["year"], Decimal(str(f["value"])), _unit(f["unit"])) for f in doc["figures"]]
    score.figures_expected += len(want_figs)
    score.figures_extracted += len(have)
    for fig in want_figs:
        if fig in have:
            score.figures_found += 1
        else:
            score.misses.append(f"{doc['id']}: figure missed {fig[0]} {fig[1]} {fig[2]}")
        if any(h[1:] == fig[1:] for h in have):
            score.figures_value_found += 1
    plain = compact(raw.text)
    for year, value, unit in have:
        if (year, value, unit) not in want_figs:
            score.figures_unlabelled += 1
        if not _number_in(value, plain):
            score.figures_made_up += 1
            score.misses.append(f"{doc['id']}: figure made up {year} {value} {unit}")


def evaluate_corpus(path: Path = CORPUS) -> dict[str, PartScore]:
    """Scores of metadata and figure extraction for the tuning and held-out parts."""
    scores = {p: PartScore() for p in PARTS}
    for doc in load(path)["documents"]:
        _score_document(doc, scores[doc["part"]])
    return scores


def _pct(hit: int, total: int) -> str:
    return f"{hit:>3}/{total:<3} {100 * hit / max(total, 1):5.1f}%"


def report_corpus(scores: dict[str, PartScore], verbose: bool = False) -> str:
    parts = list(scores)
    lines = [f"{'real-page corpus':<22}" + "".join(f"{p:>18}" for p in parts)]

    def row(label: str, values: list[tuple[int, int]]) -> None:
        lines.append(f"{label:<22}" + "".join(f"{_pct(h, n):>18}" for h, n in values))

    lines.append(f"{'documents':<22}" + "".join(f"{scores[p].documents:>18}" for p in parts))
    row("not refused", [(s.documents - s.refused, s.documents) for s in scores.values()])
    for name in FIELDS:
        row(name, [tuple(s.fields[name]) for s in scores.values()])  # type: ignore[misc]
    row("all fields", [s.field_totals() for s in scores.values()])
    row("figures (year+value)", [(s.figures_found, s.figures_expected) for s in scores.values()])
    row("figures (value only)", [(s.figures_value_found, s.figures_expected)
                                 for s in scores.values()])
    row("figures labelled", [(s.figures_extracted - s.figures_unlabelled, s.figures_extracted)
                             for s in scores.values()])
    lines.append(f"{'figures made up':<22}" + "".join(f"{s.figures_made_up:>18}"
                                                       for s in scores.values()))
    if verbose:
        for part, score in scores.items():
            lines += ["", f"{part} mismatches:"] + [f"  {m}" for m in score.misses]
    return "\n".join(lines)
