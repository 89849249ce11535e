"""Chinese numerals written as digits, for reading figures and dates.

Pages write amounts and dates in Chinese numerals as often as in digits: 三百万人, 七千零十七万元,
零点八个百分点, 两成, 百分之八十, 二○一三年四月一日. `as_digits` rewrites only numerals that
stand for an amount or a year (followed by a scale, a unit or 年, or after 百分之), so words
that contain numerals (一户一策, 两不愁三保障, 十三五, 第一) are left alone; the reader of
figures and dates then sees digits. The text that is stored keeps its own writing.
"""
from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10 ** 4, "亿": 10 ** 8}
_D = "零〇○Ｏ一二两三四五六七八九"
_RUN = rf"[{_D}十廿卅百千万亿]+(?:点[{_D}]+)?"
# 廿 and 卅 write twenty and thirty in one character (廿八个 = 28个).
_TENS = {"廿": "二十", "卅": "三十"}
# What an amount is followed by: a scale or a counted unit (the figure reader's units) or 成.
_AFTER = (
    r"个百分点|百分点|成|港元|美元|元|人次|人|户|亩|公里|千米|吨|平方米|千瓦|个|家|所|名|座|条|处|套|"
    r"间|倍|项|株|箱|单|万|亿"
)
_AMOUNT = re.compile(rf"(?<![{_D}十廿卅百千万亿第])(?P<run>{_RUN})(?P<approx>多|余)?(?=(?:{_AFTER}))")
# A lone numeral counting places is an amount (最后九个贫困县, 三个乡镇); 一个村 is "a village".
_PLACES = re.compile(r"个[\u4e00-\u9fff]{0,5}?(?:县|村|乡|镇|省|市|区|州|旗)(?![长委民])")
# Digits written with a scale inside (140万6500人, 1亿2000万元): one amount, in its smaller scale.
_MIXED = re.compile(
    r"(?<![\d.])(?<!\d,)(?:(?P<yi>\d+)亿(?P<wan>\d{1,4})万"
    rf"|(?P<high>\d+)万(?P<low>\d{{1,4}})(?=(?:多|余)?(?:{_AFTER.replace('|万|亿', '')})))"
)
# Digits scaled by 千 or 百 before a larger scale or a unit (3千万元, 2.3千亿元, 5千元, 1千多人):
# one amount in digits (3000万元, 2300亿元, 5000元, 1000多人); 5千瓦 and 3千米 are units.
_DIGIT_SCALE = re.compile(
    rf"(?<![\d.第])(?<!\d,)(?P<num>\d+(?:\.\d+)?)(?P<scale>[千百])(?=(?:多|余)?(?:{_AFTER}))"
)
_PERCENT = re.compile(rf"百分之(?P<run>{_RUN})")
_YEAR = re.compile(rf"(?<![{_D}\d])(?P<run>[{_D}]{{4}})(?=年)")
# A financial year in numerals (二○一八/一九年度 → 2018/19年度).
_FINANCIAL_YEAR = re.compile(rf"(?<![{_D}\d])(?P<run>[{_D}]{{4}})/(?P<tail>[{_D}]{{2}})(?=年度)")
_MONTH_DAY = re.compile(
    r"(?<=\d年)(?P<m>[一二三四五六七八九十]{1,3})月(?:(?P<d>[一二三四五六七八九十廿卅]{1,4})日)?"
)


def value(run: str) -> Decimal | None:
    """The value of a Chinese numeral (七千零十七万 → 70170000, 零点八 → 0.8), None if not one."""
    for char, tens in _TENS.items():
        run = run.replace(char, tens)
    whole, _, fraction = run.partition("点")
    if fraction and not all(c in DIGITS for c in fraction):
        return None
    number: Decimal | None
    if whole and all(c in DIGITS for c in whole):
        number = Decimal(int("".join(str(DIGITS[c]) for c in whole)))
    else:
        number = _positional(whole)
    if number is None:
        return None
    if fraction:
        number += Decimal("0." + "".join(str(DIGITS[c]) for c in fraction))
    return number


def _positional(text: str) -> Decimal | None:
    total, section, digit = 0, 0, None
    for char in text:
        if char in DIGITS:
            if not DIGITS[char]:
                digit = None  # 零 only marks a gap (七千零十七)
                continue
            if digit is not None and digit:
                return None  # two digits in a row (二三) are not a positional numeral
            digit = DIGITS[char]
        elif char in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[char]
            digit = None
        elif char in _LARGE:
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _LARGE[char] if _LARGE[char] > 10 ** 4 and total \
                else total + section * _LARGE[char]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


def _written(number: Decimal) -> str:
    plain = format(number.normalize(), "f")
    return plain


def _amount(match: re.Match[str]) -> str:
    run = match.group("run")
    # A lone numeral before a counted unit is a word (一个, 两项, 三保障) unless a scale or a
    # percentage follows (一万, 两成, 零点八个百分点).
    after = match.string[match.end():match.end() + 4]
    if len(run) == 1 and not after.startswith(("万", "亿", "成", "个百分点")) and \
            not (run != "一" and _PLACES.match(match.string, match.end())):
        return match.group(0)
    if not any(c in "一二两三四五六七八九" for c in run):
        return match.group(0)  # scale words alone are slogans and round talk (百万亩工程, 千万)
    scale = ""
    if run[-1] in _LARGE and len(run) > 1:
        scale = run[-1]
    number = value(run)
    if number is None:
        return match.group(0)
    if scale:
        number = number / _LARGE[scale]
    return _written(number) + scale + (match.group("approx") or "")


def _percent(match: re.Match[str]) -> str:
    number = value(match.group("run"))
    return match.group(0) if number is None else _written(number) + "%"


def _year(match: re.Match[str]) -> str:
    return "".join(str(DIGITS[c]) for c in match.group("run"))


def _month_day(match: re.Match[str]) -> str:
    month = _positional(match.group("m"))
    day = _positional(match.group("d").replace("廿", "二十").replace("卅", "三十")) \
        if match.group("d") else None
    if month is None or not 1 <= month <= 12 or (match.group("d") and day is None):
        return match.group(0)
    return f"{month}月" + (f"{day}日" if day is not None else "")


def _financial_year(match: re.Match[str]) -> str:
    digits = "".join(str(DIGITS[c]) for c in match.group("run") + match.group("tail"))
    return f"{digits[:4]}/{digits[4:]}"


def years_as_digits(text: str) -> str:
    """Dates written in Chinese numerals (二○一五年四月一十八日) written in digits."""
    if not re.search(rf"[{_D}]{{4}}年", text):
        return text
    return _MONTH_DAY.sub(_month_day, _YEAR.sub(_year, text))


def _mixed(match: re.Match[str]) -> str:
    if match.group("yi"):
        return f"{int(match.group('yi')) * 10000 + int(match.group('wan'))}万"
    return str(int(match.group("high")) * 10000 + int(match.group("low")))


def _digit_scale(match: re.Match[str]) -> str:
    return _written(Decimal(match.group("num")) * _SMALL[match.group("scale")])


def as_digits(text: str) -> str:
    """Amounts, percentages and years written in Chinese numerals rewritten in digits."""
    if re.search(r"\d[千百]", text):
        text = _DIGIT_SCALE.sub(_digit_scale, text)
    if re.search(r"\d[万亿]\d", text):
        text = _MIXED.sub(_mixed, text)
    if not re.search(rf"[{_D}十廿卅百千]", text):
        return text
    text = years_as_digits(_FINANCIAL_YEAR.sub(_financial_year, text))
    text = _PERCENT.sub(_percent, text)
    return _AMOUNT.sub(_amount, text)
