"""Measure metadata and target extraction against labelled sets; print per-field accuracy.

    python -m jianpin.library.text.evaluate [-v] [--texts DIR] [--corpus JSON | --no-corpus]
                                            [LABELLED_JSON]

Prints the figures of the bundled samples (or LABELLED_JSON) and of the real-page corpus
(every part: tuning, held-out, held-out-new, held-out-3, tuning-5, held-out-5 …; see
`corpus.py`); -v lists every mismatch.

The bundled labelled set is product data beside the demo texts it labels
(`demo_data/labelled.json`, installed with the package); its files are relative to `DEMO_DATA`.
Another set's files are relative to its JSON file, or to `--texts`. The real-page corpus lives
with the tests (`corpus.CORPUS`) and is read only by this command: `--corpus` names another
corpus file, `--no-corpus` leaves it out, and a checkout without the tests' data prints the
bundled figures alone.
Targets are compared as whole tuples (year, subject, indicator, value, unit, qualifier) and as
core tuples (year, value, unit).
"""
from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from jianpin.library import DEMO_DATA
from jianpin.library.text.corpus import CORPUS, evaluate_corpus, report_corpus
from jianpin.library.text.metadata import extract_metadata
from jianpin.library.text.readers import read_path

FIELDS = ("title", "issuer", "doc_number", "issued_on", "published_on", "region_code",
          "doc_type", "category", "status")
DEFAULT_SET = DEMO_DATA / "labelled.json"


def _tuple(t: list[Any] | dict[str, Any]) -> tuple[Any, ...]:
    if isinstance(t, dict):
        t = [t["year"], t["subject"], t["indicator"], t["value"], t["unit"], t["qualifier"]]
    return (t[0], t[1], t[2], Decimal(str(t[3])), t[4], t[5])


def evaluate(labelled: Path, texts: Path | None = None) -> dict[str, Any]:
    """Per-field hits, target precision/recall and the list of mismatches; each case's file is
    read from `texts` (by default, the JSON file's folder)."""
    cases = json.loads(labelled.read_text(encoding="utf-8"))
    folder = labelled.parent if texts is None else texts
    hits = {f: 0 for f in FIELDS}
    misses: list[str] = []
    found_full = found_core = expected_n = extracted_n = 0
    for case in cases:
        raw = read_path(folder / case["file"])
        got = extract_metadata(raw.text, raw.title_hint).as_json()
        for name in FIELDS:
            if got[name] == case["expected"][name]:
                hits[name] += 1
            else:
                misses.append(f"{case['file']}: {name} = {got[name]!r}, expected "
                              f"{case['expected'][name]!r}")
        want = [_tuple(t) for t in case["targets"]]
        # The bundled samples label planned goals only; reported statistics are scored on the
        # real-page corpus.
        have = [_tuple(t) for t in got["targets"] if t["kind"] == "goal"]
        expected_n += len(want)
        extracted_n += len(have)
        found_full += sum(1 for t in want if t in have)
        have_core = [(t[0], t[3], t[4]) for t in have]
        found_core += sum(1 for t in want if (t[0], t[3], t[4]) in have_core)
        misses += [f"{case['file']}: target missed {t}" for t in want if t not in have]
        misses += [f"{case['file']}: target extra {t}" for t in have if t not in want]
    return {"documents": len(cases), "fields": hits, "expected_targets": expected_n,
            "extracted_targets": extracted_n, "targets_exact": found_full,
            "targets_core": found_core, "misses": misses}


def report(result: dict[str, Any]) -> str:
    n = result["documents"]
    lines = [f"documents: {n}"]
    for name, hit in result["fields"].items():
        lines.append(f"{name:<13} {hit:>3}/{n}  {100 * hit / n:5.1f}%")
    total = sum(result["fields"].values())
    lines.append(f"{'all fields':<13} {total:>3}/{n * len(FIELDS)}  "
                 f"{100 * total / (n * len(FIELDS)):5.1f}%")
    exp, ext = result["expected_targets"], result["extracted_targets"]
    for label, key in (("targets exact", "targets_exact"), ("targets core", "targets_core")):
        hit = result[key]
        lines.append(f"{label:<13} recall {hit}/{exp} {100 * hit / max(exp, 1):5.1f}%  "
                     f"precision {hit}/{ext} {100 * hit / max(ext, 1):5.1f}%")
    lines += ["", "mismatches:"] + [f"  {m}" for m in result["misses"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jianpin.library.text.evaluate",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", type=Path,
                        help="a labelled set (JSON); default: the bundled samples")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    parser.add_argument("--texts", type=Path, help="the folder the set's files are in")
    corpus = parser.add_mutually_exclusive_group()
    corpus.add_argument("--corpus", type=Path, help="the real-page corpus file to evaluate "
                        "(default: the one kept with the tests, when present)")
    corpus.add_argument("--no-corpus", action="store_true", help="leave the corpus out")
    args = parser.parse_args(argv)
    labelled: Path = args.labelled or DEFAULT_SET
    texts = args.texts or (DEMO_DATA if args.labelled is None else None)
    text = report(evaluate(labelled, texts))
    print(text if args.verbose else text.split("\n\nmismatches:")[0])
    if args.no_corpus or (args.labelled is not None and args.corpus is None):
        return
    path: Path = args.corpus or CORPUS
    if args.corpus is None and not path.exists():
        return  # an installed package: the corpus stays with the tests
    print()
    print(report_corpus(evaluate_corpus(path), args.verbose))


if __name__ == "__main__":
    main()
