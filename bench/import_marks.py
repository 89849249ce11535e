"""Cost of the screening change marks on the cold import: the same code and file, alternating a
database with the mark triggers and a copy of it without them, CPU seconds per run.

    .venv/bin/python bench/import_marks.py [--layout national] [--rounds 2] [--pg URL] [--no-pg]

Needs the workbook of `bench/import.py --layout ...`. Prints one JSON line per run and the median
ratio (without marks / with marks) per engine.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_ab as ab  # noqa: E402

bi = ab.bi


def without_marks(url: str, template: str) -> str:
    """A second template: the first with the change-mark triggers dropped."""
    if url.startswith("sqlite"):
        bare = template + ".bare"
        Path(bare).write_bytes(Path(template).read_bytes())
        with sqlite3.connect(bare) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'jp_mark_%'")]
            for name in names:
                conn.execute(f'DROP TRIGGER "{name}"')
        return bare
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_bare"')
        conn.execute(f'CREATE DATABASE "{name}_bare" TEMPLATE "{template}"')
    with psycopg.connect(f"{base}/{name}_bare", autocommit=True) as conn:
        rows = conn.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger "
                            "WHERE tgname LIKE 'jp_mark_%'").fetchall()
        for trigger, table in rows:
            conn.execute(f'DROP TRIGGER "{trigger}" ON {table}')
    return f"{name}_bare"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layout", choices=("national", "monitoring"), default="national")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_import_marks")
    p.add_argument("--no-pg", action="store_true")
    args = p.parse_args()
    file = str(bi.WORK / f"{args.layout}.xlsx")
    urls = [f"sqlite:///{bi.WORK / f'marks-{args.layout}.sqlite3'}"] + \
        ([] if args.no_pg else [args.pg])
    for url in urls:
        engine = url.split(":")[0]
        marked = ab.prepare(url)
        bare = without_marks(url, marked)
        runs: dict[str, list[dict]] = {"marks": [], "bare": []}
        for _ in range(args.rounds):
            for who, template in (("marks", marked), ("bare", bare)):
                ab.fresh_copy(url, template)
                r = bi.child(url, "cold", "--file", file, "--layout", args.layout)
                runs[who].append(r)
                print(engine, who, json.dumps(r, ensure_ascii=False), flush=True)
        mine = statistics.median(r["cpu_s"] for r in runs["marks"])
        base = statistics.median(r["cpu_s"] for r in runs["bare"])
        rows = runs["marks"][0]["rows"]
        print(f"{engine} cold: with marks {mine:.2f} CPU s ({rows / mine:,.0f} rows/CPU s), "
              f"without {base:.2f} ({rows / base:,.0f}), ratio {base / mine:.2f}x", flush=True)


if __name__ == "__main__":
    main()
