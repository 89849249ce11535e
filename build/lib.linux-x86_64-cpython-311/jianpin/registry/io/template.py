"""The project's import template: a data sheet, instructions and the code lists, with drop-downs."""
from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from jianpin.registry.io.layouts import REQUIRED, TEMPLATE, columns

INSTRUCTIONS = (
    "每行填写一名家庭成员；同一户的每名成员重复填写户编号、行政区划代码等户信息，且须一致。",
    "带 * 的列必须填写。行政区划代码为行政村的12位统计用区划代码。",
    "身份证号请以文本格式填写（本模板该列已设为文本）；以数字格式保存的18位号码会丢失末位，导入时将报错。",
    "每户须有且只有一名“与户主关系”为“本人”的成员。",
    "代码类的列（与户主关系、文化程度等）请从下拉列表中选择，可选值见“代码表”工作表。",
    "收入按年度填写，金额单位为元，不能为负数；人均纯收入如填写，须与各项收入计算结果一致（误差1元以内）。",
    "空白单元格表示“不修改”：已有记录的该项保持原值，新记录取默认值。",
    "导入前系统会先预检并列出所有错误；只有全部无误时才会整体写入，重复导入同一文件不会重复写入。",
)


def workbook() -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"strings_to_numbers": False, "strings_to_formulas": False})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    data = book.add_worksheet("农户成员信息")
    codes = book.add_worksheet("代码表")
    notes = book.add_worksheet("填写说明")
    required = set(REQUIRED[TEMPLATE])
    code_col = 0
    for c, f in enumerate(columns(TEMPLATE)):
        title = f"{f.template}*" if f.key in required else str(f.template)
        data.write_string(0, c, title, head)
        data.set_column(c, c, max(10, 2 * len(title) + 2), text)
        options = _options(f)
        if options:
            codes.write_string(0, code_col, f"{f.template}（可选值）", head)
            for r, value in enumerate(options, 1):
                codes.write_string(r, code_col, value)
            letter = xl_col_to_name(code_col)
            data.data_validation(1, c, 5000, c, {
                "validate": "list", "source": f"=代码表!${letter}$2:${letter}${len(options) + 1}",
                "error_title": "不在代码表中", "error_message": "请从下拉列表中选择",
            })
            codes.set_column(code_col, code_col, 18)
            code_col += 1
    _national_values(codes, code_col + 1, head)
    data.freeze_panes(1, 0)
    notes.set_column(0, 0, 110)
    notes.write_string(0, 0, "填写说明", head)
    for r, line in enumerate(INSTRUCTIONS, 1):
        notes.write_string(r, 0, f"{r}. {line}")
    book.close()
    return buf.getvalue()


def _national_values(sheet: Any, col: int, head: Any) -> None:
    """The national systems' display values and what they import as (shipped and added)."""
    from jianpin.registry.io import vocab

    for c, title in enumerate(("国家系统取值对照：列", "国家系统取值", "导入为")):
        sheet.write_string(0, col + c, title, head)
        sheet.set_column(col + c, col + c, 20)
    added = vocab.added()
    r = 1
    for key, f in vocab.EDITABLE.items():
        pairs = {**f.vocabulary(), **added.get(key, {})}
        for value, code in pairs.items():
            sheet.write_string(r, col, vocab.label(key))
            sheet.write_string(r, col + 1, value)
            sheet.write_string(r, col + 2, code or "（空）")
            r += 1


def _options(f: object) -> list[str]:
    kind = getattr(f, "kind", "")
    if kind == "bool":
        return ["是", "否"]
    choices = getattr(f, "choices", None)
    if kind == "code" and choices is not None:
        return [v for v in choices.values if v]
    return []
