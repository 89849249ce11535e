"""Refuse a masked export before its rows are checked.

jianpin's default export hides the birth date, sequence and check digit of every ID number and
the middle of every phone number (`kernel.masking`), and writes 已脱敏 in each sheet's title
row. Such a file cannot be imported back: every member would be one error ("身份证号格式不正确")
and every household a second head. It is recognised by its structure, not by its name: the
title mark above the header, or ID cells that are masked in most rows of the sheet's start (the
CSV export has no title row). A file with a few masked cells among real IDs is not refused:
those rows get their own errors.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from django.utils.translation import gettext

from jianpin.kernel.errors import DomainError
from jianpin.registry.io.read import Sheet

TITLE_MARK = "已脱敏"
SAMPLE_ROWS = 200
# An ID with a run of stars where digits were: 441424************, 4414********1234, ****.
MASKED_ID = re.compile(r"^[0-9A-Za-z]{0,17}[*＊]{4,}[0-9A-Za-z]{0,17}$")


def is_masked_id(value: object) -> bool:
    return value is not None and bool(MASKED_ID.match(str(value).strip()))


def _masked_ids(sheet: Sheet) -> bool:
    """True when more than half of the ID cells in the sheet's first rows are masked; the
    rows read for this are put back in front of the sheet's rows."""
    col = sheet.header.columns.get("m.id_number")
    if col is None:
        return False
    head = list(itertools.islice(sheet.rows, SAMPLE_ROWS))
    sheet.rows = itertools.chain(head, sheet.rows)
    ids = [cells[col] for _, cells in head
           if col < len(cells) and cells[col] is not None and str(cells[col]).strip()]
    return bool(ids) and 2 * sum(map(is_masked_id, ids)) > len(ids)


def refuse(sheets: Iterable[Sheet], csv_file: str = "") -> None:
    """Raise `masked_export` when a member sheet is a masked export. `csv_file`: the name of
    the file when it is a CSV file, which has no sheets (the message names the file)."""
    for sheet in sheets:
        if any(TITLE_MARK in text for text in sheet.above) or _masked_ids(sheet):
            if csv_file:
                raise DomainError("masked_export", gettext(
                    "文件「%(file)s」是脱敏导出的文件（身份证号和电话已部分隐藏），不能导回。"
                    "请在导出页面勾选“包含完整身份证号和电话”（命令行加 --unmasked）重新导出，"
                    "再导入该文件") % {"file": csv_file})
            raise DomainError("masked_export", gettext(
                "工作表「%(sheet)s」是脱敏导出的文件（身份证号和电话已部分隐藏），不能导回。"
                "请在导出页面勾选“包含完整身份证号和电话”（命令行加 --unmasked）重新导出，"
                "再导入该文件") % {"sheet": sheet.name})
