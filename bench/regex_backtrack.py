"""CPU seconds of the text patterns fixed for backtracking, before (the old pattern text) and
after (the module's compiled pattern), on their attack strings at growing lengths; then the
whole reading of a page (extract_metadata) with one line of 16,000 spaces of one kind, on this
checkout and, with --base, on another revision's source (each run in a child process stopped
after --timeout seconds).

    nice .venv/bin/python bench/regex_backtrack.py [--cap SECONDS] [--base DIR] [--timeout S]

The old pattern stops at the first length that takes longer than --cap (default 5 s). DIR is a
source tree holding the jianpin package (git archive REV jianpin | tar -x -C DIR).
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from jianpin.library import querylang
from jianpin.library.text import affixes, chrome, fields, figure_years, keywords, tables
from jianpin.library.text.citation import cited_title

_SPACES = [2000, 4000, 8000, 16000]
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
    ("affixes._SITE_AFFIX",
     r"^(?P<site>[^|｜_\s]{2,8})\s*[|｜]\s*(?P<rest>.{8,})$"
     r"|^(?P<rest2>.{8,}?)\s*(?:[|｜_]| - )\s*(?P<site2>[^|｜_\s]{2,10})$",
     affixes._SITE_AFFIX, lambda n: "关于印发扶贫方案的通知" + "\u2005" * n + "x", _SPACES),
    ("affixes._END_TAG", r"^(?P<rest>.{8,}?)\s*[\[【][^\]】\[【]{1,4}[\]】]$",
     affixes._END_TAG, lambda n: "关于印发扶贫方案的通知" + "\u2005" * n + "x", _SPACES),
    ("affixes._COUNT_TAG", r"^(?P<rest>.{8,}?)\s*[\[【](?:通用|精选|优秀|热门)?\d{1,3}篇[\]】]$",
     affixes._COUNT_TAG, lambda n: "关于印发扶贫方案的通知" + "\u2005" * n + "x", _SPACES),
    ("chrome._JOURNAL_ISSUE", r"(?:19|20)\d{2}\s*年\s*第?\s*\d{1,2}\s*期",
     chrome._JOURNAL_ISSUE, lambda n: "2019年" + "\u2005" * n + "x", _SPACES),
    ("chrome._META_PAIR",
     rf"\[?({chrome._META_LABELS})\s*[:：]\s*([^\[\]]*?)\s*\]?"
     rf"(?=\s*(?:\[|{chrome._META_LABELS}\s*[:：]|$))",
     chrome._META_PAIR, lambda n: "时间:x" + "\u2005" * n + "x", [250, 500, 1000, 2000]),
    ("chrome._ORIGINAL_TITLE", r"原标?题\s*[:：为]\s*[_\s]*(?P<title>[^()（）]{4,120}?)\s*[)）。]?$",
     chrome._ORIGINAL_TITLE, lambda n: "原题:" + "\u2005" * n + "()", [50, 100, 200, 400]),
    ("chrome._ADDRESS",
     r"!?\[[^\]]*\]\([^)]*\)|(?:https?://|www\.)\S+|\S*/\S*\.(?:jpe?g|png|gif|s?html?|pdf)\b",
     chrome._ADDRESS, lambda n: "a/" * (n // 2), [100, 200, 400, 800]),
    ("tables._CELLS", r"\s*\|\s*", lambda text: tables._cells([text]),
     lambda n: "序号" + "\u2005" * n + "x|", _SPACES),
]


def _cpu(reader: re.Pattern[str] | Callable[[str], object], text: str) -> float:
    start = time.process_time()
    if isinstance(reader, re.Pattern):
        reader.split(text) if reader.pattern == r"\s*\|\s*" else reader.search(text)
    else:
        reader(text)
    return time.process_time() - start


# A page with one line of 16,000 spaces of one kind after a headline, read whole; prints CPU s.
_INGEST = """
import sys, time
from jianpin.library.text.metadata import extract_metadata
def page(space):
    line = "关于印发扶贫方案的通知" + space * 16000 + "x"
    return "标题\\n" + line + "\\n2019年" + line + "\\n序号|" + line + "\\n正文。"
extract_metadata(page(" "))  # the converter, the gazetteer and the segmenter loaded once
start = time.process_time()
extract_metadata(page(chr(int(sys.argv[1], 16))))
print(f"{time.process_time() - start:.3f}")
"""


def _ingest(source: str, space: str, timeout: float) -> str:
    """CPU seconds of reading the hostile page with the package in source, or '> timeout'."""
    try:
        done = subprocess.run([sys.executable, "-c", _INGEST, f"{ord(space):x}"], cwd=source,
                              env={"PYTHONPATH": source, "PYTHONDONTWRITEBYTECODE": "1"},
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}"
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cap", type=float, default=5.0)
    parser.add_argument("--base", help="another revision's source tree, to read the page with")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--only", default="", help="the cases whose name holds this text")
    parser.add_argument("--no-page", action="store_true", help="leave out the whole page")
    args = parser.parse_args()
    cap = args.cap
    for name, old_text, new, attack, lengths in CASES:
        if args.only not in name:
            continue
        old = re.compile(old_text)
        slow = False
        for n in lengths:
            text = attack(n)
            before = float("nan") if slow else _cpu(old, text)
            after = _cpu(new, text)
            slow = slow or before > cap
            print(f"{name:24} n={n:6}  before {before:8.3f} s  after {after:8.5f} s", flush=True)
    here = str(Path(__file__).resolve().parent.parent)
    for space in () if args.no_page else ("\u3000", "\u2005", "\u202f", "\x0c"):
        base = _ingest(args.base, space, args.timeout) if args.base else "-"
        print(f"page with 16,000 U+{ord(space):04X}  base {base:>8} s  "
              f"here {_ingest(here, space, args.timeout):>8} s", flush=True)


if __name__ == "__main__":
    main()
