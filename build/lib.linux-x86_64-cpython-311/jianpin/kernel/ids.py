"""Resident identity numbers (GB 11643-1999): normalisation, check digit, 15→18 conversion."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jianpin.kernel.errors import InvalidId
from jianpin.kernel.masking import mask_id

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＡ", "0123456789XXA")
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_SHAPE15 = re.compile(r"^\d{15}$")


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    sex: str  # "男" or "女"


def check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(raw: str) -> str:
    """Strip spaces, map full-width digits and lowercase x; no validation."""
    return re.sub(r"\s+", "", str(raw)).translate(_FULLWIDTH).upper()


def upgrade15(number15: str) -> str:
    """Convert an old 15-digit number to 18 digits (century 19, new check digit)."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def parse(raw: str, *, today: dt.date | None = None) -> ResidentId:
    """Validate and normalise an ID; raise InvalidId with a Chinese message and a code."""
    text = normalise(raw)
    if _SHAPE15.match(text):
        text = upgrade15(text)
    if not _SHAPE.match(text):
        raise InvalidId("id_format", f"身份证号码格式不正确（应为18位）：{raw}")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InvalidId("id_date", f"身份证号码中的出生日期不存在：{text[6:14]}") from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1880:
        raise InvalidId("id_date", f"身份证号码中的出生日期不合理：{text[6:14]}")
    if check_digit(text[:17]) != text[17]:
        raise InvalidId("id_checksum", f"身份证号码校验位错误：{text}")
    sex = "男" if int(text[16]) % 2 else "女"
    return ResidentId(text, birth, sex)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except InvalidId:
        return False
    return True


def mask_safe(number: str) -> str:
    """An ID shown in an error message: masked, so messages never carry a full ID."""
    return mask_id(number)
