"""Province-scale screening on PostgreSQL: 2,500,000 households, DuckDB engine, end to end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python \
        bench/screening_province.py --prepare [--base 100000] [--households 2500000]

`--prepare` fills the database once: `registry.synth` draws --base households (members and the
two income years screening reads) over the villages of 梅州市, then SQL copies them up to
--households (see screening_e2e.grow). The runs are timed by `screening_phases.py` (see
bench/RESULTS.md for the command).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

AREA = "441400000000"      # 梅州市: 2,269 villages as shipped
YEAR = 2025


def prepare(base: int, households: int) -> None:
    from _django import setup

    setup("screening-province")
    from django.core.management import call_command
    from django.db import connection
    from screening_e2e import grow

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import synth
    from jianpin.registry.models import Household

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=AREA).exists():
        loader.load_core()
    if not Household.objects.exists():
        t = time.monotonic()
        synth.generate(base, AREA, first_year=YEAR - 1)
        print(f"generated {base:,} households in {time.monotonic() - t:.0f} s", flush=True)
    grow(households)
    with connection.cursor() as c:
        c.execute("ANALYZE")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--base", type=int, default=100_000)
    parser.add_argument("--households", type=int, default=2_500_000)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.base, args.households)
