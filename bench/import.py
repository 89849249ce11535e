"""Import benchmark: a generated national-layout workbook, preview and commit, SQLite and PostgreSQL.

    .venv/bin/python bench/import.py [--households 10000] [--baseline-rows 20000] [--pg URL]
    .venv/bin/python bench/import.py --layout monitoring --households 20000   # 182 columns

Each measured phase runs in its own process so peak memory (ru_maxrss) belongs to that phase.
Phases: preview; commit (confirming the preview, which reuses its checked rows); recommit (the
same file again without a preview: all unchanged); cold (commit into an empty database without
a preview: reads and checks the whole file).
The baseline reads with openpyxl and saves row by row through the ORM, on the first
--baseline-rows member rows of the same file, in the same run. `--against REV` also runs the
preview, commit and cold phases with the code of git revision REV (exported under var/) on the
same file and database engine, in the same run, and prints each phase's ratio to it.
`--phases preview,commit,recommit` runs only those phases. On PostgreSQL each phase also reports
`backend_cpu_s`, the CPU of its server backend (read from /proc: the server must run on this
machine). `--breakdown` splits a cold commit's CPU time into the upload check, the workbook reader and
the rest (reading rows into households, checks, planning and writing). `--layout workbook` times
the monitoring system's county workbook with its 户信息, 外出务工 and 行政村 sheets (no baseline;
with --against, an older revision that skips those sheets shows what reading them costs).
`--layout monitoring`
measures the 2021- monitoring-object export instead: header on row 3, 182 columns (the sources' columns
padded to the full export's width), national display values; it has no baseline.

Each run has databases of its own, so that runs at the same time (other checkouts, other
options) never meet: on PostgreSQL `--pg URL` names the server and a name stem, and the run
creates `<stem>_<pid>` (its process id; `--pg-db NAME` chooses the name instead); on SQLite
`var/bench-import/bench-<pid>.sqlite3`. Both are dropped when the run ends, also after a failure
(`--keep-db` keeps them, to look inside). Only the generated workbook is shared (`--reuse`,
`--file`).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-import"
if "--code" in sys.argv:        # a child running another revision's code (see --against)
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])
else:
    sys.path.insert(0, str(ROOT))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> float:
    """Process CPU seconds: steadier than wall time on a machine shared with other work."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def backend_cpu() -> tuple[int, float] | None:
    """The pid and CPU seconds of this process's PostgreSQL backend so far (from /proc: the server runs
    on this machine), or None (SQLite, or not readable)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_db(url: str) -> None:
    """Create an empty database with the schema and the shipped division data."""
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    child(url, "setup")


def child(url: str, phase: str, *extra: str, code: Path | None = None) -> dict:
    more = ["--code", str(code)] if code else []
    out = subprocess.run([sys.executable, __file__, "--child", phase, "--url", url, *extra,
                          *more], capture_output=True, text=True, cwd=code or ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def export_revision(rev: str) -> Path:
    """The code of `rev` (jianpin and config) under var/, for the same-run comparison."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    target = WORK / f"code-{sha}"
    if not (target / "jianpin").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "jianpin", "config"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    _compiled(target)
    _build_own(target)
    return target


def _compiled(target: Path) -> None:
    """Give the exported code this checkout's built extensions where their C source is the
    same: without them the other revision would read with the pure-Python fallback, and the
    comparison would time the reader rather than the change."""
    for built in (ROOT / "jianpin").rglob("*.so"):
        source = built.with_name(built.name.split(".", 1)[0] + ".c")
        theirs = target / source.relative_to(ROOT)
        there = target / built.relative_to(ROOT)
        if source.exists() and theirs.exists() and not there.exists() and \
                theirs.read_bytes() == source.read_bytes():
            there.write_bytes(built.read_bytes())


# The compiled reader built from another revision's own C source, as pip builds ours.
BUILD = ("from setuptools import Extension, setup; setup(name='old', ext_modules=[Extension("
         "'jianpin.uploads._xlsxc', ['jianpin/uploads/_xlsxc.c'], extra_compile_args=['-O2', "
         "'-Wall', '-Wextra', '-Wno-unused-parameter'])])")


def _build_own(target: Path) -> None:
    """Build the exported revision's compiled reader from its own source where its source
    differs from this checkout's (`_compiled` copied nothing): so that it reads the way that
    revision reads, not with the pure-Python fallback."""
    source = target / "jianpin" / "uploads" / "_xlsxc.c"
    built = source.with_name("_xlsxc" + sysconfig.get_config_var("EXT_SUFFIX"))
    if source.exists() and not built.exists():
        subprocess.run([sys.executable, "-c", BUILD, "build_ext", "--inplace", "-q"], cwd=target,
                       check=True, capture_output=True)


def run_child(phase: str, url: str, args: argparse.Namespace) -> dict:
    setup_django(url)
    from django.core.management import call_command

    if phase == "setup":
        call_command("migrate", verbosity=0)
        from jianpin.regions.loader import load_core

        load_core()
        return {"ok": True}
    if phase == "generate":
        if args.layout == "workbook":
            return generate_workbook(Path(args.file), args.households)
        if args.layout == "monitoring":
            return generate_monitoring(Path(args.file), args.households)
        return generate(Path(args.file), args.households)
    from jianpin.registry.io import service

    path = Path(args.file)
    if phase in ("preview", "commit", "recommit", "cold"):
        if phase == "cold":         # no preview before it: read and check the file now
            from jianpin.registry.io import checked

            checked.discard(service.sha256_of(path))
        b0 = backend_cpu()
        t0, c0 = time.perf_counter(), cpu()
        out = service.run(path, dry_run=phase == "preview")
        secs, cpu_s = time.perf_counter() - t0, cpu() - c0
        b1 = backend_cpu() if b0 is not None else None
        assert not out.errors, out.errors[:3]
        more = {} if b0 is None or b1 is None or b0[0] != b1[0] else \
            {"backend_cpu_s": round(b1[1] - b0[1], 2)}
        return {"phase": phase, "rows": out.rows, "seconds": round(secs, 2), **more,
                "rows_per_s": round(out.rows / secs), "cpu_s": round(cpu_s, 2),
                "rows_per_cpu_s": round(out.rows / cpu_s), "peak_mb": round(peak_mb()),
                "reused_preview": out.reused_preview,
                "households": out.households, "members": out.members}
    if phase == "baseline":
        return baseline(path, args.baseline_rows)
    if phase == "breakdown":
        return breakdown(path)
    raise SystemExit(f"unknown phase {phase}")


def generate(path: Path, n: int) -> dict:
    from jianpin.regions.models import Region
    from jianpin.registry.io import sample
    from jianpin.registry.io.writer import XlsxOut

    towns = dict(Region.objects.filter(code__startswith="441424", level=4)
                 .values_list("code", "name"))
    villages = [(towns.get(p, ""), name, code) for code, name, p in Region.objects.filter(
        code__startswith="441424", level=5).values_list("code", "name", "parent_id")]
    t0 = time.perf_counter()
    header, body = sample.table(sample.households(n, villages))
    out = XlsxOut(str(path))
    rows = out.sheet("脱贫人口", header, body, title="五华县脱贫人口信息表（基准测试生成）")
    out.close()
    return {"rows": rows, "seconds": round(time.perf_counter() - t0, 1),
            "mb": round(path.stat().st_size / 1048576, 1), "villages": len(villages)}


def generate_monitoring(path: Path, n: int) -> dict:
    from jianpin.registry.tests import national_files as nf

    more = [h for h in nf.COUNTY_FULL_HEADER if h not in nf.MONITORING_HEADER]
    more += [f"{h}（上年）" for h in nf.MONITORING_HEADER[:60]]
    t0 = time.perf_counter()
    built = nf.monitoring(path, n, clean=True, more=more)
    return {"rows": built.rows, "columns": len(nf.MONITORING_HEADER) + len(more),
            "seconds": round(time.perf_counter() - t0, 1),
            "mb": round(path.stat().st_size / 1048576, 1)}


def breakdown(path: Path) -> dict:
    """CPU seconds of a cold commit's parts: the upload check alone, the reader alone (every
    row of every sheet), then the whole cold commit; the rest is this package's own work."""
    from jianpin.registry.io import checked, read, security, service

    c0 = cpu()
    check = security.check_file(path, path.name)
    c1 = cpu()
    # the rows read with the check where this code does so (`FileCheck.sheets`), else the kind
    given = check if getattr(check, "sheets", None) is not None else check.kind
    rows = sum(1 for sheet in read.open_sheets(path, given, path.name) for _ in sheet.rows)
    c2 = cpu()
    checked.discard(service.sha256_of(path))
    out = service.run(path, dry_run=False)
    c3 = cpu()
    assert not out.errors and out.rows == rows
    total = c3 - c2
    return {"phase": "breakdown", "rows": rows, "check_cpu_s": round(c1 - c0, 2),
            "reader_cpu_s": round(c2 - c1, 2), "cold_cpu_s": round(total, 2),
            "rest_cpu_s": round(total - (c2 - c0), 2),
            "rest_rows_per_cpu_s": round(rows / max(total - (c2 - c0), 1e-9))}


def generate_workbook(path: Path, n: int) -> dict:
    """The monitoring system's county workbook: the member sheet and its 户信息, 已外出务工信息,
    计划外出务工信息 and 行政村信息 sheets (tests/national_sheets.py), clean."""
    from jianpin.registry.tests import national_sheets as ns

    t0 = time.perf_counter()
    book = ns.build(path, n, clean=True)
    return {"rows": book.members, "side_rows": book.rows,
            "seconds": round(time.perf_counter() - t0, 1),
            "mb": round(path.stat().st_size / 1048576, 1)}


def baseline(path: Path, limit: int) -> dict:
    """openpyxl read-only + one ORM create per household and per member (no bulk)."""
    import openpyxl
    from django.db import transaction

    from jianpin.kernel import ids
    from jianpin.regions.models import Region
    from jianpin.registry.models import Household, Member

    villages = {n: c for c, n in Region.objects.filter(level=5, code__startswith="441424")
                .values_list("code", "name")}
    t0, c0 = time.perf_counter(), cpu()
    book = openpyxl.load_workbook(path, read_only=True)
    rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
    header = list(next(rows))
    col = {h: i for i, h in enumerate(header)}
    done, current, current_number = 0, None, None
    with transaction.atomic():
        for row in rows:
            if done >= limit:
                break
            number = row[col["户编号"]]
            if current is None or current_number != number:
                current_number = number
                current = Household.objects.create(
                    number="B" + number, village_id=villages[row[col["行政村"]]],
                    head_name=row[col["户主姓名"]])
            parsed = ids.parse(row[col["证件号码"]])
            Member.objects.create(household=current, name=row[col["姓名"]],
                                  id_number=parsed.number, sex=parsed.sex,
                                  birth_date=parsed.birth_date, relation=row[col["与户主关系"]])
            done += 1
        transaction.set_rollback(True)
    secs, cpu_s = time.perf_counter() - t0, cpu() - c0
    return {"phase": "baseline", "rows": done, "seconds": round(secs, 2),
            "rows_per_s": round(done / secs), "cpu_s": round(cpu_s, 2),
            "rows_per_cpu_s": round(done / cpu_s), "peak_mb": round(peak_mb())}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--households", type=int, default=10_000)
    p.add_argument("--baseline-rows", type=int, default=20_000)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_import_bench",
                   help="the PostgreSQL server and a database name stem: the run's database is "
                        "<stem>_<process id>, dropped at the end")
    p.add_argument("--pg-db", default=None,
                   help="this run's PostgreSQL database name instead (created anew, dropped at "
                        "the end)")
    p.add_argument("--keep-db", action="store_true",
                   help="keep this run's databases when it ends")
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--reuse", action="store_true", help="keep an already generated workbook")
    p.add_argument("--child")
    p.add_argument("--url")
    p.add_argument("--layout", choices=("national", "monitoring", "workbook"),
                   default="national")
    p.add_argument("--file", default=None)
    p.add_argument("--against", default=None, help="also time this git revision's code")
    p.add_argument("--code", default=None)
    p.add_argument("--phases", default="baseline,preview,commit,recommit,cold",
                   help="which phases to run, of baseline,preview,commit,recommit,cold (in that order)")
    p.add_argument("--breakdown", action="store_true",
                   help="only split a cold commit's CPU time into its parts")
    args = p.parse_args()
    args.file = args.file or str(WORK / f"{args.layout}.xlsx")
    if args.child:
        print(json.dumps(run_child(args.child, args.url, args), ensure_ascii=False))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    urls = run_urls(args)
    try:
        run(args, urls)
    finally:
        if not args.keep_db:
            for url in urls:
                drop_db(url)


def run_urls(args: argparse.Namespace) -> list[str]:
    """This run's own databases: the SQLite file and the PostgreSQL name carry the process id
    (or `--pg-db`), so two runs at once never share one."""
    pid = os.getpid()
    urls = [f"sqlite:///{WORK / f'bench-{pid}.sqlite3'}"]
    if not args.no_pg:
        base, stem = args.pg.rsplit("/", 1)
        urls.append(f"{base}/{args.pg_db or f'{stem}_{pid}'}")
    return urls


def drop_db(url: str) -> None:
    """Remove a run's database (its child processes, and their connections, have ended)."""
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1]
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    except psycopg.Error as exc:
        print(f"could not drop {name}: {exc}", file=sys.stderr)


def run(args: argparse.Namespace, urls: list[str]) -> None:
    extra = ["--file", args.file, "--baseline-rows", str(args.baseline_rows),
             "--layout", args.layout]
    if args.breakdown:
        for url in urls:
            fresh_db(url)
            print(url.split(":")[0], json.dumps(child(url, "breakdown", *extra)), flush=True)
        return
    results = {}
    other = export_revision(args.against) if args.against else None
    for url in urls:
        engine = "sqlite" if url.startswith("sqlite") else "postgresql"
        fresh_db(url)
        if engine == "sqlite" and not (args.reuse and Path(args.file).exists()):
            gen = child(url, "generate", "--file", args.file, "--households",
                        str(args.households), "--layout", args.layout)
            print("generated", gen, flush=True)
        # preview → commit is the page's flow (the commit reuses the preview's checked rows);
        # recommit re-imports the same file without a preview (all unchanged); cold commits
        # the file into an empty database without a preview (reads and checks everything).
        phases = ("baseline", "preview", "commit", "recommit", "cold")
        for phase in phases[args.layout != "national":]:
            if phase not in args.phases.split(","):
                continue
            if phase == "cold":
                fresh_db(url)
            r = child(url, phase, *extra)
            results[f"{engine}.{phase}"] = r
            print(engine, json.dumps(r, ensure_ascii=False), flush=True)
        if other is not None:
            against(url, engine, extra, other, results)
    for engine in ("sqlite", "postgresql"):
        base = results.get(f"{engine}.baseline", {})
        for phase in ("commit", "cold"):
            r = results.get(f"{engine}.{phase}", {})
            if base and r:
                print(f"{engine} {phase} / baseline: wall {r['rows_per_s'] / base['rows_per_s']:.1f}x,"
                      f" cpu {r['rows_per_cpu_s'] / base['rows_per_cpu_s']:.1f}x")


def against(url: str, engine: str, extra: list[str], code: Path, results: dict) -> None:
    """Preview, commit after it, and cold commit with the other revision's code; ratios of this
    code's rows per CPU second (and per wall second) to those."""
    for phase in ("preview", "commit", "cold"):
        if phase in ("preview", "cold"):
            fresh_db(url)
        r = child(url, phase, *extra, code=code)
        mine = results.get(f"{engine}.{phase}")
        print(engine, f"against {code.name}", json.dumps(r, ensure_ascii=False), flush=True)
        if mine:
            print(f"{engine} {phase}: this code / {code.name}: cpu "
                  f"{mine['rows_per_cpu_s'] / r['rows_per_cpu_s']:.2f}x, wall "
                  f"{mine['rows_per_s'] / r['rows_per_s']:.2f}x, peak MB {mine['peak_mb']} vs "
                  f"{r['peak_mb']}", flush=True)


if __name__ == "__main__":
    main()
