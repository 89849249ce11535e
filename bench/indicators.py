"""Indicator snapshot benchmark: full refresh of the demo county, then dashboard requests.

    .venv/bin/python bench/indicators.py [--households 2000] [--grow-to 200000]
        [--engine database|duckdb|both]
    DATABASE_URL=postgres://... .venv/bin/python bench/indicators.py ...

Generates the demo county (once), copies it in SQL up to --grow-to households (the copies
share their originals' values), writes a village record for every village of the county and
four targets, times `do_refresh` for the county and year 2025 twice per engine (the feature
table queried in the database, or in DuckDB over its Parquet snapshot), checks that both
engines wrote the same values, then renders the county officer's dashboard 30 times through
the test client and prints p50/p95.
"""
from __future__ import annotations

import argparse
import time

from _django import percentile, setup

YEAR = 2025
AREA = "441424000000"


def villages_and_targets() -> None:
    """One record per village of the county (values vary by village code) and four targets."""
    from decimal import Decimal

    from jianpin.indicators.models import Indicator, Target
    from jianpin.regions.models import Region
    from jianpin.villages.models import PairedUnit, VillageYear

    codes = list(Region.objects.filter(code__startswith=AREA[:6], level=5)
                 .values_list("code", flat=True))
    VillageYear.objects.filter(year=YEAR, village_id__in=codes).delete()
    rows = [VillageYear(village_id=c, year=YEAR, collective_income=Decimal(int(c[-4:]) * 97 % 150_000),
                        road_hardened=int(c[-1]) % 3 > 0, safe_water=int(c[-2]) % 2 == 0,
                        broadband=True, first_secretary="某" if int(c[-3]) % 2 else "")
            for c in codes]
    made = VillageYear.objects.bulk_create(rows)
    PairedUnit.objects.bulk_create([PairedUnit(record=r, kind="designated", name="县直单位")
                                    for r in made[::2]])
    for code, value in (("exit_share", 70), ("poverty_incidence", 2), ("assistance_coverage", 100),
                        ("collective_income_50k_share", 80)):
        Target.objects.update_or_create(indicator=Indicator.objects.get(code=code),
                                        region_id=AREA, year=YEAR,
                                        defaults={"value": Decimal(value)})
    print(f"{len(made):,} village records", flush=True)


def main(households: int, grow_to: int, engines: list[str]) -> None:
    from django.conf import settings
    from django.test import Client
    from screening_e2e import build, grow

    from jianpin.accounts.models import Role, User
    from jianpin.indicators.actions import do_refresh
    from jianpin.indicators.models import IndicatorValue
    from jianpin.registry.models import Household

    build(households)
    if grow_to:
        grow(grow_to)
    print(f"{Household.objects.count():,} households", flush=True)
    villages_and_targets()
    written = {}
    for engine in engines:
        for attempt in (1, 2):
            t = time.monotonic()
            rows = do_refresh(None, YEAR, AREA, engine)
            print(f"refresh {engine} {attempt}: {rows:,} values in {time.monotonic() - t:.1f} s",
                  flush=True)
        written[engine] = sorted(IndicatorValue.objects.values_list(
            "indicator_id", "region_id", "numerator", "denominator", "value"))
    if len(written) == 2:
        same = written["database"] == written["duckdb"]
        print(f"database and duckdb values identical: {same}")
        assert same
    print(f"{IndicatorValue.objects.count():,} snapshot rows")
    settings.ALLOWED_HOSTS = ["*"]
    user, _ = User.objects.get_or_create(username="bench_officer", defaults={
        "role": Role.COUNTY_OFFICER, "region_id": AREA})
    client = Client()
    client.force_login(user)
    times = []
    for _ in range(30):
        t = time.monotonic()
        assert client.get("/indicators/").status_code == 200
        times.append((time.monotonic() - t) * 1000)
    print(f"dashboard: p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms")


if __name__ == "__main__":
    setup("indicators")
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--grow-to", type=int, default=0)
    parser.add_argument("--engine", choices=["database", "duckdb", "both"], default="both")
    args = parser.parse_args()
    main(args.households, args.grow_to,
         ["database", "duckdb"] if args.engine == "both" else [args.engine])
