"""Re-imports with changes: a county already imported, then the same county's file again with
some households changed (not all), cold (no preview); this checkout against another revision,
alternating, each run on a copy of one prepared database, CPU seconds of the client and of the
PostgreSQL backend.

    .venv/bin/python bench/import_recommit.py [--households 10000] [--every 10] [--against main]
        [--rounds 2] [--pg URL] [--no-pg] [--no-sqlite] [--scenarios changed,years,mixed]

Scenarios (the database is prepared once per scenario and engine, with this checkout's code):
- changed: the county's 2025 file imported; then the 2025 file with every `--every`-th
  household changed (the head's phone, a member's education, the wage income).
- years: the same county's files for 2021-2025 imported first (five income years per
  household); then the same changed 2025 file (the planner reads only the file's year).
- mixed: the years database; then one file whose households carry different years (2021-2025
  in turn), changed as above: the planner reads five years' records and compares each
  household's own year.
Files are written under var/bench-import/ (national layout, `io.sample` households).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_ab as ab  # noqa: E402

bi = ab.bi
YEARS = (2021, 2022, 2023, 2024, 2025)


def _income(hh: list[dict[str, Any]], wage: Decimal) -> None:
    """Set the household's wage income and the totals the file states with it."""
    first = hh[0]
    net = (wage + first["inc.business_income"] - first["inc.business_cost"]
           + first["inc.property_income"] + first["inc.transfer_total"])
    pc = (net / len(hh)).quantize(Decimal("0.01"))
    for row in hh:
        row.update({"inc.wage_income": wage, "chk.net_income": net, "chk.per_capita_net": pc})


def write_file(path: Path, n: int, *, year: int | None, every: int, mixed: bool = False) -> int:
    """The county's file for `year` (mixed: each household's year in turn), every `every`-th
    household changed (0: none)."""
    from jianpin.regions.models import Region
    from jianpin.registry.io import sample
    from jianpin.registry.io.writer import XlsxOut

    towns = dict(Region.objects.filter(code__startswith="441424", level=4)
                 .values_list("code", "name"))
    villages = [(towns.get(p, ""), name, code) for code, name, p in Region.objects.filter(
        code__startswith="441424", level=5).values_list("code", "name", "parent_id")]
    households = []
    for i, hh in enumerate(sample.households(n, villages)):
        y = YEARS[i % len(YEARS)] if mixed else year
        assert y is not None
        _income(hh, hh[0]["inc.wage_income"] + 100 * (y - YEARS[0]))   # each year its own figures
        for row in hh:
            row["meta.year"] = y
        if every and i % every == 0:
            hh[0]["m.phone"] = f"139{i:08d}"
            hh[-1]["m.education"] = "大专" if hh[-1]["m.education"] != "大专" else "小学"
            _income(hh, hh[0]["inc.wage_income"] + 500)
        households.append(hh)
    header, body = sample.table(iter(households))
    out = XlsxOut(str(path))
    rows = out.sheet("脱贫人口", header, body, title="五华县脱贫人口信息表（基准测试生成）")
    out.close()
    return rows


def child(args: argparse.Namespace) -> dict[str, Any]:
    bi.setup_django(args.url)
    if args.child == "write":
        return {"rows": write_file(Path(args.file), args.households, year=args.year or None,
                                   every=args.every, mixed=args.mixed)}
    from jianpin.registry.io import checked, service

    path = Path(args.file)
    checked.discard(service.sha256_of(path))
    b0 = bi.backend_cpu()
    t0, c0 = time.perf_counter(), bi.cpu()
    out = service.run(path, dry_run=False, year=args.year or None)
    secs, cpu_s = time.perf_counter() - t0, bi.cpu() - c0
    b1 = bi.backend_cpu() if b0 is not None else None
    assert not out.errors, out.errors[:3]
    more = {} if b0 is None or b1 is None or b0[0] != b1[0] else \
        {"backend_cpu_s": round(b1[1] - b0[1], 2)}
    return {"rows": out.rows, "seconds": round(secs, 2), "cpu_s": round(cpu_s, 2), **more,
            "rows_per_cpu_s": round(out.rows / cpu_s), "peak_mb": round(bi.peak_mb()),
            "households": out.households, "members": out.members, "incomes": out.incomes}


def run(url: str, step: str, *extra: str, code: Path | None = None) -> dict[str, Any]:
    more = ["--code", str(code)] if code else []
    out = subprocess.run([sys.executable, __file__, "--child", step, "--url", url, *extra, *more],
                         capture_output=True, text=True, cwd=code or bi.ROOT)
    if out.returncode != 0:
        raise SystemExit(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def files(url: str, n: int, every: int) -> dict[str, Path]:
    """Write the files once (they depend only on the division data)."""
    made = {}
    wanted = {f"y{y}": (y, 0, False) for y in YEARS}
    wanted |= {"changed": (2025, every, False), "mixed": (0, every, True)}
    for name, (year, changes, mixed) in wanted.items():
        path = bi.WORK / f"recommit-{n}-{every}-{name}.xlsx"
        if not path.exists():
            run(url, "write", "--file", str(path), "--households", str(n), "--year", str(year),
                "--every", str(changes), *(["--mixed"] if mixed else []))
        made[name] = path
    return made


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--households", type=int, default=10_000)
    p.add_argument("--every", type=int, default=10)
    p.add_argument("--against", default="main")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_import_recommit")
    p.add_argument("--no-pg", action="store_true")
    p.add_argument("--no-sqlite", action="store_true")
    p.add_argument("--scenarios", default="changed,years,mixed")
    p.add_argument("--child")
    p.add_argument("--url")
    p.add_argument("--file")
    p.add_argument("--year", type=int, default=0)
    p.add_argument("--mixed", action="store_true")
    p.add_argument("--code")
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args), ensure_ascii=False))
        return
    bi.WORK.mkdir(parents=True, exist_ok=True)
    other = bi.export_revision(args.against)
    urls = ([] if args.no_sqlite else [f"sqlite:///{bi.WORK / 'recommit.sqlite3'}"]) + \
        ([] if args.no_pg else [args.pg])
    for url in urls:
        engine = url.split(":")[0]
        template = ab.prepare(url)
        made = files(url, args.households, args.every)
        for scenario in args.scenarios.split(","):
            ab.fresh_copy(url, template)
            for y in (YEARS if scenario in ("years", "mixed") else (2025,)):
                run(url, "commit", "--file", str(made[f"y{y}"]), "--year", str(y))
            state = ab.prepare_from(url)
            target = made["mixed" if scenario == "mixed" else "changed"]
            runs: dict[str, list[dict[str, Any]]] = {"this": [], "other": []}
            for _ in range(args.rounds):
                for who, code in (("this", None), ("other", other)):
                    ab.fresh_copy(url, state)
                    r = run(url, "commit", "--file", str(target), code=code)
                    runs[who].append(r)
                    print(engine, scenario, who, json.dumps(r, ensure_ascii=False), flush=True)
            summary(engine, scenario, runs, other.name)


def summary(engine: str, scenario: str, runs: dict[str, list[dict[str, Any]]], name: str) -> None:
    rows = runs["this"][0]["rows"]
    for label, key in (("client", lambda r: r["cpu_s"]),
                       ("client + backend", lambda r: r["cpu_s"] + r.get("backend_cpu_s", 0))):
        if label != "client" and engine == "sqlite":
            continue
        mine = statistics.median(key(r) for r in runs["this"])
        base = statistics.median(key(r) for r in runs["other"])
        print(f"{engine} {scenario} ({label}): this {mine:.2f} CPU s ({rows / mine:,.0f} rows/CPU s), "
              f"{name} {base:.2f} ({rows / base:,.0f}), ratio {base / mine:.2f}x", flush=True)


if __name__ == "__main__":
    main()
