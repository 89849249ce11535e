"""CPU seconds of the text patterns fixed for backtracking, before (the old pattern text) and
after (the module's compiled pattern), on their attack strings at growing lengths.

    nice .venv/bin/python bench/regex_backtrack.py [--cap SECONDS]

The old pattern stops at the first length that takes longer than --cap (default 5 s).
"""
from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from jianpin.library import querylang
from jianpin.library.text import fields, figure_years, keywords
from jianpin.library.text.citation import cited_title

# (name, old pattern text, current pattern or reader, attack of length n, lengths)
CASES: list[tuple[str, str, re.Pattern[str] | Callable[[str], object], Callable[[int], str],
                  list[int]]] = [
    ("fields.DOC_NUMBER",
     r"(?P<org>[\u4e00-\u9fff]{1,10}?)\s*[〔\[\(（【［〖]?\s*(?P<year>(?:19|20)\d{2})\s*"
     r"[〕\]\)）】］〗]?\s*第?\s*(?P<seq>\d{1,4})\s*号",
     fields.DOC_NUMBER, lambda n: "府2021" + " " * n, [250, 500, 1000, 2000]),
    ("keywords._DOC_NUMBER",
     r"[\u4e00-\u9fff]{0,6}[发函字组办通规文府]\s*[〔\[(（【［〖]?\s*(?:19|20)\d{2}"
     r"\s*[〕\])）】］〗年]?\s*第?\s*\d{1,4}\s*号",
     keywords._DOC_NUMBER, lambda n: "府2021" + " " * n, [250, 500, 1000, 2000]),
    ("querylang._DOC_NUMBER",
     r"(?P<org>[\u4e00-\u9fff]{2,10}?)\s*[〔\[(（【［〖]?\s*(?P<year>(?:19|20)\d{2})\s*"
     r"[〕\])）】］〗年]?\s*第?\s*(?P<seq>\d{1,4})\s*号",
     querylang._DOC_NUMBER, lambda n: "政府2021" + " " * n, [250, 500, 1000, 2000]),
    ("chrome._SELF_CITATION",
     r"\.\s*(?P<title>[^.\[\]]{8,120}?)\s*\[J\]",
     cited_title, lambda n: "." + "\u2000" * n + "x", [1000, 2000, 4000, 8000]),
    ("figure_years._TO",
     r"(?:由|从)\s*[\d.]+[^，,]*?(?:到|至|为)" + figure_years._COUNTS + "$",
     figure_years._TO, lambda n: "从" + "." * n + "减少", [4000, 8000, 16000, 32000]),
]


def _cpu(reader: re.Pattern[str] | Callable[[str], object], text: str) -> float:
    start = time.process_time()
    if isinstance(reader, re.Pattern):
        reader.search(text)
    else:
        reader(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cap", type=float, default=5.0)
    cap = parser.parse_args().cap
    for name, old_text, new, attack, lengths in CASES:
        old = re.compile(old_text)
        slow = False
        for n in lengths:
            text = attack(n)
            before = float("nan") if slow else _cpu(old, text)
            after = _cpu(new, text)
            slow = slow or before > cap
            print(f"{name:24} n={n:6}  before {before:8.3f} s  after {after:8.5f} s", flush=True)


if __name__ == "__main__":
    main()
