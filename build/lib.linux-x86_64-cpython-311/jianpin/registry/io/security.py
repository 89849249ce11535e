"""Refuse hostile import files before any parser sees them (see `jianpin.uploads.workbook`)."""
from __future__ import annotations

from pathlib import Path

from jianpin.uploads import workbook
from jianpin.uploads.limits import sheet_limits
from jianpin.uploads.workbook import FileCheck

__all__ = ["FileCheck", "check_file", "max_file_bytes"]


def max_file_bytes() -> int:
    return sheet_limits("import").max_file_bytes


def check_file(path: Path, name: str = "") -> FileCheck:
    """Return what the file is, or raise DomainError with a Chinese reason. An .xlsx is read
    with the check where it can be: pass the result on to `read.open_sheets`."""
    return workbook.check_file(path, name, sheet_limits("import"), read=True)
