"""CSV: the encoding settled in one chunked pass, rows streamed with the sheet bounds."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jianpin.uploads.common import reject
from jianpin.uploads.limits import SheetLimits


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise reject("bad_encoding", "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV") from None


CSV_CHUNK = 1 << 20


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else GB18030 (a
    superset of GBK and GB2312), as `decode` chooses; checked in chunks, never held whole."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(CSV_CHUNK):
                    decoder.decode(chunk)
            decoder.decode(b"", True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise reject("bad_encoding", "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")


def csv_rows(path: Path, limits: SheetLimits) -> Iterator[list[Any]]:
    """CSV rows with the same bounds as a sheet: rows, columns, cells and field size. The
    file is streamed: one pass settles the encoding, the second reads rows as they come."""
    encoding = csv_encoding(path)
    with path.open(encoding=encoding, newline="") as fh:
        yield from _csv_stream(fh, limits)


def _csv_stream(fh: io.TextIOBase, limits: SheetLimits) -> Iterator[list[Any]]:
    head = fh.read(8192)
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(head, delimiters=",\t;")
    except csv.Error:
        pass
    reader = csv.reader(itertools.chain(io.StringIO(head + fh.readline()), fh), dialect)
    cells = 0
    try:
        for number, row in enumerate(reader, 1):
            cells += len(row)
            if number > limits.max_rows or len(row) > limits.max_columns or \
                    cells > limits.max_cells:
                raise reject("too_many_cells", f"CSV 第 {number} 行超出上限（最多 "
                                               f"{limits.max_rows} 行、{limits.max_columns} 列），"
                                               "请拆分文件")
            yield row
    except csv.Error as exc:
        raise reject("bad_csv", f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from None
