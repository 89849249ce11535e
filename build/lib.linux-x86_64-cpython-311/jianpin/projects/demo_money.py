"""Demo funds and assets for the demo project library (see demo.py): batches per year and
source, allocations, payments that follow each project's status, assets with income."""
from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from jianpin.accounts.models import User
from jianpin.projects.codes import AssetKind, AssetStatus, Category, Ownership, PaymentKind
from jianpin.projects.models import (
    Allocation,
    Asset,
    AssetIncome,
    BudgetLine,
    Disbursement,
    FundBatch,
    IncomeShare,
    Project,
    Status,
)
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry.models import Household

CENT = Decimal("0.01")
DOCS = {"central": "粤财农〔{y}〕{n}号", "province": "粤财农〔{y}〕{n}号",
        "county": "五财农〔{y}〕{n}号", "east_west": "五东西协〔{y}〕{n}号",
        "integrated": "五府办〔{y}〕{n}号"}
PAID_IN_FULL = {Status.COMPLETED, Status.HANDED_OVER, Status.EVALUATED}
NO_ASSET = {Category.EDUCATION, Category.FINANCE}


def village_name(region: Region) -> str:
    """协和村委会 -> 协和村, 转水社区居委会 -> 转水社区."""
    for suffix, kind in (("村民委员会", "村"), ("村委会", "村"), ("居民委员会", "社区"),
                         ("居委会", "社区")):
        if region.name.endswith(suffix):
            base = region.name.removesuffix(suffix)
            return base if base.endswith(("村", "社区")) else base + kind
    return region.name


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    out = [(total * Decimal(w / sum(weights))).quantize(CENT) for w in weights[:-1]]
    return out + [total - sum(out, Decimal(0))]


def _batches(county: Region, projects: list[Project], user: User,
             today: dt.date) -> tuple[list[FundBatch], list[Allocation]]:
    lines: dict[tuple[int, str], list[BudgetLine]] = defaultdict(list)
    for line in BudgetLine.objects.filter(project__in=projects, project__plan_year__isnull=False) \
            .select_related("project"):
        lines[(line.project.plan_year or 0, line.source)].append(line)
    batches, allocations, number = [], [], 10
    for (year, source), rows in sorted(lines.items()):
        total = sum((r.amount for r in rows), Decimal(0))
        extra = (total * Decimal("0.08")).quantize(CENT) if year == today.year - 1 and \
            source == "central" else Decimal(0)          # left unarranged: idle money
        number += 7
        issued = min(dt.date(year, 1, 15) if source == "central" else dt.date(year, 4, 10),
                     today - dt.timedelta(days=30))
        batch = FundBatch(region=county, year=year, source=source, created_by=user,
                          doc_number=DOCS.get(source, "五财农〔{y}〕{n}号").format(y=year, n=number),
                          issued_on=issued, amount=total + extra)
        batches.append(batch)
        allocations += [Allocation(batch=batch, project=r.project, amount=r.amount,
                                   allocated_on=issued + dt.timedelta(days=25), created_by=user)
                        for r in rows]
    FundBatch.objects.bulk_create(batches)
    Allocation.objects.bulk_create(allocations)
    return batches, allocations


def _paid_share(p: Project, rng: random.Random, today: dt.date, late: bool) -> float:
    if p.status in PAID_IN_FULL:
        return 1.0
    if p.status == Status.ACCEPTED:
        return rng.choice([0.7, 0.8, 0.9])
    if p.status != Status.IMPLEMENTING or p.start_on is None or p.end_on is None:
        return 0.0
    if late:
        return 0.05
    span = max((p.end_on - p.start_on).days, 1)
    return min(1.0, max(0.1, (today - p.start_on).days / span + rng.uniform(-0.15, 0.1)))


def _payments(allocations: list[Allocation], user: User, rng: random.Random,
              today: dt.date) -> list[Disbursement]:
    out, late_left = [], 4
    for a in allocations:
        p = a.project
        late = p.status == Status.IMPLEMENTING and late_left > 0 and p.end_on is not None \
            and p.end_on < today
        late_left -= late
        share = _paid_share(p, rng, today, late)
        paid = (a.amount * Decimal(share)).quantize(CENT)
        if paid <= 0:
            continue
        first = max(a.allocated_on, p.start_on or a.allocated_on)
        last = min(max(p.accepted_on or p.end_on or first, first) + dt.timedelta(days=30), today)
        parts = _split(paid, rng.randint(1, 3), rng)
        days = sorted(first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
                      for _ in parts)
        out += [Disbursement(allocation=a, amount=amt, paid_on=day, created_by=user,
                             kind=rng.choice(PaymentKind.values),
                             voucher_number=f"记-{day:%Y%m}-{rng.randint(1, 999):03d}")
                for amt, day in zip(parts, days, strict=True) if amt > 0]
    Disbursement.objects.bulk_create(out)
    return out


def _asset_kind(p: Project) -> str:
    if p.category in {Category.INDUSTRY, Category.EMPLOYMENT}:
        return AssetKind.HOUSEHOLD if "肉牛" in p.name else AssetKind.OPERATING
    return AssetKind.HOUSEHOLD if p.category == Category.HOUSING else AssetKind.PUBLIC


def _assets(projects: list[Project], value: dict[int, Decimal], homes: dict[str, list[int]],
            user: User, rng: random.Random) -> list[Asset]:
    out = []
    for p in projects:
        if p.status not in {Status.HANDED_OVER, Status.EVALUATED} or p.category in NO_ASSET:
            continue
        kind, village = _asset_kind(p), village_name(p.region)
        home = rng.choice(homes[p.region_id]) if homes.get(p.region_id) else None
        to_household = kind == AssetKind.HOUSEHOLD and home is not None
        out.append(Asset(
            region_id=p.region_id, project=p, name=p.name.removesuffix("项目").removesuffix("工程"),
            kind=kind if to_household or kind != AssetKind.HOUSEHOLD else AssetKind.OPERATING,
            scale=p.tasks[:100], value=value.get(p.pk, Decimal(0)), formed_on=p.accepted_on,
            ownership=Ownership.HOUSEHOLD if to_household else Ownership.COLLECTIVE,
            owner_name="" if to_household else f"{village}股份经济合作社",
            owner_household_id=home if to_household else None,
            custodian="受益农户" if to_household else
            f"{village}{'居民委员会' if village.endswith('社区') else '村民委员会'}",
            upkeep="日常管护、定期检修，损毁及时报告" if kind != AssetKind.OPERATING
            else "经营主体负责日常维护，村委会每季度巡查",
            operator="" if kind != AssetKind.OPERATING else "五华县农业发展有限公司",
            operation_mode="" if kind != AssetKind.OPERATING else "委托经营", created_by=user))
    Asset.objects.bulk_create(out)
    return out


def _incomes(assets: list[Asset], homes: dict[str, list[int]], user: User,
             rng: random.Random, today: dt.date) -> None:
    incomes, shares = [], []
    for asset in assets:
        if asset.kind != AssetKind.OPERATING or asset.formed_on is None:
            continue
        for year in range(asset.formed_on.year, today.year):
            amount = (asset.value * Decimal(rng.uniform(0.05, 0.08))).quantize(CENT)
            income = AssetIncome(asset=asset, year=year, received_on=dt.date(year + 1, 1, 20),
                                 amount=amount, note=f"{year}年度资产收益", created_by=user)
            incomes.append(income)
            picked = rng.sample(homes.get(asset.region_id, []),
                                min(15, len(homes.get(asset.region_id, []))))
            if picked:
                each = (amount * Decimal("0.6") / len(picked)).quantize(CENT, rounding="ROUND_DOWN")
                shares += [IncomeShare(income=income, household_id=h, amount=each)
                           for h in picked if each > 0]
    AssetIncome.objects.bulk_create(incomes)
    IncomeShare.objects.bulk_create(shares)


def build_money(county: Region, projects: list[Project], user: User, rng: random.Random,
                today: dt.date) -> dict[str, int]:
    batches, allocations = _batches(county, projects, user, today)
    payments = _payments(allocations, user, rng, today)
    homes: dict[str, list[int]] = defaultdict(list)
    for pk, village in Household.objects.filter(prefix_q("village_id", county.prefix)) \
            .values_list("pk", "village_id"):
        homes[village].append(pk)
    through = Project.beneficiaries.through
    through.objects.bulk_create(
        through(project_id=p.pk, household_id=h)
        for p in projects for h in rng.sample(homes.get(p.region_id, []),
                                              min(8, len(homes.get(p.region_id, [])))))
    value: dict[int, Decimal] = defaultdict(Decimal)
    for a in allocations:
        value[a.project.pk] += a.amount
    assets = _assets(projects, value, homes, user, rng)
    _incomes(assets, homes, user, rng, today)
    for asset in assets[:2]:   # two disposed of with approval
        Asset.objects.filter(pk=asset.pk).update(
            status=AssetStatus.DISPOSED, disposal_kind="scrap", disposal_reason="洪水损毁，无修复价值",
            disposal_approval=f"五乡振〔{today.year}〕{rng.randint(10, 60)}号",
            disposal_approver="五华县乡村振兴局", disposed_on=today - dt.timedelta(days=40))
    return {"batches": len(batches), "payments": len(payments), "assets": len(assets)}
