"""What reading a workbook costs before the importer sees a row, and what other ways of reading
its cells would cost: the floors of the import's cold path (CPU seconds, best of --repeat).

    .venv/bin/python bench/import_read_floor.py [--layout national|monitoring] [--repeat 3]

Needs the workbook of `bench/import.py --layout ...`. Each sheet is inflated once up front for
the parts that time one step alone. Printed, one JSON line:

- `check_s`: the upload check (`security.check_file`); `inflate_s`: inflating the sheets alone;
  `structure_s`: the usual-form expression alone over every sheet's rows (`canonical._BODY`);
- `calamine_range_s`: calamine building its dense block (`get_sheet_by_name`, every sheet);
  `calamine_rows_s`: turning it into Python rows (`iter_rows`); `calamine_stored_s`: the same
  block from a copy of the file with uncompressed members (what sharing the check's inflated
  bytes with calamine could save at most);
- `findall_s`: one regular expression producing (column, type, value, text) tuples for every
  cell, no conversion and no placement in rows: a floor for a reader written in Python on the
  check's expressions;
- `arrow_extract_s`: the cells split and matched by Arrow's RE2 kernels into columns, no
  Python objects per cell (`pyarrow.compute.split_pattern` + `extract_regex`).
"""
from __future__ import annotations

import argparse
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

from _django import ROOT, setup

CELL = re.compile(rb'<c r="([A-Z]{1,3}+)[0-9]++"(?: s="[0-9]++")?+( t="[a-zA-Z]++")?+'
                  rb"(?:/>|>(?:<v>([^<]*+)</v>|<is><t>([^<]*+)</t></is>)?+</c>)")
ARROW_CELL = (r'^r="(?P<col>[A-Z]{1,3})(?P<row>[0-9]+)"(?: s="(?P<s>[0-9]+)")?'
              r'(?: t="(?P<t>[a-zA-Z]+)")?(?P<e>/>|>(?:<v>(?P<v>[^<]*)</v>|<is><t'
              r'(?: xml:space="preserve")?>(?P<i>[^<]*)</t></is>)?</c>)')


def best(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        c0 = time.process_time()
        fn()
        times.append(time.process_time() - c0)
    return round(min(times), 3)


def sheet_parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def stored_copy(path: Path) -> Path:
    out = path.with_suffix(".stored.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layout", choices=("national", "monitoring"), default="national")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    path = ROOT / "var" / "bench-import" / f"{args.layout}.xlsx"
    setup("import_read_floor")
    import pyarrow as pa
    import pyarrow.compute as pc
    import python_calamine

    from jianpin.registry.io import security
    from jianpin.uploads import canonical

    parts = sheet_parts(path)
    with zipfile.ZipFile(path) as zf:
        xml = [zf.read(n) for n in parts]
    bodies = [x[x.index(b"<sheetData>") + 11:x.rindex(b"</sheetData>")] for x in xml]
    stored = stored_copy(path)

    def inflate() -> None:
        with zipfile.ZipFile(path) as zf:
            for n in parts:
                with zf.open(n) as fh:
                    while fh.read(1 << 20):
                        pass

    def calamine(file: Path, rows: bool) -> None:
        with python_calamine.CalamineWorkbook.from_path(str(file)) as book:
            for name in book.sheet_names:
                sheet = book.get_sheet_by_name(name)
                if rows:
                    for _ in sheet.iter_rows():
                        pass

    def arrow() -> None:
        for body in bodies:
            cells = pc.split_pattern(pa.array([body], pa.large_binary()).cast(pa.large_string()),
                                     pattern="<c ").flatten()
            pc.extract_regex(cells.slice(1), pattern=ARROW_CELL)

    out: dict[str, Any] = {"layout": args.layout, "sheet_mb": round(sum(map(len, xml)) / 2**20, 1),
                           "cells": sum(b.count(b"<c ") for b in bodies)}
    out["check_s"] = best(lambda: security.check_file(path, path.name), args.repeat)
    out["inflate_s"] = best(inflate, args.repeat)
    out["structure_s"] = best(lambda: [canonical._BODY.fullmatch(b[b.index(b"<row "):])
                                       for b in bodies], args.repeat)
    out["calamine_range_s"] = best(lambda: calamine(path, False), args.repeat)
    range_and_rows = best(lambda: calamine(path, True), args.repeat)
    out["calamine_rows_s"] = round(range_and_rows - out["calamine_range_s"], 3)
    out["calamine_stored_s"] = best(lambda: calamine(stored, False), args.repeat)
    out["findall_s"] = best(lambda: [CELL.findall(b) for b in bodies], args.repeat)
    out["arrow_extract_s"] = best(arrow, args.repeat)
    stored.unlink()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
