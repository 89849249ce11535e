"""Cell values to Python values, each refusing with a message the row error shows."""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jianpin.kernel.cells import read_cell
from jianpin.kernel.errors import DomainError
from jianpin.projects.codes import AssetKind, Category, FundSource, Nature, Ownership

CENT = Decimal("0.01")
# Category words seen in county sheets (产业发展, 就业项目, 乡村建设行动, 基础设施类, 雨露计划 ...)
CATEGORY_WORDS = (("易地搬迁", "relocation"), ("搬迁", "relocation"), ("产业", "industry"),
                  ("就业", "employment"), ("乡村建设", "infrastructure"),
                  ("基础设施", "infrastructure"), ("教育", "education"), ("雨露", "education"),
                  ("健康", "health"), ("医疗", "health"), ("住房", "housing"), ("危房", "housing"),
                  ("饮水", "water"), ("供水", "water"), ("金融", "finance"), ("贴息", "finance"),
                  ("信贷", "finance"), ("其他", "other"))
OWNERSHIP_WORDS = (("户", "household"), ("村", "collective"), ("集体", "collective"),
                   ("企业", "enterprise"), ("公司", "enterprise"), ("合作社", "collective"),
                   ("县", "state"), ("区", "state"), ("镇", "state"), ("乡", "state"),
                   ("国有", "state"), ("部门", "state"))


def text(value: Any, limit: int = 300) -> str:
    """The cell as text; the apostrophe the export puts before =, +, - or @ is taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return read_cell(str(value).strip())[:limit]


def number(value: Any, what: str) -> int:
    s = text(value)
    if not s:
        return 0
    try:
        return int(Decimal(s))
    except InvalidOperation:
        raise DomainError("bad_number", _("%(what)s不是整数：%(v)s") % {"what": what, "v": s}) \
            from None


def money(value: Any, what: str, wan: bool = False) -> Decimal:
    s = text(value).replace(",", "").replace("，", "")
    if not s:
        return Decimal(0)
    try:
        amount = Decimal(repr(value) if isinstance(value, float) else s)
    except InvalidOperation:
        raise DomainError("bad_amount", _("%(what)s不是金额：%(v)s") % {"what": what, "v": s}) \
            from None
    return (amount * (10000 if wan else 1)).quantize(CENT, rounding=ROUND_HALF_UP)


def day(value: Any, what: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = text(value)
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    try:
        if m is None:
            raise ValueError
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise DomainError("bad_date", _("%(what)s不是日期：%(v)s") % {"what": what, "v": s}) \
            from None


def region(value: Any) -> str:
    s = text(value)
    if not re.fullmatch(r"\d{12}", s):
        raise DomainError("bad_region", _("区划代码应为12位数字：%(v)s") % {"v": s})
    return s


def _choice(value: Any, choices: Any, words: tuple[tuple[str, str], ...], what: str) -> str:
    s = text(value)
    for code, label in choices:
        if s in (code, str(label)):
            return str(code)
    hit = next((code for word, code in words if word in s), None)
    if hit is None:
        raise DomainError("bad_code", _("%(what)s不在代码表内：%(v)s") % {"what": what, "v": s})
    return hit


def category(value: Any) -> str:
    return _choice(value, Category.choices, CATEGORY_WORDS, _("项目类别"))


def nature(value: Any) -> str:
    if not text(value):
        return Nature.NEW.value
    return _choice(value, Nature.choices, (("新建", "new"), ("改", "rebuild"), ("扩", "extend"),
                                           ("续建", "extend")), _("建设性质"))


def source(value: Any) -> str:
    words = tuple((str(label)[:2], code) for code, label in FundSource.choices) + \
        (("东西部", "east_west"), ("整合", "integrated"))
    return _choice(value, FundSource.choices, words, _("资金来源"))


def asset_kind(value: Any) -> str:
    return _choice(value, AssetKind.choices, (("经营", "operating"), ("公益", "public"),
                                              ("到户", "household")), _("资产类别"))


def ownership(value: Any) -> str:
    return _choice(value, Ownership.choices, OWNERSHIP_WORDS, _("确权类型"))


def targets(value: Any) -> list[tuple[str, str]]:
    """验收合格率：100%；受益脱贫（监测）人口数：36人 -> [(indicator, target value)]."""
    out = []
    for part in re.split(r"[；;\n]+", text(value, 5000)):
        if not part.strip():
            continue
        pieces = re.split(r"[：:]", part.strip(), maxsplit=1)
        if len(pieces) != 2 or not pieces[0].strip() or not pieces[1].strip():
            raise DomainError("bad_target", _("绩效目标应写作“指标：目标值”：%(v)s") % {"v": part})
        out.append((pieces[0].strip()[:100], pieces[1].strip()[:50]))
    return out
