"""What reading a workbook costs before the importer sees a row, and what other ways of reading
its cells would cost: the floors of the import's cold path (CPU seconds, best of --repeat).

    .venv/bin/python bench/import_read_floor.py [--layout national|monitoring] [--repeat 3]

Needs the workbook of `bench/import.py --layout ...`. Each sheet is inflated once up front for
the parts that time one step alone. Printed, one JSON line:

- `compiled_s`: the import's check and read in one compiled pass (`security.check_file`, then
  every row of every sheet, as the importer receives them); `old_s`: the same by the old way
  (the Python check, then calamine's block and rows); `--memory`: instead, the peak resident
  memory each of the two adds to a fresh process (`ru_maxrss`, MB);
- `check_s`: the old upload check alone; `inflate_s`: inflating the sheets alone;
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


def read_all(path: Path, compiled: bool) -> int:
    """Check the file and read every row of every sheet, as the import does."""
    from jianpin.uploads import workbook
    from jianpin.uploads.limits import sheet_limits

    limits = sheet_limits("import")
    check = workbook.check_file(path, path.name, limits, read=compiled)
    return sum(1 for sheet in workbook.open_sheets(path, check, limits) for _ in sheet.rows)


def memory(path: Path, args: Any) -> None:
    """Peak resident memory of each way, each in a fresh process (MB above the imports)."""
    import resource
    import subprocess
    import sys

    if args.child:
        import python_calamine  # noqa: F401 - loaded before the baseline, as in the import

        from jianpin.uploads import workbook  # noqa: F401
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if args.child != "none":
            read_all(path, compiled=args.child == "compiled")
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"peak_mb": round((after - before) / 1024, 1)}))
        return
    out: dict[str, Any] = {"layout": args.layout}
    for way in ("compiled", "old"):
        runs = [json.loads(subprocess.run(
            [sys.executable, __file__, "--layout", args.layout, "--child", way], check=True,
            capture_output=True, text=True).stdout)["peak_mb"] for _ in range(args.repeat)]
        out[f"{way}_peak_mb"] = min(runs)
    print(json.dumps(out))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layout", choices=("national", "monitoring"), default="national")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--memory", action="store_true")
    p.add_argument("--child", choices=("compiled", "old", "none"))
    args = p.parse_args()
    path = ROOT / "var" / "bench-import" / f"{args.layout}.xlsx"
    setup("import_read_floor")
    if args.child or args.memory:
        memory(path, args)
        return
    import pyarrow as pa
    import pyarrow.compute as pc
    import python_calamine

    from jianpin.uploads import canonical, workbook
    from jianpin.uploads.limits import sheet_limits

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
    out["compiled_s"] = best(lambda: read_all(path, compiled=True), args.repeat)
    out["old_s"] = best(lambda: read_all(path, compiled=False), args.repeat)
    out["check_s"] = best(lambda: workbook.check_file(path, path.name, sheet_limits("import")),
                          args.repeat)
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
