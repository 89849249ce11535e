"""Registry page latency: p50/p95 with and without the registry's indexes.

    .venv/bin/python bench/registry_pages.py [--households 200000] [--requests 40]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/registry_pages.py \
        --households 2500000 --area 441400000000 --officers 440000000000,441424000000

Builds (once) a bench database with N households (the fast generator, three income years by
default) spread over the villages of --area (default Wuhua County), then times the household
list, a name search, an exact ID search and a detail page through Django's test client as an
officer of each region in --officers (default the county). The same pages are timed again
after dropping the secondary indexes the registry adds (the baseline; --no-baseline skips it,
as a dropped index takes minutes to rebuild at millions of rows), then the indexes are restored.
Beside the wall times: the CPU milliseconds of this process per request (p50, p95) and the
mean CPU of the PostgreSQL backend per request: on a shared machine the wall time is mostly
waiting for a core, the CPU is the page's own work.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import time

from _django import percentile, setup

INDEXES = ("hh_village_number_id", "hh_status_village", "registry_household_head_name_%",
           "registry_member_name_%", "registry_household_village_code_%",
           "registry_member_household_id_%")


def build(households: int, area: str, first_year: int) -> None:
    from django.core.management import call_command

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import demo, synth
    from jianpin.registry.models import Household

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=demo.COUNTY).exists():
        loader.load_core()
    have = Household.objects.count()
    if have == 0:
        t = time.monotonic()
        synth.generate(households, area, seed=7, first_year=first_year)
        print(f"generated {households:,} households in {time.monotonic() - t:.0f} s", flush=True)
        vacuum()
    elif have < households:
        print(f"the database holds {have:,} households, fewer than asked: measuring those")


def vacuum() -> None:
    """PostgreSQL after a bulk load: set the visibility map (index-only scans) and statistics."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    t = time.monotonic()
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) registry_household, registry_member, registry_incomerecord")
    print(f"vacuumed in {time.monotonic() - t:.0f} s", flush=True)


def sample_requests(n: int, officer: str) -> dict[str, list[str]]:
    from jianpin.regions.models import Region
    from jianpin.regions.scoping import prefix_q
    from jianpin.registry.models import Household, Member

    rng = random.Random(1)
    mine = Household.objects.filter(prefix_q("village_id", Region.objects.get(code=officer).prefix))
    low = mine.order_by("pk").values_list("pk", flat=True)[0]
    top = mine.order_by("-pk").values_list("pk", flat=True)[0]
    pks = list(mine.filter(pk__in=[rng.randint(low, top) for _ in range(n * 3)])
               .values_list("pk", flat=True)[:n])
    names = list(Household.objects.filter(pk__in=pks).values_list("head_name", flat=True))
    id_numbers = list(Member.objects.filter(household_id__in=pks).values_list("id_number",
                                                                               flat=True)[:n])
    return {
        "list": [f"/registry/households/?page={rng.randint(1, 20)}" for _ in range(n)],
        "name search": [f"/registry/households/?q={name}" for name in names],
        "exact ID search": [f"/registry/households/?q={i}" for i in id_numbers],
        "detail": [f"/registry/households/{pk}/" for pk in pks],
    }


def measure(client, urls: dict[str, list[str]]) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    out = {}
    for page, paths in urls.items():
        client.get(paths[0])  # warm caches
        times, cpus = [], []
        server = _server_cpu()
        for path in paths:
            t, c = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        server_ms = (_server_cpu() - server) * 1000 / len(paths) if server is not None else None
        out[page] = (percentile(times, 0.5), percentile(times, 0.95))
        CPU[page] = (percentile(cpus, 0.5), percentile(cpus, 0.95), server_ms)
    return out


CPU: dict[str, tuple[float, float, float | None]] = {}


def _server_cpu() -> float | None:
    """CPU seconds of this session's PostgreSQL backend (a server on this machine), or None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drop_indexes() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE "
                        + " OR ".join("indexname LIKE %s" for _ in INDEXES), INDEXES)
            found = cur.fetchall()
            for name, _ in found:
                cur.execute(f'DROP INDEX "{name}"')
            return [sql for _, sql in found]
        clauses = " OR ".join("name LIKE %s" for _ in INDEXES)
        cur.execute(f"SELECT name, sql FROM sqlite_master WHERE type='index' AND ({clauses})",
                    INDEXES)
        found = cur.fetchall()
        for name, _ in found:
            cur.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def restore(sqls: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for sql in sqls:
            cur.execute(sql)
        cur.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--area", default="441424000000")
    parser.add_argument("--first-year", type=int, default=2023)
    parser.add_argument("--officers", default="441424000000")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    setup(f"registry-{args.households}")
    build(args.households, args.area, args.first_year)
    for officer in args.officers.split(","):
        pages(officer, args.requests, not args.no_baseline)


def pages(officer: str, requests: int, baseline_too: bool) -> None:
    from django.test import Client

    from jianpin.accounts.models import Role, User
    from jianpin.registry.models import Household, Member

    user, _ = User.objects.update_or_create(username=f"bench-officer-{officer}", defaults={
        "role": Role.COUNTY_OFFICER, "region_id": officer})
    client = Client()
    client.force_login(user)
    urls = sample_requests(requests, officer)
    print(f"# {platform.node()} {platform.machine()} python {platform.python_version()}, "
          f"{Household.objects.count():,} households, {Member.objects.count():,} persons, "
          f"officer of {officer}, {requests} requests per page, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"load {os.getloadavg()[0]:.1f}")
    indexed = measure(client, urls)
    baseline = {}
    if baseline_too:
        dropped = drop_indexes()
        try:
            baseline = measure(client, {k: v[: max(5, requests // 4)] for k, v in urls.items()})
        finally:
            restore(dropped)
    print(f"{'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'base p50':>10}{'base p95':>10}{'ratio p95':>10}"
          f"{'CPU p50':>9}{'CPU p95':>9}{'db CPU':>8}")
    for page, (p50, p95) in indexed.items():
        b50, b95 = baseline.get(page, (float("nan"), float("nan")))
        c50, c95, db = CPU[page]
        print(f"{page:<18}{p50:>9.1f}{p95:>9.1f}{b50:>10.1f}{b95:>10.1f}{b95 / p95:>9.1f}x"
              f"{c50:>9.1f}{c95:>9.1f}{db if db is not None else float('nan'):>8.1f}", flush=True)


if __name__ == "__main__":
    main()
