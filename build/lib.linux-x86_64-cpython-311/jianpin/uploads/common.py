"""What the upload checks share: the refusal, cell references and what a check found."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from jianpin.kernel.errors import DomainError

ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ENTITY_MESSAGE = "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝"
BOMB_MESSAGE = "工作簿解压后过大，疑似压缩炸弹或超出单次导入上限，已拒绝"
BAD_ZIP_MESSAGE = "文件已损坏，无法作为 Excel 工作簿打开"


def reject(code: str, message: str) -> DomainError:
    return DomainError(code, message)


def column_name(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


COLUMNS = {column_name(n): n for n in range(1, 16_385)}   # A … XFD
BYTE_COLUMNS = {name.encode(): n for name, n in COLUMNS.items()}
DIGIT_BYTES = DIGITS.encode()
FIRST, SECOND = itemgetter(0), itemgetter(1)


def attr(attrs: list[str], key: str) -> str | None:
    """A value from expat's ordered attributes."""
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i] == key:
            return attrs[i + 1]
    return None


@dataclass
class FileCheck:
    kind: str                                   # "xlsx", "xls" or "csv"
    formulas: list[tuple[str, str]] = field(default_factory=list)   # (sheet, cell)
    formula_count: int = 0
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet: (rows, columns)
    sheets: list[RawSheet] | None = None        # read with the check (`xlsxread`), handed once


@dataclass
class RawSheet:
    name: str
    col_offset: int
    rows: Iterator[list[Any]]


def reraise_control(exc: BaseException) -> None:
    """A panic in the Rust reader arrives as a BaseException; interrupts must still pass."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc
