"""Where a cold commit's PostgreSQL server time goes, statement kind by statement kind, this
checkout against another revision, alternating.

    .venv/bin/python bench/import_pgparts.py [--layout national|monitoring] [--against main]
        [--rounds 2] [--pg URL] [--phase cold|recommit]

PostgreSQL only. Each run is a cold commit (no preview) of `bench/import.py`'s workbook into a
copy of one prepared database, in its own process. Every statement the import sends (Django's
`execute_wrapper`), every COPY (psycopg's `Cursor.copy`) and the COMMIT are timed: the server
backend's CPU (from /proc, 10 ms ticks: the server must run on this machine), and this
process's CPU. Statements are grouped by kind (the verb and the table). `--phase recommit`
commits the file once (not timed) and then times the same file again, all unchanged, or with
`--changed FILE` that file (say `bench/import_recommit.py`'s changed file).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import import_ab as ab  # noqa: E402

bi = ab.bi


def kind(sql: str) -> str:
    text = " ".join(sql.split())
    verb = text.split(" ", 1)[0].upper()
    table = re.search(r'(?:FROM|INTO|UPDATE|TABLE(?: IF EXISTS)?|COPY)\s+"?(\w+)"?', text,
                      re.IGNORECASE)
    return f"{verb} {table.group(1) if table else ''}".strip()


def child(url: str, file: str, code: str, phase: str, changed: str | None) -> dict[str, Any]:
    sys.path.insert(0, code)
    bi.setup_django(url)
    import psycopg
    from django.db import connection
    from django.db.backends.postgresql.base import DatabaseWrapper

    from jianpin.registry.io import checked, service

    path = Path(file)
    if phase == "recommit":
        checked.discard(service.sha256_of(path))
        service.run(path, dry_run=False)
        path = Path(changed) if changed else path
    checked.discard(service.sha256_of(path))
    spent: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stat = Path(f"/proc/{pid}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def server() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    @contextmanager
    def timed(name: str) -> Any:
        s0, c0 = server(), time.process_time()
        try:
            yield
        finally:
            entry = spent[name]
            entry[0] += 1
            entry[1] += server() - s0
            entry[2] += time.process_time() - c0

    samples: dict[str, str] = {}

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        samples.setdefault(kind(sql), " ".join(sql.split())[:160])
        with timed(kind(sql)):
            return execute(sql, params, many, context)

    original_copy = psycopg.Cursor.copy

    @contextmanager
    def copy(self: Any, statement: Any, *args: Any, **kwargs: Any) -> Any:
        text = statement if isinstance(statement, str) else str(statement)
        with timed(kind(text) + (" binary" if "BINARY" in text.upper() else "")):
            with original_copy(self, statement, *args, **kwargs) as c:
                yield c

    psycopg.Cursor.copy = copy  # type: ignore[method-assign]
    original_commit = DatabaseWrapper._commit

    def commit(self: Any) -> Any:
        with timed("COMMIT"):
            return original_commit(self)

    DatabaseWrapper._commit = commit  # type: ignore[method-assign]
    b0, c0, t0 = server(), time.process_time(), time.perf_counter()
    with connection.execute_wrapper(wrapper):
        out = service.run(path, dry_run=False)
    wall = time.perf_counter() - t0
    b1, c1 = server(), time.process_time()
    assert bi.backend_cpu() is not None and bi.backend_cpu()[0] == pid
    assert not out.errors, out.errors[:3]
    return {"rows": out.rows, "wall_s": round(wall, 2), "cpu_s": round(c1 - c0, 2),
            "backend_cpu_s": round(b1 - b0, 2),
            "kinds": {k: [v[0], round(v[1], 2), round(v[2], 3)] for k, v in spent.items()},
            "samples": samples}


def with_reader(code: Path) -> Path:
    """The exported revision with this checkout's build of the compiled sheet reader, when its
    source is the same (`git archive` exports no build): both sides then read the file alike."""
    for ext in ("c", "h"):
        for ours in (bi.ROOT / "jianpin" / "uploads").glob(f"_xlsxc*.{ext}"):
            theirs = code / "jianpin" / "uploads" / ours.name
            if not theirs.exists() or theirs.read_bytes() != ours.read_bytes():
                return code
    for built in (bi.ROOT / "jianpin" / "uploads").glob("_xlsxc*.so"):
        shutil.copy(built, code / "jianpin" / "uploads" / built.name)
    return code


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layout", choices=("national", "monitoring"), default="national")
    p.add_argument("--against", default="main")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_import_pgparts")
    p.add_argument("--phase", choices=("cold", "recommit"), default="cold")
    p.add_argument("--changed", default=None)
    p.add_argument("--file", default=None, help="the workbook (default: bench/import.py's)")
    p.add_argument("--child", nargs=3, metavar=("URL", "FILE", "CODE"))
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, args.phase, args.changed), ensure_ascii=False))
        return
    file = str(Path(args.file).resolve()) if args.file else str(bi.WORK / f"{args.layout}.xlsx")
    if args.changed:
        args.changed = str(Path(args.changed).resolve())
    codes = {"this": str(bi.ROOT), "other": str(with_reader(bi.export_revision(args.against)))}
    template = ab.prepare(args.pg)
    runs: dict[str, list[dict[str, Any]]] = {"this": [], "other": []}
    more = ["--phase", args.phase] + (["--changed", args.changed] if args.changed else [])
    for _ in range(args.rounds):
        for name, code in codes.items():
            ab.fresh_copy(args.pg, template)
            out = subprocess.run([sys.executable, __file__, "--child", args.pg, file, code, *more],
                                 capture_output=True, text=True, cwd=code)
            if out.returncode:
                raise SystemExit(out.stderr[-3000:])
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = runs[name][-1]
            print(name, r["rows"], "wall", r["wall_s"], "cpu", r["cpu_s"], "backend",
                  r["backend_cpu_s"], flush=True)
    names = sorted({k for who in runs.values() for r in who for k in r["kinds"]},
                   key=lambda k: -statistics.median(r["kinds"].get(k, [0, 0.0])[1]
                                                    for who in runs.values() for r in who))
    print(f"{'statement kind':44} {'n this':>7} {'srv this':>8} {'cli this':>8} "
          f"{'n other':>7} {'srv other':>9} {'cli other':>9}")
    for k in names:
        row = []
        for who in ("this", "other"):
            got = [r["kinds"].get(k, [0, 0.0, 0.0]) for r in runs[who]]
            row += [statistics.median(g[0] for g in got), statistics.median(g[1] for g in got),
                    statistics.median(g[2] for g in got)]
        print(f"{k[:44]:44} {row[0]:7.0f} {row[1]:8.2f} {row[2]:8.3f} {row[3]:7.0f} "
              f"{row[4]:9.2f} {row[5]:9.3f}")
    for key in ("wall_s", "cpu_s", "backend_cpu_s"):
        mine = statistics.median(r[key] for r in runs["this"])
        theirs = statistics.median(r[key] for r in runs["other"])
        print(f"{key}: this {mine:.2f}, other {theirs:.2f}, ratio {theirs / mine:.2f}x")


if __name__ == "__main__":
    main()
