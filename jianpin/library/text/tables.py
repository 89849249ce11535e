"""Tables of fund and project disclosures as the figure reader sees them.

Pages carry tables as cells separated by "|", a row to a line (序号 | 项目名称 | … | 投资规模 |) or
a cell to a line. A table whose header row opens on 序号 is read cell by cell: a cell is a
paragraph of its own, and a figure alone in it (20万元) is named by its column's header
(投资规模); a bare number takes the unit its header states in brackets (投资规模(万元)). Lines
of other tables, and all other lines, are read as they are.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_HEADED_UNIT = re.compile(r"^(?P<name>.+?)[(（](?P<unit>[^()（）]{1,4})[)）]$")
MAX_COLUMNS = 16


def _is_table_line(line: str) -> bool:
    return "|" in line


def _cells(lines: list[str]) -> list[str]:
    """The cells of table lines, without the spaces around them (split in code: a pattern for
    spaces around a bar read a run of spaces again from each of its characters, n² steps)."""
    return [c for line in lines for c in (cell.strip() for cell in line.split("|")) if c]


def _header(cells: list[str]) -> tuple[int, list[str]] | None:
    """Where the first row starts and the header's names, when the table opens on 序号."""
    names = [re.sub(r"\s+", "", c) for c in cells]
    if "序号" not in names:
        return None
    start = names.index("序号")
    for end in range(start + 2, min(len(names), start + MAX_COLUMNS + 1)):
        if names[end] in {"1", "1.", "1、"}:
            return end, names[start:end]
    return None


def _read(cells: list[str], units: str) -> list[tuple[str, str | None]]:
    found = _header(cells)
    if found is None:
        return [(c, None) for c in cells]
    first, header = found
    out: list[tuple[str, str | None]] = [(c, None) for c in cells[:first]]
    for k, cell in enumerate(cells[first:]):
        name = header[k % len(header)]
        headed = _HEADED_UNIT.match(name)
        if headed and _NUMBER.fullmatch(cell) and re.fullmatch(units, headed.group("unit")):
            cell, name = cell + headed.group("unit"), headed.group("name")
        out.append((cell, name))
    return out


def table_paragraphs(lines: list[str], units: str) -> list[tuple[str, str | None]]:
    """The lines of a text as paragraphs, each with the header naming it (None outside tables
    headed by 序号): table lines split into their cells. units is the pattern of the units a
    figure may have."""
    out: list[tuple[str, str | None]] = []
    block: list[str] = []
    for line in lines + [""]:
        if _is_table_line(line):
            block.append(line)
            continue
        if block:
            found = _header(_cells(block))
            out += _read(_cells(block), units) if found else [(b, None) for b in block]
            block = []
        out.append((line, None))
    return out[:-1]
