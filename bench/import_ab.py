"""Same-run A/B of the import's preview and cold commit: this checkout against another git
revision (default main), alternating, on SQLite and PostgreSQL, CPU seconds per phase.

    .venv/bin/python bench/import_ab.py [--layout national|monitoring] [--against main]
        [--rounds 2] [--pg URL] [--no-pg] [--no-sqlite] [--phases cold,preview]

Needs the workbook of `bench/import.py --layout ...` (generated there). Each run starts from a
copy of one database prepared once (schema and division data), so no migration is timed or
repeated. Prints one JSON line per run and the median ratio (this / other) per phase.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import importlib  # noqa: E402

bi = importlib.import_module("import")


def fresh_copy(url: str, template: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        shutil.copy(template, path)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def prepare(url: str) -> str:
    """Set up the schema once; return what fresh_copy copies from."""
    bi.fresh_db(url)
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1]
        shutil.copy(path, path + ".template")
        return path + ".template"
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_t"')
        conn.execute(f'CREATE DATABASE "{name}_t" TEMPLATE "{name}"')
    return f"{name}_t"


def prepare_from(url: str) -> str:
    """A second template: the database as it is now (say, after a first import)."""
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1]
        shutil.copy(path, path + ".state")
        return path + ".state"
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_s"')
        conn.execute(f'CREATE DATABASE "{name}_s" TEMPLATE "{name}"')
    return f"{name}_s"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layout", choices=("national", "monitoring"), default="national")
    p.add_argument("--against", default="main")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_import_ab")
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--no-sqlite", action="store_true")
    p.add_argument("--phases", default="cold,preview")
    args = p.parse_args()
    file = str(bi.WORK / f"{args.layout}.xlsx")
    other = bi.export_revision(args.against)
    urls = ([] if args.no_sqlite else [f"sqlite:///{bi.WORK / f'ab-{args.layout}.sqlite3'}"]) + \
        ([] if args.no_pg else [args.pg])
    extra = ["--file", file, "--layout", args.layout]
    for url in urls:
        engine = url.split(":")[0]
        template = prepare(url)
        runs: dict[tuple[str, str], list[dict]] = {}
        for _ in range(args.rounds):
            for phase in args.phases.split(","):
                for who, code in (("this", None), ("other", other)):
                    fresh_copy(url, template)
                    r = bi.child(url, phase, *extra, code=code)
                    runs.setdefault((phase, who), []).append(r)
                    print(engine, who, json.dumps(r, ensure_ascii=False), flush=True)
        for phase in args.phases.split(","):
            mine = statistics.median(r["cpu_s"] for r in runs[(phase, "this")])
            base = statistics.median(r["cpu_s"] for r in runs[(phase, "other")])
            rows = runs[(phase, "this")][0]["rows"]
            if all("backend_cpu_s" in r for who in ("this", "other") for r in runs[(phase, who)]):
                both = {who: statistics.median(r["cpu_s"] + r["backend_cpu_s"]
                                               for r in runs[(phase, who)]) for who in ("this", "other")}
                print(f"{engine} {phase} with the PostgreSQL backend's CPU: this {both['this']:.2f} "
                      f"CPU s ({rows / both['this']:,.0f} rows/CPU s), {other.name} "
                      f"{both['other']:.2f} ({rows / both['other']:,.0f}), ratio "
                      f"{both['other'] / both['this']:.2f}x", flush=True)
            print(f"{engine} {phase}: this {mine:.2f} CPU s ({rows / mine:,.0f} rows/CPU s), "
                  f"{other.name} {base:.2f} ({rows / base:,.0f}), ratio {base / mine:.2f}x; "
                  f"peak MB {max(r['peak_mb'] for r in runs[(phase, 'this')])} / "
                  f"{max(r['peak_mb'] for r in runs[(phase, 'other')])}", flush=True)


if __name__ == "__main__":
    main()
