"""The project library at county scale: pages, disclosure and the funds report.

    nice -n 10 .venv/bin/python bench/projects.py [--projects 3000] [--payments 30000]
        [--assets 10000] [--requests 30]

Builds var/bench/projects.sqlite3 (or DATABASE_URL) once: Wuhua County's divisions, N projects
over 2021-2025 in its villages with budgets and targets, one batch per year and source, an
allocation per project, the payments and the assets. Then times, through Django's test
client as the county officer (the auditor for the funds page): the project list, project
pages, the public disclosure page and notice PDFs, the funds and asset pages; and the funds
report for the county against a per-project ORM loop (the baseline).
"""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import time
from decimal import Decimal
from typing import Any

from _django import percentile, setup

COUNTY = "441424000000"


def build(n_projects: int, n_payments: int, n_assets: int) -> None:
    from django.core.management import call_command

    from jianpin.accounts.models import Role, User
    from jianpin.projects.codes import Category, FundSource
    from jianpin.projects.models import (
        Allocation,
        Asset,
        BudgetLine,
        Disbursement,
        FundBatch,
        Project,
        Status,
        Target,
    )
    from jianpin.regions import loader
    from jianpin.regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=COUNTY).exists():
        loader.load_core()
    if Project.objects.exists():
        return
    rng = random.Random(13)
    officer, _ = User.objects.get_or_create(username="bench-officer", defaults={
        "role": Role.COUNTY_OFFICER, "region_id": COUNTY})
    villages = list(Region.objects.filter(code__startswith="441424", level=5)
                    .values_list("code", flat=True))
    statuses = list(Status.values)
    projects = Project.objects.bulk_create([Project(
        name=f"村级项目{i}", category=rng.choice(Category.values), region_id=rng.choice(villages),
        responsible_unit="县农业农村局", responsible_person="张三", tasks="建设内容及规模" * 3,
        start_on=dt.date(2021 + i % 5, 3, 1), end_on=dt.date(2021 + i % 5, 10, 31),
        plan_year=2021 + i % 5, linkage="务工带动、资产收益分红", status=rng.choice(statuses),
        notice_from=dt.date(2021 + i % 5, 2, 10), created_by=officer)
        for i in range(n_projects)], batch_size=1000)
    BudgetLine.objects.bulk_create([BudgetLine(project=p, source="central",
                                               amount=Decimal(rng.randint(10, 200) * 10000))
                                    for p in projects], batch_size=2000)
    Target.objects.bulk_create([Target(project=p, indicator=k, target_value="100%")
                                for p in projects for k in ("验收合格率", "完成及时率")],
                               batch_size=2000)
    batches = {(y, s): FundBatch.objects.create(
        region_id=COUNTY, year=y, source=s, doc_number=f"财农〔{y}〕{s}号", issued_on=dt.date(y, 1, 15),
        amount=Decimal(10 ** 11), created_by=officer)
        for y in range(2021, 2026) for s in FundSource.values[:4]}
    allocations = Allocation.objects.bulk_create([Allocation(
        batch=batches[(p.plan_year, rng.choice(FundSource.values[:4]))], project=p,
        amount=Decimal(1000000), allocated_on=dt.date(p.plan_year or 2021, 2, 1),
        created_by=officer) for p in projects], batch_size=2000)
    Disbursement.objects.bulk_create([Disbursement(
        allocation=a, amount=Decimal(rng.randint(1, 9000)), created_by=officer,
        paid_on=a.allocated_on + dt.timedelta(days=rng.randint(0, 300)))
        for a in (rng.choice(allocations) for _ in range(n_payments))], batch_size=5000)
    Asset.objects.bulk_create([Asset(
        region_id=p.region_id, project=p, name=f"资产{i}", kind=rng.choice(["operating", "public"]),
        value=Decimal(rng.randint(1, 900) * 1000), ownership="collective", owner_name="村集体",
        custodian="村委会", created_by=officer)
        for i, p in enumerate(rng.choice(projects) for _ in range(n_assets))], batch_size=5000)


def timed(client: Any, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def baseline_report(area: Any, year: int) -> dict[str, Decimal]:
    """Per-project ORM loop: what a report written row by row costs."""
    from django.db.models import Sum

    from jianpin.projects.models import Allocation
    from jianpin.regions.scoping import prefix_q

    totals = {"allocated": Decimal(0), "disbursed": Decimal(0)}
    for a in Allocation.objects.filter(prefix_q("project__region_id", area.prefix),
                                       batch__year=year):
        totals["allocated"] += a.amount
        totals["disbursed"] += a.disbursements.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return totals


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=3000)
    ap.add_argument("--payments", type=int, default=30000)
    ap.add_argument("--assets", type=int, default=10000)
    ap.add_argument("--requests", type=int, default=30)
    args = ap.parse_args()
    setup("projects")
    from django.conf import settings
    from django.test import Client
    settings.ALLOWED_HOSTS = ["*"]   # no setup_test_environment: its template hooks cost time
    start = time.perf_counter()
    build(args.projects, args.payments, args.assets)
    print(f"build: {time.perf_counter() - start:.1f} s")

    from jianpin.accounts.models import Role, User
    from jianpin.projects.funds import as_json, funds_report
    from jianpin.projects.machine import PUBLIC
    from jianpin.projects.models import Disbursement, Project
    from jianpin.regions.models import Region

    rng = random.Random(3)
    officer = User.objects.get(username="bench-officer")
    auditor, _ = User.objects.get_or_create(username="bench-auditor", defaults={
        "role": Role.AUDITOR, "region_id": COUNTY})
    client = Client()
    client.force_login(officer)
    ids = list(Project.objects.values_list("pk", flat=True))
    public_ids = list(Project.objects.filter(status__in=PUBLIC).values_list("pk", flat=True))
    n = args.requests
    pages = {
        "project list": ["/projects/"] * n,
        "project list, filtered": [f"/projects/?year={2021 + i % 5}" for i in range(n)],
        "project page": [f"/projects/{rng.choice(ids)}/" for _ in range(n)],
        "disclosure": ["/projects/public/"] * n,
        "disclosure, one township": ["/projects/public/?area=441424100000"] * n,
        "notice PDF": [f"/projects/public/{rng.choice(public_ids)}/notice.pdf" for _ in range(n)],
        "asset ledger": ["/projects/assets/"] * n,
    }
    for name, urls in pages.items():
        ms = timed(client, urls[:1] + urls)[1:]        # first request warms caches
        print(f"{name}: p50 {percentile(ms, 0.5):.0f} ms, p95 {percentile(ms, 0.95):.0f} ms")
    client.force_login(auditor)
    ms = timed(client, ["/projects/funds/?year=2025"] * 11)[1:]
    print(f"funds page (auditor): p50 {percentile(ms, 0.5):.0f} ms, "
          f"p95 {percentile(ms, 0.95):.0f} ms")
    county = Region.objects.get(code=COUNTY)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        data = as_json(funds_report(county, 2025))
        runs.append(time.perf_counter() - start)
    start = time.perf_counter()
    base = baseline_report(county, 2025)
    base_s = time.perf_counter() - start
    assert Decimal(data["allocated"]) == base["allocated"]
    assert Decimal(data["disbursed"]) == base["disbursed"]
    best = min(runs)
    print(f"funds report (county, 2025): {best * 1000:.0f} ms best of 5, "
          f"{max(runs) * 1000:.0f} ms worst; per-project loop {base_s * 1000:.0f} ms "
          f"({base_s / best:.0f}x)")
    print(f"rows: {Project.objects.count()} projects, {Disbursement.objects.count()} payments; "
          f"{platform.machine()} {platform.python_version()}")


if __name__ == "__main__":
    main()
