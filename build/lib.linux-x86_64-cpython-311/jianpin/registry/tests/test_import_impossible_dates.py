"""A monitoring date before the monitoring mechanism existed (March 2020) is `impossible_date`,
at its row and column; the same file with a possible date imports clean."""
from __future__ import annotations

import pytest
import python_calamine

from jianpin.registry.io import service
from jianpin.registry.tests import national_files as nf
from jianpin.registry.tests.io_helpers import write_xlsx

pytestmark = pytest.mark.django_db


def _with_identified(tmp_path, when: str):  # type: ignore[no-untyped-def]
    built = nf.monitoring(tmp_path / "clean.xlsx", 6, clean=True)
    book = python_calamine.CalamineWorkbook.from_path(str(built.path))
    sheet = book.get_sheet_by_index(0).to_python()
    header = [str(c) for c in sheet[2]]       # as printed: 识别监测\n时间 (a line break)
    names = ["".join(h.split()) for h in header]
    rows = [list(r) for r in sheet[3:]]
    at, kind, number = (names.index(n) for n in ("识别监测时间", "监测对象类别", "户编号"))
    target = next(r[number] for r in rows if r[kind])
    for r in rows:
        if r[number] == target:
            r[at] = when
    path = write_xlsx(tmp_path / f"{when}.xlsx", header, rows)
    # one title row above the header here: the household's first member is on row 3 + index
    return path, 3 + next(i for i, r in enumerate(rows) if r[number] == target)


def test_identified_before_the_mechanism_is_impossible(tmp_path, cadre) -> None:  # type: ignore[no-untyped-def]
    path, row = _with_identified(tmp_path, "201912")
    out = service.run(path, user=cadre)
    assert [(e["row"], e["column"], e["code"], e["message"]) for e in out.errors] == [
        (row, "识别监测 时间", "impossible_date", "日期 2019-12 早于防止返贫监测机制建立（2020年3月）")]


def test_the_same_file_with_a_possible_date_is_clean(tmp_path, cadre) -> None:  # type: ignore[no-untyped-def]
    path, _row = _with_identified(tmp_path, "202003")
    assert service.run(path, user=cadre).errors == []
