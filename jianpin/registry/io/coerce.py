"""Turn raw cell values into field values; each failure is an (error code, Chinese reason).

Blank cells mean "not given": nothing is changed on update, the model default applies on create.
"""
from __future__ import annotations

import datetime as dt
import difflib
import operator
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol, cast

from django.db.models import Field as DjangoField
from django.utils import timezone, translation

from jianpin.kernel import ids
from jianpin.kernel.cells import read_cell
from jianpin.kernel.errors import InvalidId
from jianpin.registry.io.headers import norm
from jianpin.registry.io.layouts import BY_KEY, VOCAB, Field, label


class Bad(Exception):
    """A cell that cannot be used: `code` is stable, `message` is Chinese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Converter = Callable[[Any], Any]
CENT = Decimal("0.01")
_TRUE = set(VOCAB["bool"]["true"])
_FALSE = set(VOCAB["bool"]["false"])
_SCI = re.compile(r"^\d+(\.\d+)?e\+?\d+$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$")     # 2023-04, 2023年4月, 202304
_CERT = re.compile(r"^(\d{17}[\dX])([1-7])([1-4])$")   # 残疾人证号: ID number, category, grade


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float):
        if abs(value) >= 1e15:
            raise Bad("not_text", "该值以数字格式存储，超过15位的数字在 Excel 中会丢失末位，"
                                  "请将该列设为文本格式后重新录入")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return read_cell(str(value).strip())


_ID18 = re.compile(r"[1-9]\d{16}[\dX]\Z")
_WEIGHTS = ids.WEIGHTS
# This code runs after 2025, so earlier births are never in the future: the fast path asks
# the (slower, time-zone aware) clock only for the few recent ones.
_SURELY_PAST = dt.date(2026, 1, 1)


def _fast_id(text: str) -> bool:
    """The common case: a well-formed 18-character ID with a valid date and check digit."""
    if not _ID18.match(text):
        return False
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    total = sum(map(operator.mul, map(int, text[:17]), _WEIGHTS))
    return ids.CHECK_CHARS[total % 11] == text[17] and 1880 <= birth.year and \
        (birth < _SURELY_PAST or birth <= timezone.localdate())


def _identity(value: Any) -> str:
    if value.__class__ is str and _fast_id(value):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise Bad("id_not_text", "身份证号以数字格式存储（Excel 只保留15位有效数字，末几位已丢失），"
                                 "请将该列设为文本格式后重新录入")
    text = str(value).strip()
    if _SCI.match(text.replace(" ", "")):
        raise Bad("id_not_text", "身份证号被存成了科学计数法数字，末几位已丢失，请以文本格式重新录入")
    cert = _CERT.match(text.upper())
    if cert:                      # a disability certificate number: keep the ID, note the grade
        number = _identity(cert.group(1))
        return CertifiedId(number, int(cert.group(3)))
    try:
        return ids.parse(text, today=timezone.localdate()).number
    except InvalidId as exc:
        reasons = {"id_format": "身份证号格式不正确（应为18位数字，末位可为X）",
                   "id_date": "身份证号中的出生日期不存在或不合理",
                   "id_checksum": "身份证号校验位错误（最后一位与前17位不符）"}
        raise Bad(exc.code, reasons.get(exc.code, exc.message)) from None


class CertifiedId(str):
    """An ID number read from a 20-digit disability certificate number, with its grade."""

    grade: int

    def __new__(cls, number: str, grade: int) -> CertifiedId:
        made = super().__new__(cls, number)
        made.grade = grade
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (CertifiedId, (str(self), self.grade))


def code_table(f: Field) -> dict[str, str]:
    """Every accepted spelling (normalised) → code value: the code list, its labels and the
    national vocabulary."""
    assert f.choices is not None
    table: dict[str, str] = {}
    with translation.override("zh-hans"):        # the labels as files write them
        for value, shown in f.choices.choices:
            table[norm(value)] = value
            table[norm(str(shown))] = value
    for alias, value in f.vocabulary().items():
        table[norm(alias)] = value
    return table


def closest(value: Any, known: list[str], n: int = 3) -> list[str]:
    """The known spellings nearest to an unknown value (for the error message)."""
    text = str(value).strip()
    found = difflib.get_close_matches(text, known, n=n, cutoff=0.34)
    if len(found) < n:        # a shared character is a better hint than nothing
        found += [k for k in known if k not in found and set(k) & set(text)][:n - len(found)]
    return found


def _code(f: Field, added: dict[str, str] | None = None) -> Converter:
    assert f.choices is not None
    table = code_table(f)
    table.update({norm(k): v for k, v in (added or {}).items()})
    known = [v for v in f.choices.values if v] + [a for a in f.vocabulary() if a] + \
        list(added or ())

    def convert(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)          # 性别 written as the number 1 or 2
        found = table.get(norm(value))
        if found is None:
            near = closest(value, known)
            hint = f"最接近的可选值：{'、'.join(near)}；" if near else ""
            raise Bad("bad_code", f"「{value}」不在代码表中，{hint}可选值："
                                  f"{'、'.join(v or '（空）' for v in f.choices.values)}")  # type: ignore[union-attr]
        return found
    return convert


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = norm(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise Bad("bad_code", f"「{value}」不是有效的是/否值，请填写“是”或“否”")


def _int(value: Any) -> int:
    try:
        number = float(str(value).strip()) if not isinstance(value, (int, float)) else value
        whole = int(number)
    except (ValueError, OverflowError):
        raise Bad("not_number", f"「{value}」不是整数") from None
    if number != whole:
        raise Bad("not_number", f"「{value}」不是整数")
    if number < 0:
        raise Bad("negative_amount", "不能为负数")
    return whole


def _signed(value: Any) -> Decimal:
    """An amount that may be negative (net income after production costs)."""
    try:
        return _money(value)
    except Bad as bad:
        if bad.code != "negative_amount":
            raise
    return -_money(str(value).strip().lstrip("-"))


def _money(value: Any) -> Decimal:
    try:
        if isinstance(value, float):
            amount = Decimal(repr(value))
        elif isinstance(value, int):
            amount = Decimal(value)
        else:
            amount = Decimal(str(value).replace(",", "").replace("，", "").replace("元", "").strip())
    except InvalidOperation:
        raise Bad("not_number", f"「{value}」不是有效金额（应为数字）") from None
    if not amount.is_finite():
        raise Bad("not_number", f"「{value}」不是有效金额（应为数字）")
    if amount < 0:
        raise Bad("negative_amount", "金额不能为负数")
    return amount.quantize(CENT, ROUND_HALF_UP)


def _date(value: Any) -> dt.date:
    """A day, or a month (YYYYMM as the national systems write it; the 1st stands for it);
    as text, a date cell or a number such as 202304 or 20230415."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    m = _DATE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    m = _MONTH.match(text)
    if m and 1 <= int(m.group(2) or m.group(3)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2) or m.group(3)), 1)
    raise Bad("bad_date", f"「{value}」不是有效日期（应为 2020-01-31 或 202001 格式）")


BLANK = object()


_MISS = object()


class Memoised(Protocol):
    """A memoised converter: call it, or read `memo` and call `miss` directly."""

    memo: dict[Any, Any]
    miss: Converter

    def __call__(self, raw: Any) -> Any: ...


MEMO_LIMIT = 20000     # values a column's memo keeps


def memoised(convert: Converter, limit: int = MEMO_LIMIT) -> Memoised:
    """Wrap a converter: blank → BLANK, failure → the Bad instance (returned, not raised).

    Spreadsheet columns repeat a handful of values (codes, yes/no, village names), so most
    cells become one dictionary look-up; `run.miss` converts a value already known not to be
    in the memo (columns of names and IDs rarely repeat).
    """
    memo: dict[Any, Any] = {}

    def miss(raw: Any) -> Any:
        result = BLANK if blank(raw) else _once(convert, raw)
        if len(memo) < limit:
            try:
                memo[raw] = result
            except TypeError:       # an unhashable cell value: converted, not remembered
                pass
        return result

    def run(raw: Any) -> Any:
        try:
            hit = memo.get(raw, _MISS)
        except TypeError:
            return _once(convert, raw)
        return miss(raw) if hit is _MISS else hit
    made = cast(Memoised, run)
    made.memo, made.miss = memo, miss
    return made


def _once(convert: Converter, raw: Any) -> Any:
    try:
        return convert(raw)
    except Bad as bad:
        return bad


def converter(f: Field, added: dict[str, str] | None = None) -> Converter:
    """`added`: spellings county officers mapped to this column's codes (see `vocab`)."""
    if f.kind == "id":
        return _identity
    if f.kind == "code":
        return _code(f, added)
    return {"text": _text, "bool": _bool, "int": _int, "money": _money, "signed": _signed,
            "date": _date}[f.kind]


def max_lengths() -> dict[str, int]:
    """The longest text each household and member field may hold, from the models."""
    from jianpin.registry.models import Household, Member

    out = {}
    for f in BY_KEY.values():
        model = {"hh": Household, "m": Member}.get(f.target)
        if model is None or f.kind not in ("text", "id"):
            continue
        try:
            model_field = model._meta.get_field(f.name)
        except LookupError:
            continue
        limit = model_field.max_length if isinstance(model_field, DjangoField) else None
        if limit:
            out[f.key] = limit
    return out


def bounded(f: Field, added: dict[str, str] | None = None) -> Converter:
    """The field's converter, refusing text longer than the model keeps (row, column, reason
    reach the report through the usual Bad path); `added` as for `converter`."""
    convert = converter(f, added)
    limit = max_lengths().get(f.key)
    if limit is None:
        return convert

    def run(raw: Any) -> Any:
        value = convert(raw)
        if value.__class__ is str and len(value) > limit:
            raise Bad("too_long", f"{label(f.key)}最多 {limit} 个字符，本格有 {len(value)} 个字符")
        return value
    return run
