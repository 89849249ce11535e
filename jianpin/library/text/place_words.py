"""Place names the segmenter keeps whole: provinces, prefectures and leagues of the division
tree, in full and in their customary short forms (`regions.short_forms`: 锡盟, 湘西州, 黔东南).

jieba's dictionary knows many of them at a low frequency (锡盟 7), so a frequent neighbour
wins: 锡盟国贫旗 was cut 锡|盟国|贫旗. Each name is given at least `FREQUENCY`, like the domain
words. The list is kept in `place_words.txt` (read with the domain words when the tokenizer is
built, no division data parsed then) and written from the tree by

    python -m jianpin.library.text.place_words

a test checks that the file is what the tree gives. Names ending in 市 are left to jieba: a
city's full name would take the 市 of a word after it (大同市场 → 大同市|场, 中山市民 → 中山市|民);
jieba cuts 大同|市 in the text and in a query alike.
"""
from __future__ import annotations

import gzip
import io
from importlib import resources
from pathlib import Path

import jieba

from jianpin.library.text import regions

FREQUENCY = 3000
LEVELS = (1, 2)  # province; prefecture, league, autonomous prefecture
FILE = Path(__file__).resolve().parent / "place_words.txt"


def tree_lines() -> list[str]:
    """`word frequency ns` for every name and short form of the levels whose frequency in
    jieba's own dictionary is below FREQUENCY, sorted."""
    ref = resources.files("jianpin.regions").joinpath("data", "divisions-core.csv.gz")
    with ref.open("rb") as raw, gzip.open(raw) as unzipped:
        places = regions.read_places(io.TextIOWrapper(unzipped, encoding="utf-8-sig"))
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    words = {form for p in places if p.level in LEVELS and p.name not in regions.NOT_PLACES
             for form in regions.short_forms(p.name, p.level)
             if len(form) >= 2 and not form.endswith("市")}
    return [f"{w} {FREQUENCY} ns" for w in sorted(words)
            if (tokenizer.FREQ.get(w) or 0) < FREQUENCY]


if __name__ == "__main__":
    FILE.write_text("".join(f"{line}\n" for line in tree_lines()), encoding="utf-8")
