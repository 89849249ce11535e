"""The column reader (`validate._ColumnReader`, whole columns converted at once) reads every
file exactly as the row reader did: the same households, members, values, errors (code, row,
column, value, message with the closest known values) in the same order, and the same rows
kept for columns with no home."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jianpin.registry.io import read, security, service, validate, vocab
from jianpin.registry.io.coerce import Bad
from jianpin.registry.io.columns import id_column, text_column
from jianpin.registry.io.layouts import BY_KEY
from jianpin.registry.tests import national_files as nf
from jianpin.registry.tests.io_helpers import households, rows_of, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _parse(path: Path, columnar: bool) -> validate.Parsed:
    check = security.check_file(path, path.name)
    sheets = list(read.open_sheets(path, check.kind, path.name))
    layout = service.detect(next(s.header for s in sheets if s.header.has("m.relation")))
    members, _side, _notes = service._sort_sheets(sheets, layout)
    return validate.parse(members, None, vocab.added(), columnar=columnar)


def _member(m: validate.MemberIn) -> tuple[Any, ...]:
    return (m.sheet, m.row, list(m.vals.items()), type(m.vals.get("id_number")))


def _state(p: validate.Parsed) -> dict[str, Any]:
    return {
        "errors": p.errors, "error_rows": p.error_rows, "rows": p.rows, "orphans": p.orphans,
        "unknown": p.unknown_columns, "headers": p.headers, "notes": p.notes,
        "unmapped": (p.unmapped_columns, p.unmapped_rows), "side": p.side,
        "households": [(number, hh.sheet, hh.row, hh.vals, hh.meta, hh.inc, hh.chk, hh.seen,
                        hh.broken, hh.raw, hh.flawed, [_member(m) for m in hh.members])
                       for number, hh in p.households.items()],
    }


def _same(path: Path) -> validate.Parsed:
    new = _parse(path, columnar=True)
    assert _state(new) == _state(_parse(path, columnar=False))
    return new


@pytest.mark.parametrize("clean", [False, True])
@pytest.mark.parametrize("layout", ["monitoring", "national", "county_full"])
def test_evaluation_files_read_the_same(tmp_path, layout, clean):
    built = getattr(nf, layout)(tmp_path / "f.xlsx", 40, clean=clean)
    parsed = _same(built.path)
    assert parsed.rows == built.rows
    assert bool(parsed.errors) is not clean


def test_cells_every_converter_refuses_read_the_same(tmp_path):
    """IDs as numbers, in scientific notation, with a wrong check digit, a date that does not
    exist, full-width digits, a disability certificate number; text that is too long, blank,
    protected by a quote, a number; unknown codes; a duplicate ID; rows without a number."""
    header, rows = rows_of(households(6))
    col = {h: i for i, h in enumerate(header)}
    idc, name, rel = col["证件号码"], col["姓名"], col["与户主关系"]
    good = rows[1][idc]
    rows[1][idc] = 4.4522119900101e17
    rows[2][idc] = "4.45221E+17"
    rows[3][idc] = good[:17] + ("0" if good[17] != "0" else "1")
    rows[4][idc] = good[:10] + "1332" + good[14:]
    rows[5][idc] = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in rows[5][idc])
    rows[6][idc] = rows[6][idc] + "12"           # 残疾人证号: category 1, grade 2
    rows[7][idc] = rows[8][idc]                   # the same person twice
    rows[1][name] = "王" * 300
    rows[2][name] = "   "
    rows[3][name] = "'=SUM(A1)"
    rows[4][name] = 12345.0
    rows[5][rel] = "之外甥"
    rows[6][col["户编号"]] = ""
    rows[9][col["性别"]] = 3.0
    parsed = _same(write_xlsx(tmp_path / "odd.xlsx", header, rows))
    codes = {e["code"] for e in parsed.errors}
    assert {"id_not_text", "id_checksum", "id_date", "too_long", "missing_value", "bad_code",
            "id_duplicate_in_file"} <= codes
    _same(write_csv(tmp_path / "odd.csv", header, rows))


def test_id_column_agrees_with_the_converter_cell_by_cell():
    conv = validate.memoised(validate.bounded(BY_KEY["m.id_number"]))
    fresh = validate.memoised(validate.bounded(BY_KEY["m.id_number"]))
    cells: list[Any] = ["44522119900101002X", "445221199001010021", "445221199002300021",
                        "445221187001010021", "045221199001010021", "44522119900101002x",
                        "445221202601010021", "44522119900101002X12", 445221199001010021.0,
                        None, "", " ", "１２３", 7]
    for n in range(200):
        body = f"44522119{50 + n % 50:02d}{1 + n % 12:02d}{1 + n % 28:02d}{n:03d}"
        cells += [body + c for c in "0123456789X"]
    got = id_column(conv)(cells)
    want = [fresh(c) for c in cells]
    assert [(type(g), g.code, g.message) if isinstance(g, Bad) else g for g in got] == \
        [(type(w), w.code, w.message) if isinstance(w, Bad) else w for w in want]
    valid = [g for g in got if isinstance(g, str)]
    assert len(valid) >= 200 and not any(g in conv.memo for g in valid)   # found inline


def test_text_column_agrees_with_the_converter_cell_by_cell():
    conv = validate.memoised(validate.bounded(BY_KEY["m.name"]))
    fresh = validate.memoised(validate.bounded(BY_KEY["m.name"]))
    limit = validate.max_lengths()["m.name"]
    cells: list[Any] = ["张三", " 李四 ", "", "  ", "\u3000", None, "'=1+1", "'abc", "'",
                        "王" * limit, "王" * (limit + 1), 3.0, 2.5, 1e16, "=HYPERLINK()"]
    got = text_column(conv, limit)(cells)
    want = [fresh(c) for c in cells]
    assert [(g.code, g.message) if isinstance(g, Bad) else g for g in got] == \
        [(w.code, w.message) if isinstance(w, Bad) else w for w in want]


@pytest.mark.parametrize("odd", [None, "O'Neil", "", "王" * 300, "  "])
def test_text_column_of_strings_only_agrees_with_the_converter(odd):
    """A column of strings alone (the one-pass path when none is blank, too long or quoted;
    one odd cell sends the column back to the cell-by-cell path)."""
    conv = validate.memoised(validate.bounded(BY_KEY["m.name"]))
    fresh = validate.memoised(validate.bounded(BY_KEY["m.name"]))
    cells = ["张三", " 李四 ", "\u3000王五\u3000", "=HYPERLINK()", "赵\t六", "钱七\n"]
    if odd is not None:
        cells.insert(3, odd)
    got = text_column(conv, validate.max_lengths()["m.name"])(cells)
    want = [fresh(c) for c in cells]
    assert [(g.code, g.message) if isinstance(g, Bad) else g for g in got] == \
        [(w.code, w.message) if isinstance(w, Bad) else w for w in want]


def test_households_split_and_differing_read_the_same(tmp_path):
    """A household's rows apart, its later rows with other household cells (repeated on two
    rows in a row: each reported), a bad household cell on a run, and a member row taking the
    row reader's path between rows of one run."""
    header, rows = rows_of(households(4))
    col = {h: i for i, h in enumerate(header)}
    first = rows[0][col["户编号"]]
    moved = [list(rows[1]), list(rows[2])]
    for r in moved:
        r[col["户类型"]] = "一般农户"
        r[col["工资性收入"]] = 1.0
    del rows[1:3]
    rows += moved                                   # household 1 again at the end, different
    rows[7][col["年度家庭人口数"]] = "五口"           # a bad household cell on a run
    rows[8][col["年度家庭人口数"]] = "五口"
    rows[4][col["姓名"]] = ""                       # the row reader's path inside a run
    parsed = _same(write_xlsx(tmp_path / "split.xlsx", header, rows))
    assert [(e["row"], e["code"], e["column"], e["value"]) for e in parsed.errors] == [
        (7, "missing_value", "姓名", ""),
        (10, "not_number", "年度家庭人口数", "五口"), (11, "not_number", "年度家庭人口数", "五口"),
        (21, "household_conflict", "户类型", "一般农户"), (21, "household_conflict", "工资性收入", "1"),
        (22, "household_conflict", "户类型", "一般农户"), (22, "household_conflict", "工资性收入", "1")]
    assert rows[-1][col["户编号"]] == first


def test_monitoring_checks_skipped_only_without_their_columns(tmp_path):
    """`validate.parse` skips the monitoring checks for a file with none of the columns in
    `monitoring.WATCHED`: every household value those checks read is in it."""
    import inspect
    import re

    from jianpin.registry.io import monitoring

    source = inspect.getsource(monitoring.check) + inspect.getsource(monitoring.collect_risks)
    read = set(re.findall(r'\bv(?:als)?\.get\("(\w+)"\)|\bv\["(\w+)"\]', source))
    names = {a or b for a, b in read}
    assert names == {"monitoring_since", "risk_eliminated_on", "risk_eliminated",
                     "elimination_method", "risk_types", "monitoring_kind"}
    assert names | set(monitoring._RISKS) <= monitoring.WATCHED
    # a monitoring export with defects: its columns are watched, the checks ran
    built = nf.monitoring(tmp_path / "m.xlsx", 40, clean=False)
    assert {"eliminated_without_method", "risks_without_category"} <= \
        {e["code"] for e in _same(built.path).errors}
