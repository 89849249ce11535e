"""End-to-end screening benchmark: features → snapshot → rules → explanations → stored warnings.

    .venv/bin/python bench/screening.py [--households 20000] [--engines sqlite,duckdb]
    DATABASE_URL=postgres://... .venv/bin/python bench/screening.py --engines postgres,duckdb

Builds (once) a bench database of the demo county with N households (`registry.synth`),
then for each engine times whole full runs (`jianpin screen --full`) twice: with the warnings
stored by the set-based path and by the previous per-warning ORM path (the baseline, without
the digest work that path did not do), each on an empty warning table (first run: every
warning new) and again with the warnings already stored (re-run: every warning unchanged).
Then incremental runs: nothing changed, and 1% of households with a changed income (followed
by a full run that must leave the same warnings; rolled back). The rules-only time is shown
beside the total. Both storage paths must leave identical warnings; the script checks it.
"""
from __future__ import annotations

import os
import platform
import subprocess
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from _django import setup

YEAR = 2025
AREA = "441424000000"


def build(households: int) -> None:
    from django.core.management import call_command

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import synth
    from jianpin.registry.models import Household

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=AREA).exists():
        loader.load_core()
    if not Household.objects.exists():
        t = time.monotonic()
        synth.generate(households, AREA)
        print(f"generated {households:,} households in {time.monotonic() - t:.0f} s",
              flush=True)


def grow(target: int) -> None:
    """Copy the generated households (members, incomes) in SQL until there are `target`.

    Copies are quicker than drawing more households; they keep every screened
    value, so each copy screens like its original. Copied ID numbers are unique placeholders.
    """
    from django.db import connection, transaction

    from jianpin.registry.models import Household, IncomeRecord, Member

    base = Household.objects.count()
    copies = -(-target // base) - 1
    if copies <= 0:
        return
    t = time.monotonic()
    with transaction.atomic(), connection.cursor() as c:
        for model in (Household, Member, IncomeRecord):
            c.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")
            model.top = c.fetchone()[0]  # type: ignore[attr-defined]
        for k in range(1, copies + 1):
            for model in (Household, Member, IncomeRecord):
                cols = [f.column for f in model._meta.concrete_fields]
                exprs = []
                for col in cols:
                    if col == "id":
                        exprs.append(f"id + {k * model.top}")  # type: ignore[attr-defined]
                    elif col == "household_id":
                        exprs.append(f"household_id + {k * Household.top}")  # type: ignore[attr-defined]
                    elif col == "number":
                        exprs.append(f"number || '-{k}'")
                    elif col == "id_number":
                        # PostgreSQL's substr takes no negative start: right() there.
                        last15 = ("right('000000000000000' || id, 15)"
                                  if connection.vendor == "postgresql"
                                  else "substr('000000000000000' || id, -15)")
                        exprs.append(f"CASE WHEN id_number IS NOT NULL THEN "
                                     f"'C{k:02d}' || {last15} END")
                    else:
                        exprs.append(col)
                table = model._meta.db_table
                c.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                          f"FROM {table} WHERE id <= {model.top}")  # type: ignore[attr-defined]
        if connection.vendor == "postgresql":
            for model in (Household, Member, IncomeRecord):
                table = model._meta.db_table
                c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"(SELECT MAX(id) FROM {table}))")
    print(f"copied to {Household.objects.count():,} households in {time.monotonic() - t:.0f} s",
          flush=True)


def machine() -> str:
    def run(*cmd: str) -> str:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()

    mem = run("free", "-g").splitlines()
    total = mem[1].split()[1] if len(mem) > 1 else "?"
    load = os.getloadavg()
    return (f"{platform.machine()}, nproc {run('nproc')}, {total} GB RAM (free -g), "
            f"Python {platform.python_version()}, load average {load[0]:.1f} at start")


class Clock:
    """Timestamps of the run's progress notes, turned into phase durations (wall and CPU)."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float, float]] = [
            ("start", time.perf_counter(), time.process_time())]

    def note(self, phase: str) -> None:
        self.marks.append((phase, time.perf_counter(), time.process_time()))

    def phases(self, cpu: bool = False) -> dict[str, float]:
        at = 2 if cpu else 1
        ends = [*self.marks[1:], ("end", time.perf_counter(), time.process_time())]
        return {a[0]: b[at] - a[at] for a, b in zip(self.marks, ends, strict=True)}


def server_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (0 on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(engine: str, store: Callable[..., Any], *, full: bool = True,
            legacy: bool = False, area: str = AREA) -> dict[str, Any]:
    """Time one run; `legacy` leaves out what the previous code did not do (the change plan)."""
    from jianpin.screening import service
    from jianpin.screening.models import RunStatus, ScreeningRun

    run = ScreeningRun.objects.create(rule_set="default", year=YEAR, area_code=area,
                                      engine=engine, status=RunStatus.RUNNING)
    clock = Clock()
    started, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
    result = service.screen(rule_set=None, year=YEAR, area_code=area, engine=engine,
                            progress=clock.note, full=full)
    clock.note("store")
    store(run, result)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    phases = clock.phases()
    if legacy:
        total -= phases.pop("changes", 0.0)
    run.refresh_from_db()
    again = result.households_screened if result.rescreened is None else len(result.rescreened)
    return {"total": total, "cpu": cpu, "server_cpu": server_cpu() - server,
            "rules": phases.get("rules", 0.0), "phases": phases, "cpu_phases": clock.phases(True),
            "hits": run.hits, "rescreened": again}


def change_one_percent() -> int:
    """Raise this year's income of every hundredth household (a typical re-run's changes)."""
    from django.db import connection

    from jianpin.registry.models import IncomeRecord

    with connection.cursor() as c:
        c.execute(f"UPDATE {IncomeRecord._meta.db_table} SET per_capita_net = per_capita_net + 700 "
                  "WHERE year = %s AND household_id %% 100 = 0", [YEAR])
        return int(c.rowcount)


def warnings_state() -> str:
    """A digest of every warning's screened state, streamed (province-sized tables fit)."""
    import hashlib

    from jianpin.screening.models import Warning

    digest = hashlib.blake2b()
    for row in Warning.objects.order_by("household_id", "rule_code").values_list(
            "household_id", "rule_code", "village_code", "flag", "rule_name", "explanation",
            "active", "state").iterator(chunk_size=20_000):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def measure(engine: str) -> dict[str, dict[str, Any]]:
    from django.db import transaction

    from jianpin.screening import actions, store
    from jianpin.screening.models import Warning

    out: dict[str, dict[str, Any]] = {}
    states = {}
    orm = partial(actions.store_results, writer=store.store_warnings_orm)
    for label, fn in (("baseline", orm), ("set-based", actions.store_results)):
        Warning.objects.all().delete()
        legacy = label == "baseline"
        out[f"{label} first"] = one_run(engine, fn, legacy=legacy)
        out[f"{label} re-run"] = one_run(engine, fn, legacy=legacy)
        states[label] = warnings_state()
    assert states["baseline"] == states["set-based"], "the two paths stored different warnings"
    store_fn = actions.store_results
    out["incremental, none changed"] = one_run(engine, store_fn, full=False)
    with transaction.atomic():
        change_one_percent()
        out["incremental, 1% changed"] = one_run(engine, store_fn, full=False)
        after = warnings_state()
        out["full after the change"] = one_run(engine, store_fn)
        assert warnings_state() == after, "incremental and full runs differ"
        transaction.set_rollback(True)
    return out


def main(households: int, engines: list[str], grow_to: int = 0) -> None:
    setup(f"screening-e2e-{households}" + (f"-x{grow_to}" if grow_to else ""))
    build(households)
    if grow_to:
        grow(grow_to)
    from django.db import connection

    from jianpin.registry.models import Household, Member

    print(f"# {machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"{connection.vendor}; {Household.objects.count():,} households, "
          f"{Member.objects.count():,} persons", flush=True)
    print(f"{'engine':<9}{'path':<27}{'total s':>9}{'rules s':>9}{'store s':>9}"
          f"{'screened':>9}{'hits':>7}  phases", flush=True)
    from jianpin.screening.service import in_database_name

    for engine in engines or [in_database_name(), "duckdb"]:
        res = measure(engine)
        for label, r in res.items():
            ph = " ".join(f"{k} {v:.2f}" for k, v in r["phases"].items() if k != "start")
            print(f"{engine:<9}{label:<27}{r['total']:>9.2f}{r['rules']:>9.2f}"
                  f"{r['phases']['store']:>9.2f}{r['rescreened']:>9}{r['hits']:>7}  {ph}",
                  flush=True)
        for kind in ("first", "re-run"):
            base, new = res[f"baseline {kind}"], res[f"set-based {kind}"]
            print(f"{engine:<9}{kind:<27} end to end {base['total'] / new['total']:.1f}× faster, "
                  f"storage {base['phases']['store'] / new['phases']['store']:.1f}× faster",
                  flush=True)
