"""Build small import files for the import/export tests."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.registry.io import sample
from jianpin.registry.io.layouts import NATIONAL
from jianpin.registry.io.writer import XlsxOut, csv_bytes

VILLAGES = [("水寨镇", "协和村委会", VILLAGE), ("水寨镇", "河尾村委会", SIBLING_VILLAGE)]
TITLE = "2025年五华县脱贫人口信息表"


def households(n: int, *, start: int = 1, villages: list | None = None) -> list[list[dict]]:
    return list(sample.households(n, villages or VILLAGES[:1], start=start))


def rows_of(hhs: Iterable[list[dict[str, Any]]], layout: str = NATIONAL) -> tuple[list, list]:
    header, body = sample.table(iter(hhs), layout)
    return header, list(body)


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *, title: str = TITLE,
               raw_ids: bool = False) -> Path:
    """Write a workbook with a title row above the header (as national exports have)."""
    out = XlsxOut(str(path))
    out.sheet("脱贫人口", header, rows, title=title)
    out.close()
    return path


def write_csv(path: Path, header: list[str], rows: list[list[Any]],
              encoding: str = "utf-8") -> Path:
    data, _ = csv_bytes(header, rows)
    text = data.decode("utf-8").lstrip("\ufeff")
    path.write_bytes(text.encode(encoding))
    return path


def national(tmp_path: Path, n: int = 3, name: str = "hh.xlsx", **kw: Any) -> Path:
    header, rows = rows_of(households(n, **kw))
    return write_xlsx(tmp_path / name, header, rows)
