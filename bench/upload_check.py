"""Cost of the upload checks on a generated national-layout workbook, against reading it.

    .venv/bin/python bench/upload_check.py [--households 20000] [--old FILE]

Times, each the best of --repeat runs: `check_file` (the streaming XML pass over every sheet,
with the zip checks), and calamine reading every row, which every import does after the check.
--old names a copy of an earlier checker module with the same `check_file(path, name)` to
compare against (e.g. `git show <commit>:jianpin/registry/io/security.py > var/old.py`).
--floor adds what any check built on expat pays: inflating the sheets and tokenizing them with
no handler (`expat_bare_s`) and with an empty element handler (`expat_empty_handler_s`).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time

from _django import ROOT, setup

WORK = ROOT / "var" / "bench-upload"


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--old", default="")
    parser.add_argument("--floor", action="store_true")
    args = parser.parse_args()
    setup("upload_check")
    import python_calamine

    from jianpin.registry.io import sample
    from jianpin.registry.io.writer import XlsxOut
    from jianpin.uploads import workbook
    from jianpin.uploads.limits import sheet_limits

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"national-{args.households}.xlsx"
    if not path.exists():
        villages = [("水寨镇", "协和村委会", "441424100200"), ("水寨镇", "河尾村委会", "441424100201")]
        header, body = sample.table(sample.households(args.households, villages))
        out = XlsxOut(str(path))
        out.sheet("脱贫人口", header, body, title="基准测试生成")
        out.close()
    limits = sheet_limits("import")
    check = workbook.check_file(path, path.name, limits)

    def read() -> None:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            for name in book.sheet_names:
                for _row in book.get_sheet_by_name(name).iter_rows():
                    pass

    result = {"households": args.households, "mb": round(path.stat().st_size / 1048576, 1),
              "extent": check.extents,
              "check_s": round(best(lambda: workbook.check_file(path, path.name, limits),
                                    args.repeat), 2),
              "calamine_read_s": round(best(read, args.repeat), 2)}
    if args.old:
        spec = importlib.util.spec_from_file_location("old_check", args.old)
        old = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["old_check"] = old
        spec.loader.exec_module(old)  # type: ignore[union-attr]
        result["old_check_s"] = round(best(lambda: old.check_file(path, path.name), args.repeat), 2)
        result["ratio_new_to_old"] = round(result["check_s"] / max(result["old_check_s"], 1e-9), 1)
    if args.floor:
        result["expat_bare_s"] = round(best(lambda: tokenize(path, False), args.repeat), 2)
        result["expat_empty_handler_s"] = round(best(lambda: tokenize(path, True), args.repeat), 2)
    print(json.dumps(result, ensure_ascii=False))


def tokenize(path: object, handler: bool) -> None:
    import pyexpat
    import zipfile

    with zipfile.ZipFile(path) as zf:  # type: ignore[arg-type]
        for name in zf.namelist():
            if not name.startswith("xl/worksheets/"):
                continue
            parser = pyexpat.ParserCreate()
            parser.ordered_attributes = True
            if handler:
                parser.StartElementHandler = lambda name, attrs: None
            with zf.open(name) as fh:
                while chunk := fh.read(1 << 20):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)


if __name__ == "__main__":
    main()
