"""Extract quantified targets ("到2025年…收入16000元左右, 年均增长8%左右") from policy text.

A target is a number with a unit in a sentence that names a year or period and reads as a plan
(到, 确保, 力争, 实现, 减贫, 左右, 以上 ...). Its indicator is the phrase just before the number
(第一产业增加值318亿元); a percentage followed by a verb takes its indicator from after the number
and its subject from before (相对贫困人口30%实现脱贫); a growth rate's subject is the indicator
it follows (收入16000元左右, 年均增长8%左右).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

from jianpin.library.text.figure_years import YEAR as _YEAR
from jianpin.library.text.figure_years import roc_years
from jianpin.library.text.figure_years import starts_span as _starts_span
from jianpin.library.text.figure_years import states_year as _states_year
from jianpin.library.text.figure_years import year_before as _year_before
from jianpin.library.text.numerals import as_digits
from jianpin.library.text.tables import table_paragraphs

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE = re.compile(r"(?:[^,，:：]|(?<=\d),(?=\d{3}))+")  # a thousands comma is no break
# A unit: a counted thing (户, 人次, 个百分点 …), possibly scaled by 万/亿/万亿 (万人, 万kW, 万亿元),
# or the scale alone (28.56万贫困人口). 多/余 may stand before the thing (3600余人, 1.2万余名,
# 290多万名): the figure is then an approximate count, and 多/余 is its qualifier.
_THING = (
    "个百分点|百分点|%|％|港元|美元|元|人次|人(?!均)|户(?!均)|亩|公里|千米|吨|平方米|千瓦时|千瓦|兆瓦|kW|"
    "个|家|所|名|座|台(?![湾北中南东])|条|处|套|间|倍|项|次|场|株|箱|成(?![立本员果效为绩])"
)
_SCALED = "亩|吨|度|千瓦时|千瓦|kW|平方米|公里|条|套|项|家|个|名|人次|人(?!均)|户(?!均)|港元|美元|元|株|箱|单"
UNITS = rf"(?:万亿|亿|万)(?:多|余)?(?:{_SCALED})|万亿|亿|万|(?:{_THING})"
# A number: plain digits, or digits grouped by thousands with a comma or a (thin) space
# (1,000万元, 5 575万, 1 149户), never started inside such a group.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d.])|\d+)(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?<![\d.第])(?<!\d,)(?<!\d )(?P<num>{NUMBER})\s*(?P<approx>多|余)?(?P<unit>{UNITS})"
    r"(?P<post>左右|以上|以内|以下|多|余)?"
)
_SAMPLE = re.compile(r"抽样|样本")
_COUNTED = re.compile(r"(?:万|亿)?[多余]?(?:户|人|个|名|份|家|所|县)")
_MADE_OF = re.compile(r"(?<!直)辖(?![区内下市])")
# What a count after 辖 reports rather than lists (全县所辖38个贫困村全部脱贫出列): an outcome
# stated of the things counted, or a count of poor or formerly poor ones (贫困村, 脱贫户), which
# are no kind of division an area is made of.
_UNDER = re.compile(r"(?<!直)辖\s*$")
_COUNTED_AFTER = re.compile(
    r"^(?P<noun>[\u4e00-\u9fff]{2,10}?)(?=全部|均|都|已|实现|脱贫|出列|摘帽|退出|$)")
_OUTCOME = re.compile(r"脱贫|出列|摘帽|退出|销号|清零")
_POOR_COUNT = re.compile(rf"(?<![\d.])(?:{NUMBER})\s*(?:[万亿])?[多余]?(?:个|户|人|名)?"
                         r"(?:建档立卡)?(?:贫困|脱贫)")
_COORDINATED = re.compile(rf"(?<![\d.第])(?<!\d,)(?P<num>{NUMBER})(?:和|与|及|、)$")
# Words that make a dated figure a plan (到, 确保, 力争, 减贫 …). 脱贫 naming people or places
# (脱贫人口, 脱贫地区, 脱贫户) is a noun of reported statistics, not the act planned.
_CUE = re.compile(
    r"到|确保|力争|实现|达到|目标|计划|不低于|不少于|以上|左右|减贫|脱贫(?!人口|户|地区|劳动力|县|群众|村)"
    r"|出列|增长|增速|提高到|控制在|全部|每年"
)
_PRE_QUALIFIER = re.compile(r"不低于|不少于|不超过|不高于|高于|低于|超过|逾|至少|力争|争取|累计|预计")
# An approximate amount: 约/近/不足 just before the number (总投入约100万元, 每月工资近6000元,
# 村集体经济收入不足5万元), possibly after 为/达/有 and a currency (约澳门币1900万元, 约有214,200人).
_NEAR = re.compile(r"(约|近|将近|接近|不足|不到)(?:为|达|有)?(?:澳门币|港币|人民币)?\s*$")
# A level a change reaches, named by nothing but the change (减少至3046万人, 增长至16396元).
_TO_LEVEL = re.compile(r"^(?:比上年末?|同比|较上年)?(?:减少|下降|增长|增加|提高|降低|降|上升|提升)(?:至|到)$")
_NUMBER_FIRST = re.compile(r"^(?P<noun>[\u4e00-\u9fff]{2,10}?)(?:(?P<more>[、和及与]\s*(?=\d))|$)")
_JOINERS = ("、", "和", "及", "与")
_LEAD = re.compile(
    r"^(?:至今|以来|[到至在于截]|截至|截止)?(?:底|末|前|内)?[,，]?已?"
    r"(?:确保|力争|实现|使|让|推动|努力|争取|做到|全国|全县|全州|全省|全市|全区|全镇|全乡|全村|我国|我省|我市|我县|我区|我镇|我乡|全部|每年|年内|基本|共|要|将|新增)*"
)
_TRAIL = re.compile(
    r"(?:达到|达|为|超过|提高到|提升到|增加到|增长到|保持在|控制在|稳定在|不低于|不少于|不高于|不超过"
    r"|高于|低于|逾|至少|约|在|有|突破|完成|要|将|的|力争|争取|实现|已|由|从|预计)+$"
)
_GROWTH = re.compile(r"^(?:年均|年平均|每年)?(?:实际|名义)?(?:增速|增长率|增幅|增长|递增)$")
_GROWTH_TAIL = re.compile(r"(?:年均|年平均)(?:实际|名义)?(?:增速|增长率|增幅|增长)$")
# How a topic says it changes (…收入持续增长,从2020年的12588元增长至…): not part of its name.
_TREND = re.compile(r"(?<=..)(?:持续|稳步|稳定|快速|大幅|不断|逐年)?(?:增长|增加|提高|提升|下降|减少|降低)$")
_VERB_AFTER = re.compile(r"^(?:实现|完成|达到|以上|左右)*(?P<pred>[\u4e00-\u9fff]{2,12})")
_DATED_AFTER = re.compile(
    r"^[\u4e00-\u9fff]{0,8}[(（]((?:19|20)\d{2})年(?:底|末)?(?:统计数?|数据|数)?[)）]"
)
MAX_INDICATOR = 24


@dataclass
class Target:
    """One quantified statement; year is a year ('2025') or period ('2021-2025')."""

    year: str | None
    subject: str | None
    indicator: str
    value: Decimal
    unit: str
    qualifier: str | None
    sentence: str
    kind: str = "statistic"  # "goal": a planned value for a year; "statistic": a reported one
    region_code: str | None = None  # the area the figure is about (see metadata.figure_regions)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = int(self.value) if self.value == self.value.to_integral() else float(self.value)
        return data


def number_value(written: str) -> Decimal:
    """The value of a number as written, without its thousands separators."""
    return Decimal(re.sub(r"[, ]", "", written))


def _is_goal(sentence: str) -> bool:
    return bool(_YEAR.search(sentence) and _CUE.search(sentence))


def _clean_pre(pre: str) -> str:
    years = list(_YEAR.finditer(pre))
    if years and _starts_span(pre, years[-1]) and not pre[years[-1].end():].strip("的"):
        pre = pre[:years[-1].start() - 1]  # 贫困人口已从2012年末的|9899万人: named before 从
    elif years:
        pre = pre[years[-1].end():]
    if "的" in pre and re.search(r"\d", pre):
        pre = pre[pre.rindex("的") + 1:]
    # A list marker or an earlier count ("1.省级…", "近3年来投入…") is not part of the name.
    # 人 after a count ends it (3户12人), unless it opens 人均 (3000人均可支配收入 is not 均…).
    pieces = re.split(r"\d+(?:\.\d+)?\s*(?:[.、．年月日个名户次项]|人(?!均))?", pre)
    # Counts of places before the figure (…等4乡镇4村|53户): it counts what opens the list.
    pre = pieces[0] if len(pieces) > 2 and len(pieces[-1]) == 1 else pieces[-1]
    pre = re.sub(r"[“”「」『』\"《》〈〉()（）\s、]", "", pre)
    for _ in range(2):
        pre = _TRAIL.sub("", _LEAD.sub("", pre))
    # 累计 alone (已累计有14个县…) qualifies the count; it names nothing.
    return pre if re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{2,}", pre or "") and pre not in ("累计", "预计") \
        else ""


def _coordinated(pre: str) -> tuple[str, list[str]]:
    """Numbers sharing the unit of the next one (6.4和1.1个百分点, 3、5和8个): the text before
    them and the numbers, in order."""
    numbers: list[str] = []
    while match := _COORDINATED.search(pre):
        numbers.insert(0, match.group("num"))
        pre = pre[:match.start()]
    return pre, numbers


def _approx(match: re.Match[str]) -> str | None:
    """多/余 written inside the amount (3600余人, 1.2万余名) or after it (3万余)."""
    inside = re.search("[多余]", match.group("unit"))
    return match.group("approx") or (inside.group(0) if inside else None) or match.group("post")


def _qualifier(pre: str, post: str | None) -> str | None:
    parts = [m.group(0) for m in _PRE_QUALIFIER.finditer(pre)][-1:]
    near = _NEAR.search(pre)
    if near:
        parts = [near.group(1)]
    if post and parts[-1:] in (["累计"], ["预计"]):
        parts = []  # 累计减少6600万人以上: the bound qualifies the amount
    if post:
        parts.append(post)
    return " ".join(parts) or None


def _made_of(clause: str) -> range:
    """Where clause lists an area's make-up (我县辖5镇10乡152个行政村): figures there are no
    figures. It runs from 辖 to a count of poor or formerly poor things (辖152个行政村、38个贫困村)
    or to the clause's end; an outcome stated after 辖 makes it list nothing."""
    made_of = _MADE_OF.search(clause)
    if not made_of or _OUTCOME.search(clause, made_of.end()):
        return range(0)
    poor = _POOR_COUNT.search(clause, made_of.end())
    return range(made_of.end(), len(clause) if poor is None else poor.start())


def _clause_targets(clause: str, offset: int, sentence: str, previous: Target | None,
                    context_year: str | None = None, topic: str | None = None) -> list[Target]:
    out: list[Target] = []
    last_end = 0
    in_list = False
    # An area's make-up (我县辖5镇10乡152个行政村、1628个村民小组) and the size of a sample
    # (据对全国31个省16万户居民家庭的抽样调查) count no poverty or relief; a survey's results
    # (样本户中贫困户占12%) do.
    sample = bool(_SAMPLE.search(clause))
    made_of = _made_of(clause)
    for match in _QUANTITY.finditer(clause):
        if match.start() < last_end:
            continue
        if match.start() in made_of:
            # a division counted, with its name (152个行政村): nothing to name what follows
            name = re.match(r"[\u4e00-\u9fff]*", clause[match.end():])
            last_end = match.end() + (name.end() if name else 0)
            continue
        if sample and _COUNTED.fullmatch(match.group("unit")):
            continue
        after = clause[match.end():]
        if after.startswith(("年", "月", "日", "号", "期")):
            continue
        if after[:1].isdigit() and number_value(match.group("num")) == 1:
            continue  # "1户1人1技能": one per household, a ratio; 258户1074人 are two counts
        two = clause[max(0, match.start() - 2):match.start()]
        if two[-1:] in {"—", "-", "~"} or two in {"每户", "每人", "每个"} or \
                re.fullmatch(r"[\d万亿元人户个%％][至到]", two):
            continue  # the upper end of a range, or a per-household amount
        raw_pre, coordinated = _coordinated(clause[last_end:match.start()])
        planned = _year_before(sentence, offset + match.start())
        year = planned or _year_before(sentence, offset + match.start(), as_of=True)
        if year is None and not _states_year(sentence, offset + match.start()):
            year = context_year  # no year (not even a base year or a past span) stated before
        if previous is not None and re.match(r"^\s*其中", clause) and \
                not _YEAR.search(clause, 0, match.start()):
            year = previous.year  # 减少了9.1亿,其中6亿多来自中国: a part of the figure before
        if year is None:
            # "50.3万贫困人口(2014年底统计数)": the count's date in brackets after it.
            dated = _DATED_AFTER.match(after)
            year = dated.group(1) if dated else None
        pre = _clean_pre(raw_pre)
        subject: str | None = None
        indicator = pre
        # 6万多个, 2.4万余个: "some ten thousand" of things, counted by the scale alone (个 after
        # 多/余 is the classifier of the approximate amount, as in 10多个); 1.5万余人 keeps its thing.
        unit = re.sub("[多余]", "", re.sub(r"(?<=[万亿])[多余]个$", "", match.group("unit")))
        unit = unit.replace("％", "%")
        share = unit in {"%", "个百分点", "百分点"}
        # "28.56万贫困人口、647个贫困村、11个省级贫困县": each count names what follows it.
        first = _NUMBER_FIRST.match(after) if not share else None
        if first and not (first.group("more") or (in_list and raw_pre.strip() in _JOINERS)):
            first = None
        in_list = first is not None
        if after.startswith("的") and not share and (
                _approx(match) in {"以上", "以下", "以内"} or raw_pre.rstrip().endswith("数")):
            # "30户以上的自然村寨", "在职人数620人的单位": a threshold or a size describing what
            # follows (a kind of village, of employer), not a figure.
            last_end = max(last_end, match.end())
            continue
        if first:
            indicator = first.group("noun")
        elif after.startswith("的") and not share:
            # "100个左右的贫困县": an approximate count of what follows.
            noun = re.match(r"^的([\u4e00-\u9fff]{2,12})", after)
            indicator = noun.group(1) if noun else pre
        elif after.startswith("的"):
            # "80%以上的行政村集体经济收入达到5万元以上": the share of what follows.
            indicator = re.sub(r"[“”「」『』\s]", "", after[1:]).rstrip("。")
            last_end = len(clause)
        elif unit == "%" and (not pre or re.match(r"^(?:实现|完成)", after)):
            verb = _VERB_AFTER.match(after)
            if verb:
                subject, indicator = pre or None, verb.group("pred")
                last_end = match.end() + verb.end()
        elif not pre and after:
            noun = re.match(r"^[\u4e00-\u9fff]{2,12}", re.sub(r"^[“”「」『』]", "", after))
            if noun:
                indicator = noun.group(0)
        if _UNDER.search(raw_pre) and not share and (under := _COUNTED_AFTER.match(after)):
            indicator = under.group("noun")  # 所辖38个贫困村: the count names what follows it
        if not indicator or _TO_LEVEL.match(indicator):
            # "1546户4850人", "2023年达到39218元": the same thing counted again or later;
            # "…收入持续增长,从2020年的12588元增长至2023年的16396元": the level it changes to.
            indicator = previous.indicator if previous is not None else \
                _TREND.sub("", topic or "") or indicator
        if len(indicator) > MAX_INDICATOR:
            indicator = re.split(r"[了对将把共]", indicator)[-1][-MAX_INDICATOR:]
        if not indicator:
            last_end = max(last_end, match.end())
            continue
        growth = _GROWTH_TAIL.search(indicator)
        if growth and growth.start() >= 2 and not subject:
            subject, indicator = indicator[:growth.start()], growth.group(0)
        elif _GROWTH.match(indicator) and previous is not None and not subject:
            subject = previous.indicator
        target = Target(
            year=year, subject=subject, indicator=indicator, value=number_value(match.group("num")),
            unit=unit, qualifier=_qualifier(raw_pre, _approx(match)) or (
                # 累计脱贫11386户44014人: a count written on to the last shares its qualifier.
                previous.qualifier if previous in out and not raw_pre.strip() else None),
            sentence=sentence.strip(),
            kind="goal" if planned and _is_goal(sentence) else "statistic",
        )
        out += [replace(target, value=number_value(n)) for n in coordinated] + [target]
        previous = target
        last_end = max(last_end, match.end() + (first.end("noun") if first else 0))
    return out


def _amount(target: Target) -> tuple[Decimal, str]:
    """A figure's amount in its thing, unscaled (29.86万人 is 298600人), to compare two."""
    scale = re.match(r"万亿|亿|万", target.unit)
    if scale is None:
        return target.value, target.unit
    factor = {"万亿": 10 ** 12, "亿": 10 ** 8, "万": 10 ** 4}[scale.group(0)]
    return target.value * factor, target.unit[scale.end():]


def extract_targets(text: str, title: str = "") -> list[Target]:
    """Every quantified goal or statistic in text, in reading order; first those of its title
    that the text does not state (18个县退出贫困县序列 over a text that names the counties).

    A figure's year is the one its sentence states before it; failing that, the one the
    previous sentence of the same paragraph ends on; failing that, none (never guessed).
    """
    targets = _text_targets(text)
    if title:
        stated = {_amount(t) for t in targets}
        targets = [t for t in _text_targets(title) if _amount(t) not in stated] + targets
    return targets


def _text_targets(text: str) -> list[Target]:
    targets: list[Target] = []
    for paragraph, header in table_paragraphs(roc_years(as_digits(text)).split("\n"), UNITS):
        # Amounts and years in Chinese numerals (三百万, 两成, 二○一三年) are read as digits.
        # A decimal point followed by a space inside a sentence (补贴192. 26万元, from a
        # converted file) is still a decimal point; at a line start "1. " is a list number.
        paragraph = re.sub(r"(?<=[\u4e00-\u9fff])(\d+)\. (?=\d)", r"\1.", paragraph)
        # A full-width point between digits (１２．５％, kept by the page normaliser, which
        # widens only digits and letters) is a decimal point.
        paragraph = re.sub(r"(?<=\d)．(?=\d)", ".", paragraph)
        context: str | None = None
        for sm in _SENTENCE.finditer(paragraph):
            sentence = sm.group(0)
            if _QUANTITY.search(sentence):
                previous: Target | None = None
                topic: str | None = header  # a table's column names the figure in its cell
                for cm in _CLAUSE.finditer(sentence):
                    found = _clause_targets(cm.group(0), cm.start(), sentence, previous, context,
                                            topic)
                    if found:
                        targets.extend(found)
                        previous = found[-1]
                    else:
                        topic = _clean_pre(cm.group(0)) or topic
            context = _year_before(sentence, len(sentence), as_of=True)
    return targets


def kind_of(sentence: str, value: Decimal, unit: str) -> str:
    """The kind ("goal" or "statistic") of the figure value/unit that sentence states."""
    for target in extract_targets(sentence):
        if target.value == value and target.unit == unit:
            return target.kind
    return "statistic"
