"""Indicator snapshot benchmark: full refresh of the demo county, then dashboard requests.

    .venv/bin/python bench/indicators.py [--households 2000] [--grow-to 200000]
    DATABASE_URL=postgres://... .venv/bin/python bench/indicators.py ...

Generates the demo county (once), copies it in SQL up to --grow-to households (the copies
share their originals' values), times `do_refresh` for the county and year 2025 twice, then
renders the county officer's dashboard 30 times through the test client and prints p50/p95.
"""
from __future__ import annotations

import argparse
import time

from _django import percentile, setup

YEAR = 2025
AREA = "441424000000"


def main(households: int, grow_to: int) -> None:
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
    for attempt in (1, 2):
        t = time.monotonic()
        rows = do_refresh(None, YEAR, AREA)
        print(f"refresh {attempt}: {rows:,} values in {time.monotonic() - t:.1f} s", flush=True)
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
    args = parser.parse_args()
    main(args.households, args.grow_to)
