"""The year a figure in a sentence refers to: the one the sentence states before it.

Base years (较2020年, 2014年不变价), founding years (成立于2019年) and open spans (从2011年至今)
date nothing; a status date (截至2023年底) dates reported statistics, not plans. A change from
one year to another (从2012年的9899万人减少到2018年的1660万人; 从1990到2011年, …由19.2亿下降到
10.1亿) dates its two amounts by its two years; what follows it is dated by the change: a like
change written without years (贫困行政村从644个减少到188个) by its two years, a net change
(净减少5.44万人, 减少了9.1亿) by their span, anything else by the year reached. 今年
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
# Amounts written on to one another (88733户333825人, 2903户、8331人): counts of one thing.
_COUNTS = r"(?:\s*+[\d.,]++\s*+(?:万|亿)?(?:户|人|个|名|家|所|元|%|％)?、?)*\s*"
# The end of a change an amount closes (由19.2亿下降到|10.1亿, 从88733户333825人减少到2903户|8331人).
_TO = re.compile(rf"(?:由|从)\s*[\d.]++[^，,]*?(?:到|至|为){_COUNTS}$")
# The start of a change an amount opens (贫困行政村从|644个减少到188个).
_FROM = re.compile(rf"(?:由|从){_COUNTS}$")
# The year a change reaches (由2013年底的13.4万人减少到|2016年底的7.96万人).
_REACHES = re.compile(r"(?:到|至)\s*$")
# A net change written after a change from one year to another (…减少到2016年底的7.96万人,
# 净减少5.44万人; 从1990到2011年, …下降到10.1亿, 减少了9.1亿): dated by the span of the two.
_NET = re.compile(
    r"(?:净|累计|共计?|总共|一共)?(?:减少|下降|降低|增加|增长|提高|上升|提升|缩小|扩大|减贫)了?\s*$"
)

# A year of the Republic of China's calendar (民国105年, folded from 民國: 1911 + 105 = 2016), as
# Taiwan's pages and histories date; on a page that writes one, a bare year of that calendar
# from 民国100年 (2011) to 民国115年 (2026) too (105年底, 106年度).
_ROC = re.compile(r"民[国國]\s*(\d{1,3})\s*(?=年)")
_ROC_BARE = re.compile(r"(?<![\d.])(?<!\d,)1(?:0\d|1[0-5])(?=\s*年)")


def roc_years(text: str) -> str:
    """text with the years of the Republic of China's calendar written as common-era years."""
    if not _ROC.search(text):
        return text
    text = _ROC.sub(lambda m: str(1911 + int(m.group(1))), text)
    return _ROC_BARE.sub(lambda m: str(1911 + int(m.group(0))), text)


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
    from_to = False  # found is dated by a change from one year to another (从1990到2011年)
    single: str | None = None  # the last single year (not a span) found
    opened: str | None = None  # the year a change starts from (从2012年的…)
    change: tuple[str, str, int] | None = None  # its two years and where the second ends
    asides = _open_brackets(sentence)
    for match in YEAR.finditer(sentence, 0, pos):
        before, after = sentence[:match.start()], sentence[match.end():match.end() + 3]
        if any(o < match.start() < c and not o < pos < c for o, c in asides):
            continue  # an aside dates only what it holds (1.5倍(2021年为6000元))
        status = before.endswith(("截止", "截至"))
        if starts_span(sentence, match):
            # "从2012年末的9899万人减少至3046万人": the year dates its own amount only (and the
            # counts written on to it: 从2014年底的88733户333825人).
            if re.fullmatch(rf"的{_COUNTS}", sentence[match.end():pos]):
                found, found_at = span(match), match.end()
            opened = span(match)
            continue
        if opened and _REACHES.search(before) and not _BASE.search(before):
            # The year the change from `opened` reaches: what follows is dated by the two.
            change = (opened, span(match), match.end())
        opened = None
        if _BASE.search(before) or _FOUNDED.search(before):
            continue
        if before.endswith(("从", "自")) and match.group(2) and \
                not after.startswith(("至今", "以来")):
            found, found_at = _from_to(sentence, match, pos), match.end()
            from_to = True
            continue
        if after.startswith(("不变价", "至今", "以来")) or before.endswith("从") or \
                (status and not as_of):
            found = None
            continue
        found, found_at, from_to = span(match), match.end(), False
        if not match.group(2):
            single = found
    if found is None:
        return None
    if change is not None and found_at == change[2]:
        return _after_change(sentence[found_at:pos], change[0], change[1])
    if not from_to and "-" not in found and opens_change(sentence[:pos]) and \
            re.search(r"[,，]", sentence[found_at:pos]):
        # 截至2019年底, …, 贫困发生率由16.83%下降至0.14%: the amount a change starts from is
        # of an earlier time the sentence does not state; a year of an earlier clause dates
        # what it reaches. A span (2013年至2016年…由9899万人减少至…) and a year of the same
        # clause (2017年贫穷率由20.1%下降至14.7%) date both.
        return None
    if "-" in found and _THIS_YEAR.search(sentence[found_at:pos]):
        return single
    return found


def _after_change(rest: str, start: str, end: str) -> str | None:
    """The year of an amount written after a change from a year start to a year end: end for
    the amount the change reaches and for statuses (25个贫困乡镇全部退出), start and end for a
    like change without years (贫困行政村从644个减少到188个), both for a net change (净减少5.44万人)
    but not for a yearly rate (年均实际增长8.2%)."""
    clause = re.split(r"[，,]", rest)[-1]
    if clause == rest:
        return end
    if _FROM.search(clause):
        return start
    if _TO.search(clause):
        return end
    if _NET.search(clause) and not re.search(r"年均|平均|每年", clause):
        # A yearly rate (年均实际增长8.2%) keeps the year the change reaches.
        return f"{start.split('-')[0]}-{end.split('-')[-1]}"
    return end


def _from_to(sentence: str, match: re.Match[str], pos: int) -> str | None:
    """从1990到2011年, …由19.2亿下降到10.1亿: the first year for the amount after 由, the last
    for the amount it changes to, the span for a net change (减少了9.1亿), none for the rest."""
    between = sentence[match.end():pos]
    if re.search(r"(?:由|从)\s*$", between):
        return str(match.group(1))
    if _TO.search(between):
        return str(match.group(2))
    if _NET.search(re.split(r"[，,]", between)[-1]):
        return span(match)
    return None


def opens_change(before: str) -> bool:
    """The amount after `before` is the start of a change (由|16.83%下降至…, 从|644个减少到…)."""
    return bool(re.search(r"(?:由|从)\s*$", before))


def states_year(sentence: str, pos: int) -> bool:
    """The sentence states a year before pos other than the start of a change."""
    return any(not starts_span(sentence, m) and not _BASE.search(sentence[:m.start()])
               and not _FOUNDED.search(sentence[:m.start()])
               for m in YEAR.finditer(sentence, 0, pos))
