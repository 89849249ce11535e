"""Every space a pattern's \\s matches is folded by the page normaliser, so a run of them (16,000
ideographic, en, thin or hair spaces padding a scraped line) reaches the patterns as one space;
and the patterns that read such a run once for each of its characters were rewritten so they
read it once whatever the input (bench/regex_backtrack.py measures both, before and after)."""
from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import jianpin.library.text as text_package
from jianpin.library.text import affixes, chrome, tables
from jianpin.library.text.chrome import normalize, strip_chrome
from jianpin.library.text.metadata import extract_metadata

HOSTILE = ("\u3000", "\u00a0", "\u2000", "\u2005", "\u200a", "\u202f", "\u205f", "\u1680", "\x1f")
BREAKS = ("\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029")
# A lazy repeat followed by an open repeat of spaces (…{8,}?)\s*), or two open repeats of spaces
# around a character that may be absent (\s*第?\s*): both read a run of spaces n² times.
LAZY_THEN_SPACES = re.compile(r"[*+}]\?\)?\\s\*(?!\+)")
SPACES_AROUND_OPTIONAL = re.compile(r"\\s\*(?!\+)(?:\\.|[^\\(\[])\?\\s\*(?!\+)")


def test_every_space_of_unicode_is_folded() -> None:
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) != "\n"]
    assert len(spaces) == 28
    folded = {ch: normalize("a" + ch + "b") for ch in spaces}
    assert {ch for ch, out in folded.items() if out == "a\nb"} == {"\r", *BREAKS, "\x1d", "\x1e"}
    assert {ch for ch, out in folded.items() if out == "a b"} == {" ", "\t", *HOSTILE, "\u2001",
                                                                  "\u2002", "\u2003", "\u2004",
                                                                  "\u2006", "\u2007", "\u2008",
                                                                  "\u2009"}
    assert normalize("a\r\nb\ufeff\u200b１２．５％ＡＢｃ") == "a\nb12．5％ABc"


@pytest.mark.parametrize("space", HOSTILE)
def test_a_line_of_16000_spaces_reaches_the_patterns_as_one(space: str) -> None:
    run = space * 16000
    page = (f"标题\n关于印发扶贫方案的通知{run}x\n2019年{run}第3期\n序号{run}|{run}项目名称\n"
            "正文第一段,全县2019年脱贫1200人。")
    stripped = strip_chrome(page)
    assert stripped == strip_chrome(page.replace(run, " "))  # as if the page had one space
    assert (stripped.title, stripped.lines, stripped.meta) == (
        "关于印发扶贫方案的通知 x", ["序号 | 项目名称", "正文第一段,全县2019年脱贫1200人。"],
        {"单位": "2019年 第3期"})  # a journal's issue
    meta = extract_metadata(page)
    assert [(t.year, t.value, t.unit) for t in meta.targets] == [("2019", 1200, "人")]


@pytest.mark.parametrize("space", BREAKS)
def test_a_line_break_of_another_kind_breaks_the_line(space: str) -> None:
    assert strip_chrome(f"标题{space}正文第一段,全县2019年脱贫1200人。").lines == [
        "标题", "正文第一段,全县2019年脱贫1200人。"]


def test_no_pattern_of_the_text_package_reads_a_run_of_spaces_twice() -> None:
    shapes = []
    for module in pkgutil.iter_modules(text_package.__path__):
        found = importlib.import_module(f"{text_package.__name__}.{module.name}")
        for name, value in vars(found).items():
            if isinstance(value, re.Pattern) and (LAZY_THEN_SPACES.search(value.pattern)
                                                  or SPACES_AROUND_OPTIONAL.search(value.pattern)):
                shapes.append(f"{module.name}.{name}")
    assert shapes == []
    # the shapes this looks for, in the patterns as they were
    assert LAZY_THEN_SPACES.search(r"^(?P<rest>.{8,}?)\s*[\[【]")
    assert SPACES_AROUND_OPTIONAL.search(r"年\s*第?\s*\d")


def test_rewritten_patterns_read_unfolded_runs_as_before() -> None:
    run = "\u2005" * 16000
    assert affixes._SITE_AFFIX.match("关于印发扶贫方案的通知" + run + "x") is None
    assert affixes._SITE_AFFIX.match("关于印发扶贫方案的通知" + run + "|新华网")["rest2"] == \
        "关于印发扶贫方案的通知"
    assert affixes._SITE_AFFIX.match("1234567 | 新华网")["rest2"] == "1234567 "  # 8 characters
    assert affixes._END_TAG.match("关于印发扶贫方案的通知" + run + "【大全】")["rest"] == \
        "关于印发扶贫方案的通知"
    assert affixes._COUNT_TAG.match("关于印发扶贫方案的通知" + run + "x") is None
    assert chrome._JOURNAL_ISSUE.search("2019年" + run + "x") is None
    assert chrome._JOURNAL_ISSUE.search("2019年 第 3 期")
    assert chrome.meta_pairs("时间:2016-12-28" + run + "来源:本网") == [
        ("时间", "2016-12-28"), ("来源", "本网")]
    assert chrome._ADDRESS.sub("", "a/" * 45 + "b.png 2017-9-23") == " 2017-9-23"
    assert tables._cells(["序号" + run + "|" + run + "项目名称", " | 1 |"]) == [
        "序号", "项目名称", "1"]
