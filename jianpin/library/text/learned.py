"""A small trained scorer for the two weakest choices: which line is the title, and the type.

The rules (`chrome.title_candidates`, `fields.doc_type`) still find the candidates and the
signals; what this module adds is how much each signal counts, learned from the tuning parts
of the real-page corpus instead of set by hand. Both models are linear over general features
of a page (a line's place, length, punctuation, document-type ending, support by the text
under it, repetition, likeness to the page's HTML title, the short lines around it, organs and
dates near it; for the type: the title's ending, addressees, hand-down and summary formulas,
bylines and news markers, a report's apparatus, numbered goals and articles), trained by an
averaged perceptron (`python -m jianpin.library.text.train`, standard library only). The
weights ship in `model.json`; without them the rules decide alone.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from jianpin.library.text.fields import DOC_TYPES as KINDS
from jianpin.library.text.fields import ORGAN_SUFFIX
from jianpin.library.text.titles import bigrams, organ_only, support

Features = dict[str, float]
_DATE = re.compile(r"(?:19|20)\d{2}\s*(?:[-/.年]\s*\d{1,2})")
_OVERRIDE: list[dict[str, Any]] = []


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    path = resources.files("jianpin.library.text") / "model.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def weights() -> dict[str, Any]:
    """The weights in use: those being trained (see `use`), else the shipped ones."""
    return _OVERRIDE[-1] if _OVERRIDE else _shipped()


def use(model: dict[str, Any] | None) -> None:
    """Score with model (None: the shipped weights again); for training and evaluating."""
    _OVERRIDE.clear()
    if model is not None:
        _OVERRIDE.append(model)


def dot(w: Mapping[str, float], features: Features) -> float:
    return sum(w.get(name, 0.0) * value for name, value in features.items())


def _share(line: str, other: str) -> float:
    pieces = bigrams(line)
    return len(pieces & bigrams(other)) / len(pieces) if pieces and other else 0.0


def title_features(whole: str, lines: list[str], i: int, last: int, hint: str,
                   following: str, rules: Mapping[str, float | bool]) -> Features:
    """What a title candidate (line i, through line last when wrapped) shows: the rules'
    score and signals, its shape, its support by the text under it, its likeness to the
    page's HTML title, and the page around it."""
    n = len(whole)
    share = support(whole, following)
    around = lines[max(0, i - 3):i] + lines[last + 1:last + 4]
    head = re.split(r"关于|印发|转发", whole, maxsplit=1)[0]
    f: Features = {name: float(value) for name, value in rules.items() if name not in ("rule", "shape")}
    f.update({
        "rule": float(rules["rule"]) / 4, "shape": float(rules["shape"]) / 4,
        "rule_ok": float(float(rules["rule"]) >= 2),
        "len<8": float(n < 8), "len8-20": float(8 <= n < 20), "len20-40": float(20 <= n < 40),
        "len>=40": float(n >= 40), "position": i / 40, "first3": float(i < 3),
        "guanyu": float("关于" in whole), "comma": float(bool(re.search(r"[,，、]", whole))),
        "colon": float(bool(re.search(r"[:：]", whole))), "space": float(" " in whole.strip()),
        "quote": float(bool(re.search(r"[“”《》\"]", whole))),
        "digit": float(bool(re.search(r"\d", whole))),
        "bracket": float(bool(re.search(r"[【】\[\]()（）]", whole))),
        "ends_figure": float(bool(re.search(r"\d\s*\S{0,2}$", whole))),
        "exclaims": float(whole.endswith(("!", "！", "?", "？"))),
        "support": share or 0.0, "support_unknown": float(share is None),
        "organ_only": float(organ_only(whole)),
        "organ_head": float(head != whole and bool(ORGAN_SUFFIX.search(head.strip()))),
        "hint_share": _share(whole, hint), "hint_none": float(not hint),
        "short_around": sum(len(a) <= 12 for a in around) / max(len(around), 1),
        "next_paragraph": float(last + 1 < len(lines) and len(lines[last + 1]) >= 60),
        "date_before": float(any(_DATE.search(a) for a in lines[max(0, i - 2):i])),
        "date_after": float(any(_DATE.search(a) for a in lines[last + 1:last + 3])),
    })
    return f


def rank_title(candidates: list[tuple[int, Features]], best: int) -> int:
    """The candidate line the trained scorer ranks first (ties: the earlier line); best, the
    rules' choice, when no weights are shipped."""
    w = weights().get("title")
    if not w or not candidates:
        return best
    return max(candidates, key=lambda c: (dot(w, c[1]), -c[0]))[0]


def kind_features(signals: Features, kind: str) -> Features:
    """The signals as evidence for one type: each signal by type (`通知|addressees`), and two
    shared by every type, so that a type seldom seen in training still follows the rules and
    the title's ending: the rules give this type (`=rule`), the title ends in it (`=end`)."""
    f = {f"{kind}|{name}": value for name, value in signals.items()}
    f["=rule"] = signals.get(f"rule:{kind}", 0.0)
    f["=end"] = signals.get(f"end:{kind}", 0.0)
    return f


def type_scores(signals: Features) -> dict[str, float]:
    w = weights().get("type")
    return {kind: dot(w, kind_features(signals, kind)) for kind in KINDS} if w else {}


def choose_type(signals: Features, ruled: str | None) -> str | None:
    """The type the trained scorer ranks first; the rules' type when they give none (a page
    with no title and no text to tell) or no weights are shipped."""
    scores = type_scores(signals)
    if ruled is None or not scores:
        return ruled
    return max(KINDS, key=lambda kind: scores[kind])
