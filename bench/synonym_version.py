"""What reading the synonym version costs a query: parse with the stored groups vs the file.

    python bench/synonym_version.py [--rounds 5] [--reps 300]

Migrates its own SQLite database (var/bench/synonyms.sqlite3; DATABASE_URL for PostgreSQL),
then alternates rounds of `querylang.parse` with the version read once per parse (as
searches run) and with the shipped file only (as before the groups were editable), and prints
wall and CPU microseconds per parse for each and their ratio.
"""
from __future__ import annotations

import argparse
import time

from _django import setup


def per_parse(parse, query: str, reps: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(reps):
        parse(query)
    return ((time.perf_counter() - wall) / reps * 1e6, (time.process_time() - cpu) / reps * 1e6)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reps", type=int, default=300)
    args = ap.parse_args()
    setup("synonyms")
    from django.core.management import call_command

    from jianpin.library import querylang
    from jianpin.library.text import segment

    call_command("migrate", verbosity=0)
    query = "易地搬迁 东西部协作 产业扶贫"
    source = segment._SYNONYM_SOURCE
    totals = {"stored": [0.0, 0.0], "file": [0.0, 0.0]}
    querylang.parse(query)
    for _ in range(args.rounds):
        for name in ("stored", "file"):
            segment._SYNONYM_SOURCE = source if name == "stored" else None
            wall, cpu = per_parse(querylang.parse, query, args.reps)
            totals[name][0] += wall / args.rounds
            totals[name][1] += cpu / args.rounds
    segment._SYNONYM_SOURCE = source
    for name, (wall, cpu) in totals.items():
        print(f"{name:6} wall {wall:7.1f} us  cpu {cpu:7.1f} us per parse")
    print(f"ratio stored/file: wall {totals['stored'][0] / totals['file'][0]:.2f}  "
          f"cpu {totals['stored'][1] / totals['file'][1]:.2f}")


if __name__ == "__main__":
    main()
