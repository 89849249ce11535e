"""Cost of marking the households a change of standards or of the region tree applies to.

    .venv/bin/python bench/screening_tree_marks.py [--households 100000] [--rounds 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python \\
        bench/screening_tree_marks.py --households 100000

Generates the households over 梅州市 (SQLite: var/bench/tree-marks-N.sqlite3; PostgreSQL: the
registry tables of the given database are truncated first), then times each write with the
marking triggers and, alternating in the same run, with them dropped (the earlier code, which
marked nothing and made the next run full): a county's standard added, the prefecture's
standard added, a national standard edited, a county renamed. Each write is rolled back. Prints
one JSON line per write as it is measured: wall and CPU seconds (this process; PostgreSQL's
backend beside it) and the households marked.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from _django import setup

AREA = "441400000000"


def _server_cpu() -> float:
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare(households: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry.models import Household
    from jianpin.registry.synth.run import generate

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=AREA).exists():
        loader.load_core()
    if Household.objects.count() != households:
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("TRUNCATE registry_incomerecord, registry_member, registry_household "
                          "RESTART IDENTITY CASCADE")
        generate(households, AREA)


def _writes() -> dict[str, Any]:
    from jianpin.regions.models import Region
    from jianpin.standards.models import NATIONAL, Standard

    def standard(code: str, prefix: str) -> None:
        Standard.objects.create(year=2025, region_code=code, region_prefix=prefix,
                                key="medical_oop_large", value=Decimal("9000"))

    return {
        "county standard": lambda: standard("441424000000", "441424"),
        "prefecture standard": lambda: standard(AREA, "4414"),
        "national standard edited": lambda: Standard.objects.filter(
            region_code=NATIONAL, key="monitoring_line", year=2021).update(value=Decimal("6100")),
        "county renamed": lambda: Region.objects.filter(code="441424000000").update(name="五华"),
    }


def one(label: str, write: Any, marks: bool) -> dict[str, Any]:
    from django.db import connection, transaction

    from jianpin.screening import changes
    from jianpin.screening.models import HouseholdChange

    with transaction.atomic():
        if not marks:
            with connection.cursor() as c:
                for sql in changes.drop_sql(connection.vendor, changes.TREE_SOURCES,
                                            function=False):
                    c.execute(sql)
        mark = changes.advance()
        server, cpu, wall = _server_cpu(), time.process_time(), time.perf_counter()
        write()
        out = {"write": label, "marks": marks,
               "wall": round(time.perf_counter() - wall, 3),
               "cpu": round(time.process_time() - cpu, 3),
               "server_cpu": round(_server_cpu() - server, 3),
               "marked": HouseholdChange.objects.filter(mark__gt=mark).count()}
        transaction.set_rollback(True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup(f"tree-marks-{args.households}")
    from django.db import connection

    prepare(args.households)
    print(json.dumps({"engine": connection.vendor, "households": args.households,
                      "load": round(os.getloadavg()[0], 1)}), flush=True)
    for _ in range(args.rounds):
        for label, write in _writes().items():
            for marks in (True, False):
                print(json.dumps(one(label, write, marks), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
