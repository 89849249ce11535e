"""Reading a workbook whose formulas use Excel's newer functions (`_xlfn.` names) and give
inline-string results: this checkout against another revision, alternating, same run.

    .venv/bin/python bench/import_formulas.py [--rows 20000] [--rounds 3] [--against e95f2ac]

The workbook (`uploads.tests.xlsxgen.future_workbook`, a monitoring sheet's derived columns:
IFS, CONCAT, TEXTJOIN, MAXIFS and a spilled XLOOKUP; every other text result rewritten as an
inline string after its formula, as some tools write them) is read as the import reads it:
`workbook.check_file(..., read=True)` and every row of every sheet. Each read runs in a fresh
process; the other revision's code is exported under var/ with its own build of the compiled
reader (so it goes the old way only where its C code does). Printed, one JSON line per read
(CPU seconds, whether the compiled pass took the file), then the medians and their ratio.
`--file` times another workbook instead (any .xlsx: a plain export shows what the change costs
where both revisions read compiled).
"""
from __future__ import annotations

import argparse
import importlib
import json
import re
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-formulas"
sys.path.insert(0, str(ROOT / "bench"))
bi = importlib.import_module("import")  # the other revision exported and built as there
# setuptools with the flags of pyproject.toml's ext-modules table (and Python's own CFLAGS)
INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="str">(<f>[^<]*+</f>)<v>([^<]*+)</v></c>')


def make(path: Path, rows: int) -> None:
    sys.path.insert(0, str(ROOT))
    from jianpin.uploads.tests.xlsxgen import future_workbook

    raw = path.with_suffix(".raw.xlsx")
    future_workbook(raw, rows)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                n = 0

                def inline(m: re.Match[bytes]) -> bytes:
                    nonlocal n
                    n += 1
                    if n % 2:
                        return m.group(0)
                    return b'<c r="%s" t="inlineStr">%s<is><t>%s</t></is></c>' % m.groups()
                data = INLINE.sub(inline, data)
            dst.writestr(info, data)
    raw.unlink()


def child(code: Path, path: Path) -> None:
    sys.path.insert(0, str(code))
    from jianpin.uploads import workbook
    from jianpin.uploads.limits import SheetLimits

    limits = SheetLimits()
    c0 = time.process_time()
    check = workbook.check_file(path, path.name, limits, read=True)
    compiled = check.sheets is not None
    rows = sum(1 for sheet in workbook.open_sheets(path, check, limits) for _ in sheet.rows)
    cpu = time.process_time() - c0
    print(json.dumps({"code": code.name, "rows": rows, "cpu_s": round(cpu, 3),
                      "compiled": compiled, "formulas": check.formula_count}))


def run(code: Path, path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(code), "--file", str(path)],
                         capture_output=True, text=True, cwd=code, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=20_000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--against", default="e95f2ac")
    p.add_argument("--child", default=None)
    p.add_argument("--file", default=None)
    args = p.parse_args()
    if args.child:
        child(Path(args.child), Path(args.file))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    path = Path(args.file or WORK / f"future-{args.rows}.xlsx").resolve()   # children run elsewhere
    if not path.exists():
        make(path, args.rows)
    other = bi.export_revision(args.against)
    times: dict[str, list[float]] = {"this": [], "other": []}
    for _ in range(args.rounds):
        for key, code in (("this", ROOT), ("other", other)):
            r = run(code, path)
            times[key].append(r["cpu_s"])
            print(json.dumps(r), flush=True)
    this, theirs = statistics.median(times["this"]), statistics.median(times["other"])
    print(json.dumps({"median_cpu_s": {"this": this, args.against: theirs},
                      "ratio": round(theirs / this, 2)}))


if __name__ == "__main__":
    main()
