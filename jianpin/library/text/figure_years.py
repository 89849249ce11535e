"""The year a figure in a sentence refers to: the one the sentence states before it.

Base years (较2020年, 2014年不变价), founding years (成立于2019年) and open spans (从2011年至今)
date nothing; a status date (截至2023年底) dates reported statistics, not plans. A change from
one year to another (从2012年的9899万人减少到2018年的1660万人; 从1990到2011年, …由19.2亿下降到
10.1亿) dates its two amounts by its two years; what follows it has no year of its own. 今年
after a span (根据2017-2020年规划, 计划今年脱贫68户) is not the span: it is the single year
stated before the span, if any.
"""
from __future__ import annotations

import re

# A year, a span of years, or a financial year written 2017/18年度 (dated by its first year).
YEAR = re.compile(
    r"((?:19|20)\d{2})\s*(?:年\s*)?(?:[-—－~至到]\s*((?:19|20)\d{2})\s*)?"
    r"(?:/\s*\d{2}\s*(?:财政)?(?=年度))?年(?:度|底|末|前|内)?"
)
# A year after 较/比/与/同/相对 is the base a change is measured from (较2020年上半年增加1001元,
# 比2016年末减少, 与2019年同期相比, 相对2012/13年度增加86%): it dates neither the change nor what
# follows.
_BASE = re.compile(r"(?:较|比|与|同|相比|相较|相对于?|对比|超过|高于|低于|多于|少于)(?:上年|去年)?$")
# A year after 成立于/建于 dates when something was founded, not the figures that follow.
_FOUNDED = re.compile(r"(?:成立|建立|组建|创建|创办|始建|兴建|建)于$")
_THIS_YEAR = re.compile(r"今年|本年度?|当年")
# The end of a change an amount closes (由19.2亿下降到|10.1亿).
_TO = re.compile(r"(?:由|从)\s*[\d.]+[^，,]*?(?:到|至|为)\s*$")


def span(match: re.Match[str]) -> str:
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


def starts_span(sentence: str, match: re.Match[str]) -> bool:
    """The year opens a change from its amount (从2012年末的9899万人减少至…)."""
    return sentence[:match.start()].endswith(("从", "由")) and \
        sentence[match.end():].startswith("的")


def _open_brackets(sentence: str) -> list[tuple[int, int]]:
    """The bracketed asides of a sentence, as (open, close) positions; a bracket that is never
    closed in the sentence (a damaged 文号 "(凤巩领〔20228号要求,2022年度…") opens none."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, char in enumerate(sentence):
        if char in "(（":
            stack.append(i)
        elif char in ")）" and stack:
            pairs.append((stack.pop(), i))
    return pairs


def year_before(sentence: str, pos: int, as_of: bool = False) -> str | None:
    """The last year before pos that a figure there refers to.

    Base years (2014年不变价) and open spans (从2011年至今) never count, a starting year
    (从2012年的…) only for the amount it introduces; a status date
    (截至2023年底) counts only with as_of, for reported statistics, not for plan targets.
    """
    found: str | None = None
    found_at = 0
    single: str | None = None  # the last single year (not a span) found
    asides = _open_brackets(sentence)
    for match in YEAR.finditer(sentence, 0, pos):
        before, after = sentence[:match.start()], sentence[match.end():match.end() + 3]
        if any(o < match.start() < c for o, c in asides):
            continue
        status = before.endswith(("截止", "截至"))
        if starts_span(sentence, match):
            # "从2012年末的9899万人减少至3046万人": the year dates its own amount only.
            if not re.search(r"\d", sentence[match.end():pos]):
                found, found_at = span(match), match.end()
            continue
        if _BASE.search(before) or _FOUNDED.search(before):
            continue
        if before.endswith(("从", "自")) and match.group(2) and \
                not after.startswith(("至今", "以来")):
            found, found_at = _from_to(sentence, match, pos), match.end()
            continue
        if after.startswith(("不变价", "至今", "以来")) or before.endswith("从") or \
                (status and not as_of):
            found = None
            continue
        found, found_at = span(match), match.end()
        if not match.group(2):
            single = found
    if found is None:
        return None
    if "-" in found and _THIS_YEAR.search(sentence[found_at:pos]):
        return single
    return found


def _from_to(sentence: str, match: re.Match[str], pos: int) -> str | None:
    """从1990到2011年, …由19.2亿下降到10.1亿: the first year for the amount after 由, the last
    for the amount it changes to, none for the rest (减少了9.1亿)."""
    between = sentence[match.end():pos]
    if re.search(r"(?:由|从)\s*$", between):
        return str(match.group(1))
    if _TO.search(between):
        return str(match.group(2))
    return None


def states_year(sentence: str, pos: int) -> bool:
    """The sentence states a year before pos other than the start of a change."""
    return any(not starts_span(sentence, m) and not _BASE.search(sentence[:m.start()])
               and not _FOUNDED.search(sentence[:m.start()])
               for m in YEAR.finditer(sentence, 0, pos))
