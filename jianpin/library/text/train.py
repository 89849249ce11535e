"""Train the title and type scorer (`learned.py`) on the tuning parts of the real-page corpus.

    python -m jianpin.library.text.train [--cv] [--rounds N] [--out FILE] [--corpus JSON]

Reads only the parts whose name starts with "tuning" (the first gathering's tuning half,
tuning-5 … tuning-10); held-out pages are never opened. --cv prints, for each tuning part, how
the scorer trained on the other tuning parts chooses on it, beside the rules' own choice (the
rules were written looking at every tuning part, so their figure is in-sample). Without --cv
the scorer is trained on every tuning part and written to FILE (default: the shipped
`model.json`). Deterministic: same corpus, same weights.
"""
from __future__ import annotations

import argparse
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jianpin.library.text import fields, learned
from jianpin.library.text.chrome import read_page, title_candidates, titled
from jianpin.library.text.corpus import CORPUS, load
from jianpin.library.text.fold import compact, fold
from jianpin.library.text.learned import Features, dot
from jianpin.library.text.metadata import with_subtitle
from jianpin.library.text.readers import RawText, read_path

MODEL = Path(__file__).resolve().parent / "model.json"
ROUNDS = 300
L2 = 0.01
COPIES = 3
FURNITURE = 3
SEED = 20261202
RATE = 1.0


@dataclass
class Page:
    """One tuning page as the scorer sees it."""

    part: str
    candidates: list[tuple[int, Features]]  # the rules' title candidates (empty: decided)
    right: set[int]                         # the candidates that give the labelled title
    ruled: int                              # the rules' choice
    signals: Features                       # the type signals
    ruled_type: str | None
    doc_type: str | None
    furniture: list[str]                    # short lines above the rules' title
    augmented: bool = False


def tuning_documents(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [d for d in load(path)["documents"] if d["part"].startswith("tuning")]


def read(doc: dict[str, Any], raw: RawText, extra: Sequence[str] = ()) -> Page:
    """A tuning page's title candidates and type signals; extra: lines put on top of it."""
    text, hint = fold(raw.text), fold(raw.title_hint)
    page = read_page("\n".join([*extra, text]))
    early, best, candidates = title_candidates(page.kept, hint, page.bylined, page.crumb)
    want = doc["expected"]["title"]
    if early is not None or best < 0 or want is None:
        candidates = []
    right = {i for i, _ in candidates
             if compact(fields.clean_title(with_subtitle(titled(page, i, hint)).title))
             == compact(want)}
    chosen = with_subtitle(titled(page, learned.rank_title(candidates, best) if candidates
                                  else (early if early is not None else best), hint))
    ruled = fields.doc_type(chosen.title, chosen.meta, chosen.header, chosen.body)
    signals = fields.type_signals(chosen.title, chosen.meta, chosen.header, chosen.body, ruled)
    return Page(doc["part"], candidates, right, best, signals, ruled, doc["expected"]["doc_type"],
                [ln for ln in chosen.header if len(ln) <= 30], bool(extra))


def read_all(documents: Sequence[dict[str, Any]], copies: int = COPIES) -> list[Page]:
    """Every tuning page, and copies of those with a title among the candidates under
    FURNITURE lines of other pages of the same part (the short lines above their titles: real
    menus, site names, channels), drawn at random with a fixed seed: more pages where the
    rules' favourite is not the title, and no line of another part in them."""
    raws = [read_path(doc["path"]) for doc in documents]
    pages = [read(doc, raw) for doc, raw in zip(documents, raws, strict=True)]
    rng, originals = random.Random(SEED), list(pages)
    for _ in range(copies):
        for n, (doc, raw, page) in enumerate(zip(documents, raws, originals, strict=True)):
            pool = [ln for k, p in enumerate(originals)
                    if p.part == page.part and k != n for ln in p.furniture]
            if page.right and len(pool) >= FURNITURE:
                pages.append(read(doc, raw, rng.sample(pool, FURNITURE)))
    return pages


def fit(lists: Sequence[tuple[list[Features], set[int]]], rounds: int = ROUNDS,
        l2: float = L2, rate: float = RATE) -> dict[str, float]:
    """A conditional logit (softmax over each list's choices, the right ones as one outcome)
    fitted by full-batch gradient ascent with an L2 penalty: the weights of `dot`."""
    w: dict[str, float] = defaultdict(float)
    for _ in range(rounds):
        grad: dict[str, float] = defaultdict(float)
        for choices_, right in lists:
            scores = [dot(w, f) for f in choices_]
            top = max(scores)
            p = [math.exp(s - top) for s in scores]
            total, gold = sum(p), sum(p[j] for j in right)
            for j, f in enumerate(choices_):
                delta = (p[j] / gold if j in right else 0.0) - p[j] / total
                for name, value in f.items():
                    grad[name] += delta * value
        for name in set(grad) | set(w):
            w[name] += rate * (grad[name] / len(lists) - l2 * w[name])
    return {k: round(v, 4) for k, v in sorted(w.items()) if round(v, 4)}


def train_titles(pages: Sequence[Page], rounds: int = ROUNDS) -> dict[str, float]:
    """Which candidate line is the title: one list of candidates per page that has a right one."""
    return fit([([f for _, f in p.candidates], {j for j, (i, _) in enumerate(p.candidates)
                                                if i in p.right})
                for p in pages if p.right], rounds)


def train_types(pages: Sequence[Page], rounds: int = ROUNDS) -> dict[str, float]:
    """Which type: one choice per type, over the same signals."""
    kinds = fields.DOC_TYPES
    return fit([([learned.kind_features(p.signals, k) for k in kinds],
                 {kinds.index(str(p.doc_type))})
                for p in pages if p.doc_type in kinds and p.ruled_type and not p.augmented],
               rounds)


def train(pages: Sequence[Page], rounds: int = ROUNDS) -> dict[str, Any]:
    return {"title": train_titles(pages, rounds), "type": train_types(pages, rounds)}


def choices(model: dict[str, Any], pages: Iterable[Page]) -> tuple[list[int], list[int]]:
    """Titles and types right, [by the scorer, by the rules], over pages with a title to
    choose among candidates and with a type respectively."""
    learned.use(model)
    try:
        title, kind = [0, 0, 0], [0, 0, 0]
        for p in pages:
            if p.candidates:
                title[0] += learned.rank_title(p.candidates, p.ruled) in p.right
                title[1] += p.ruled in p.right
                title[2] += 1
            kind[0] += learned.choose_type(p.signals, p.ruled_type) == p.doc_type
            kind[1] += p.ruled_type == p.doc_type
            kind[2] += 1
        return title, kind
    finally:
        learned.use(None)


def cross_validate(pages: Sequence[Page], rounds: int = ROUNDS) -> str:
    parts = sorted({p.part for p in pages})
    lines = [f"{'held-back part':<14}{'titles: scorer':>16}{'rules':>8}{'types: scorer':>16}{'rules':>8}"]
    sums = [0] * 6
    for part in parts:
        model = train([p for p in pages if p.part != part], rounds)
        title, kind = choices(model, [p for p in pages if p.part == part and not p.augmented])
        lines.append(f"{part:<14}{title[0]:>11}/{title[2]:<4}{title[1]:>8}"
                     f"{kind[0]:>11}/{kind[2]:<4}{kind[1]:>8}")
        for n, v in enumerate(title[:2] + kind[:2] + [title[2], kind[2]]):
            sums[n] += v
    lines.append(f"{'all':<14}{sums[0]:>11}/{sums[4]:<4}{sums[1]:>8}{sums[2]:>11}/{sums[5]:<4}"
                 f"{sums[3]:>8}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jianpin.library.text.train",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate over the tuning parts")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="gradient steps")
    parser.add_argument("--copies", type=int, default=COPIES,
                        help="copies of each page under other pages' furniture")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    learned.use({})  # candidates and signals as the rules alone give them
    try:
        pages = read_all(tuning_documents(args.corpus), args.copies)
    finally:
        learned.use(None)
    if args.cv:
        print(cross_validate(pages, args.rounds))
        return
    model = train(pages, args.rounds)
    model["trained_on"] = sorted({p.part for p in pages})
    model["settings"] = {"rounds": args.rounds, "l2": L2, "copies": args.copies,
                         "furniture": FURNITURE, "seed": SEED}
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"{sum(not p.augmented for p in pages)} tuning pages and "
          f"{sum(p.augmented for p in pages)} copies under furniture; weights written to {args.out}")


if __name__ == "__main__":
    main()
