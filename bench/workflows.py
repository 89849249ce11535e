"""Workflows and assistance at county scale: inbox pages and the assistance checks.

    .venv/bin/python bench/workflows.py [--households 200000] [--requests 30] [--sample 1000]

Uses its own copy of the registry bench database (Wuhua County, N generated households; built
with the demo generator when that database is missing), adds helpers, pairings, measures,
visits and open cases for the county's monitoring objects and poor households, then times:
the inbox and overdue pages (township reviewer, county officer) through Django's test client,
and the assistance consistency checks over the whole county, against a per-household ORM loop
(the baseline, measured on a sample and scaled).
"""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import shutil
import time

from _django import ROOT, percentile, setup

COUNTY, TOWNSHIP = "441424000000", "441424100000"


def prepare(households: int) -> None:
    source = ROOT / "var" / "bench" / f"registry-{households}.sqlite3"
    target = ROOT / "var" / "bench" / f"workflows-{households}.sqlite3"
    if not target.exists() and source.exists():
        shutil.copyfile(source, target)
    setup(f"workflows-{households}")
    from django.core.management import call_command

    from jianpin.regions import loader
    from jianpin.regions.models import Region
    from jianpin.registry import demo
    from jianpin.registry.models import Household

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=COUNTY).exists():
        loader.load_core()
    if Household.objects.count() < households:
        demo.generate(households - Household.objects.count(), seed=7, first_year=2023)


def seed() -> None:
    """Helpers, pairings (80%), measures (70%), visits (60%) and 3,000 open cases."""
    from jianpin.accounts.models import Role, User
    from jianpin.assistance.checks import targets
    from jianpin.assistance.models import Helper, Measure, Pairing, Plan, Visit
    from jianpin.registry.models import Household
    from jianpin.workflows.models import Case

    if Helper.objects.exists():
        return
    rng = random.Random(5)
    cadre, _ = User.objects.get_or_create(username="bench-cadre", defaults={
        "role": Role.VILLAGE_CADRE, "region_id": "441424100200"})
    rows = list(targets("441424").values_list("id", "village_id"))
    helpers = Helper.objects.bulk_create([Helper(name=f"帮扶人{i}", region_id=COUNTY)
                                          for i in range(len(rows) // 25 + 1)])
    today = dt.date.today()
    pairings, plans, visits = [], [], []
    for hh_id, _ in rows:
        helper = rng.choice(helpers)
        if rng.random() < 0.8:
            pairings.append(Pairing(helper=helper, household_id=hh_id, since=today,
                                    created_by=cadre))
        if rng.random() < 0.6:
            visits.append(Visit(household_id=hh_id, helper=helper, findings="正常",
                                visited_on=today - dt.timedelta(days=rng.randint(0, 200)),
                                created_by=cadre))
        if rng.random() < 0.7:
            plans.append(Plan(household_id=hh_id, updated_by=cadre))
    Pairing.objects.bulk_create(pairings, batch_size=2000)
    Visit.objects.bulk_create(visits, batch_size=2000)
    Plan.objects.bulk_create(plans, batch_size=2000)
    categories = ["健康", "就业", "产业", "兜底", "教育", "饮水安全保障", "住房安全保障"]
    Measure.objects.bulk_create([Measure(plan=p, category=rng.choice(categories),
                                         description="措施", on=today, created_by=cadre)
                                 for p in Plan.objects.all() for _ in range(rng.randint(1, 3))],
                                batch_size=2000)
    ordinary = list(Household.objects.filter(monitoring_kind="", status="一般农户")
                    .values_list("id", "village_id")[:3000])
    statuses = ["opened", "visited", "checked", "reviewed", "in_notice", "township_review",
                "county_review", "decided"]
    Case.objects.bulk_create([Case(
        kind="identification", household_id=hh, region_id=village, status=rng.choice(statuses),
        source="cadre_screening", opened_by=cadre, submitted_by=cadre,
        due_on=today + dt.timedelta(days=rng.randint(-20, 15)),
        proposal={"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]})
        for hh, village in ordinary], batch_size=2000)


def per_household_loop(ids: list[int], on: dt.date) -> int:
    """Baseline: the same checks one household at a time through the ORM."""
    from django.db.models import Max

    from jianpin.assistance.checks import _check_household
    from jianpin.assistance.models import Measure, Pairing, Visit
    from jianpin.registry.models import Household, Member

    hits = 0
    for pk in ids:
        hh = Household.objects.values("id", "village_id", "monitoring_kind", "status",
                                      "attribute", "risk_types").get(pk=pk)
        members = list(Member.objects.filter(household_id=pk, deceased_on__isnull=True)
                       .values("labour_ability", "dibao", "tekun"))
        cats = set(Measure.objects.filter(plan__household_id=pk).values_list("category",
                                                                             flat=True))
        helped = Pairing.objects.filter(household_id=pk, until__isnull=True).exists()
        last = Visit.objects.filter(household_id=pk).aggregate(m=Max("visited_on"))["m"]
        hits += len(_check_household(hh, [m["labour_ability"] for m in members], cats, helped,
                                     any(m["dibao"] or m["tekun"] for m in members), last, on,
                                     90))
    return hits


def time_pages(username: str, role: str, region: str, paths: list[str],
               n: int) -> dict[str, tuple[float, float]]:
    from django.test import Client

    from jianpin.accounts.models import User

    user, _ = User.objects.get_or_create(username=username,
                                         defaults={"role": role, "region_id": region})
    client = Client()
    client.force_login(user)
    out = {}
    for path in paths:
        client.get(path)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        out[path] = (percentile(times, 0.5), percentile(times, 0.95))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    prepare(args.households)
    seed()
    from jianpin.accounts.models import Role
    from jianpin.assistance.checks import find, targets
    from jianpin.registry.models import Household
    from jianpin.workflows.models import Case

    on = dt.date.today()
    n_targets = targets("441424").count()
    print(f"# {platform.node()} {platform.machine()} python {platform.python_version()}, "
          f"{Household.objects.count():,} households, {n_targets:,} assistance targets, "
          f"{Case.objects.count():,} cases")
    for who, role, region in (("bench-reviewer", Role.TOWNSHIP_REVIEWER, TOWNSHIP),
                              ("bench-officer", Role.COUNTY_OFFICER, COUNTY)):
        for path, (p50, p95) in time_pages(who, role, region, ["/workflows/",
                                           "/workflows/overdue/"], args.requests).items():
            print(f"{role:<18} {path:<22} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    t = time.perf_counter()
    hits = find("441424", on)
    set_based = time.perf_counter() - t
    ids = list(targets("441424").order_by("?").values_list("id", flat=True)[:args.sample])
    t = time.perf_counter()
    per_household_loop(ids, on)
    loop = (time.perf_counter() - t) * n_targets / len(ids)
    print(f"checks, set-based over the county: {set_based:.2f} s, {len(hits):,} hits")
    print(f"checks, per-household ORM loop: {args.sample:,} measured, scaled to "
          f"{n_targets:,}: {loop:.1f} s  (ratio {loop / set_based:.1f}x)")
    from jianpin.accounts.models import User
    from jianpin.assistance.checks import CHECKS, do_run_checks
    from jianpin.regions.models import Region
    from jianpin.screening.models import Warning

    Warning.objects.filter(rule_code__in=list(CHECKS)).delete()  # bench database only
    officer = User.objects.get(username="bench-officer")
    for label in ("first run, warnings inserted", "re-run, warnings refreshed"):
        t = time.perf_counter()
        summary = do_run_checks(officer, Region.objects.get(pk=COUNTY), on)
        print(f"checks, {label}: {time.perf_counter() - t:.2f} s {summary}")


if __name__ == "__main__":
    main()
