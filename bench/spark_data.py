"""The data of the Spark growth runs: 1 M, 2 M and 5 M households in one PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/spark_data.py

With registry.synth (the bulk generator), into an empty registry over 梅州市, so that one
area is each size: 兴宁市 (441481) 2,000,000 households, 五华县 (441424) 1,000,000, and the six
other counties 2,000,000 between them in proportion to their villages: 梅州市 (441400) is then
5,000,000. Incomes for 2024-2025 only (the screening of 2025 reads those two years). Each
county is committed (and analysed) before the next starts, so a run can begin on it.
"""
from __future__ import annotations

import argparse
import time

from _django import setup

FIRST_YEAR = 2024
PLAN = [("441481000000", 2_000_000), ("441424000000", 1_000_000)]
REST = ["441402000000", "441403000000", "441422000000", "441423000000", "441426000000",
        "441427000000"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rest", type=int, default=2_000_000)
    args = parser.parse_args()
    setup("spark-data")
    from django.core.management import call_command
    from django.db import connection

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import synth
    from jianpin.registry.models import Household
    from jianpin.registry.synth.villages import villages_under

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=PLAN[0][0]).exists():
        loader.load_core()
    villages = {c: len(villages_under(c)) for c in REST}
    total = sum(villages.values())
    plan = PLAN + [(c, args.rest * v // total) for c, v in villages.items()]
    for k, (area, size) in enumerate(plan):
        prefix = Region.objects.get(code=area).prefix
        if Household.objects.filter(village__prefix__startswith=prefix).exists():
            print(f"{area} already has households", flush=True)
            continue
        start, cpu = time.monotonic(), time.process_time()
        counts = synth.generate(size, area, seed=441424 + k, first_year=FIRST_YEAR)
        with connection.cursor() as c:
            c.execute("ANALYZE registry_household, registry_member, registry_incomerecord")
        print(f"{area} {size:,} households: {counts} in {time.monotonic() - start:.1f} s "
              f"(CPU {time.process_time() - cpu:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
