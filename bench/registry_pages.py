"""Registry page latency at county scale: p50/p95 with and without the registry's indexes.

    .venv/bin/python bench/registry_pages.py [--households 200000] [--requests 40]

Builds (once) a bench database of Wuhua County with N households and three income years,
then times the household list, a name search, an exact ID search and a detail page through
Django's test client as a county officer. The same pages are timed again after dropping the
secondary indexes the registry adds (the baseline), then the indexes are restored.
"""
from __future__ import annotations

import argparse
import platform
import random
import time

from _django import percentile, setup

INDEXES = ("hh_village_number", "hh_status_village", "registry_household_head_name_%",
           "registry_member_name_%", "registry_household_village_code_%",
           "registry_member_household_id_%")


def build(households: int) -> None:
    from django.core.management import call_command

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import demo
    from jianpin.registry.models import Household

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=demo.COUNTY).exists():
        loader.load_core()
    have = Household.objects.count()
    if have < households:
        t = time.monotonic()
        demo.generate(households - have, seed=7 + have, first_year=2023)
        print(f"generated {households - have:,} households in {time.monotonic() - t:.0f} s")


def sample_requests(n: int) -> dict[str, list[str]]:
    from jianpin.registry.models import Household, Member

    rng = random.Random(1)
    top = Household.objects.order_by("-pk").values_list("pk", flat=True)[0]
    pks = [rng.randint(1, top) for _ in range(n)]
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
        times = []
        for path in paths:
            t = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        out[page] = (percentile(times, 0.5), percentile(times, 0.95))
    return out


def drop_indexes() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
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
    args = parser.parse_args()
    setup(f"registry-{args.households}")
    build(args.households)
    from django.test import Client

    from jianpin.accounts.models import Role, User
    from jianpin.registry.models import Household, Member

    user, _ = User.objects.get_or_create(username="bench-officer", defaults={
        "role": Role.COUNTY_OFFICER, "region_id": "441424000000"})
    client = Client()
    client.force_login(user)
    urls = sample_requests(args.requests)
    print(f"# {platform.node()} {platform.machine()} python {platform.python_version()}, "
          f"{Household.objects.count():,} households, {Member.objects.count():,} persons, "
          f"{args.requests} requests per page")
    indexed = measure(client, urls)
    dropped = drop_indexes()
    try:
        baseline = measure(client, {k: v[: max(5, args.requests // 4)] for k, v in urls.items()})
    finally:
        restore(dropped)
    print(f"{'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'base p50':>10}{'base p95':>10}{'ratio p95':>10}")
    for page, (p50, p95) in indexed.items():
        b50, b95 = baseline[page]
        print(f"{page:<18}{p50:>9.1f}{p95:>9.1f}{b50:>10.1f}{b95:>10.1f}{b95 / p95:>9.1f}x")


if __name__ == "__main__":
    main()
