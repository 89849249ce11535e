"""The data of the Spark growth runs: 1 M, 2 M and 5 M households in one PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/spark_data.py \\
        [--piece 500000]

With registry.synth (the bulk generator), into an empty registry over 梅州市, so that one
area is each size: 兴宁市 (441481) 2,000,000 households, 五华县 (441424) 1,000,000, and the six
other counties 2,000,000 between them in proportion to their villages: 梅州市 (441400) is then
5,000,000. Incomes for 2024-2025 only: the screening of 2025 reads those two years (the
features join the income records of the year and the year before, in the Spark export as in
the other engines), and 12 years would make the income table six times larger for nothing.

Memory: one generator call draws its whole population in DuckDB before loading (about 3 GB
per million households; 2 M in one call held 6.2 GB). So each county is generated in pieces
of at most `--piece` households (`synth.generate(part=(k, n))`: every n-th village, ID numbers
kept apart), and all pieces load in one transaction with the indexes and constraints set aside
once (`synth.bulk`) and rebuilt at the end: nothing is committed until all 5 M are in. Each
piece prints its rows, wall, CPU and the process's peak resident memory so far.
"""
from __future__ import annotations

import argparse
import resource
import time

from _django import setup

FIRST_YEAR = 2024
SEED = 441424
PLAN = [("441481000000", 2_000_000), ("441424000000", 1_000_000)]
REST = ["441402000000", "441403000000", "441422000000", "441423000000", "441426000000",
        "441427000000"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rest", type=int, default=2_000_000)
    parser.add_argument("--piece", type=int, default=500_000)
    args = parser.parse_args()
    setup("spark-data")
    from django.core.management import call_command
    from django.db import transaction

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import synth
    from jianpin.registry.models import Household, IncomeRecord, Member
    from jianpin.registry.synth import bulk
    from jianpin.registry.synth.villages import villages_under

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=PLAN[0][0]).exists():
        loader.load_core()
    if Household.objects.exists():
        print("the registry already has households", flush=True)
        return
    villages = {c: len(villages_under(c)) for c in REST}
    total = sum(villages.values())
    plan = PLAN + [(c, args.rest * v // total) for c, v in villages.items()]
    begin = time.monotonic()
    with transaction.atomic(), bulk.deferred_indexes(Household, Member, IncomeRecord):
        for k, (area, size) in enumerate(plan):
            parts = -(-size // args.piece)
            for part in range(parts):
                n = size // parts + (1 if part < size % parts else 0)
                start, cpu = time.monotonic(), time.process_time()
                counts = synth.generate(n, area, seed=SEED + 100 * k, first_year=FIRST_YEAR,
                                        part=(part, parts))
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{area} piece {part + 1}/{parts}: {counts} in {time.monotonic() - start:.1f} s "
                      f"(CPU {time.process_time() - cpu:.1f} s), peak resident {peak:,.0f} MB",
                      flush=True)
        print(f"rebuilding indexes and constraints ({time.monotonic() - begin:.0f} s so far)",
              flush=True)
    print(f"committed in {time.monotonic() - begin:.0f} s", flush=True)


if __name__ == "__main__":
    main()
