"""The earlier demo generator: Wuhua County (五华县, 441424), synthetic households 2014-2025.

`jianpin demo` now uses `registry.synth` (bulk, about 20× faster). This per-row version stays
as the baseline of bench/generate.py and for benches that add households to a county that
already has some (synth fills only empty areas). Deterministic for a given seed and size.
Status shares follow the pattern the policy texts describe: a fifth of households
registered poor in 2014-2016, all but a few exited by 2020, monitoring objects of the three
kinds since 2021, the poor older, sicker and with less labour.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from jianpin.regions.models import Level, Region
from jianpin.registry import codes, income
from jianpin.registry.demo_people import People
from jianpin.registry.models import Household, IncomeRecord, Member

COUNTY = "441424000000"
YEARS = range(2014, 2026)
TODAY = dt.date(2025, 12, 31)
BATCH = 5000
Pending = tuple[Household, list[Member], list[IncomeRecord]]   # one household, ready to write


@dataclass
class Plan:
    """What one household is, before its rows are built."""

    status: str
    kind: str = ""
    attribute: str = codes.Attribute.GENERAL
    identified: int | None = None
    exited: int | None = None
    monitored: int | None = None
    risks: list[str] = field(default_factory=list)


def ensure_groups(villages: list[Region], rng: random.Random) -> dict[str, list[str]]:
    """Give each village 4-12 村民小组 (codes: village code + 3 digits)."""
    existing = set(Region.objects.filter(level=Level.GROUP, prefix__startswith=COUNTY[:6])
                   .values_list("code", flat=True))
    new, groups = [], {}
    for v in villages:
        codes_ = [f"{v.code}{i:03d}" for i in range(1, rng.randint(4, 12) + 1)]
        groups[v.code] = codes_
        new += [Region(code=c, name=f"第{int(c[-3:])}村民小组", level=Level.GROUP, parent=v,
                       prefix=c) for c in codes_ if c not in existing]
    Region.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return groups


def plan_household(rng: random.Random) -> Plan:
    r = rng.random()
    if r < 0.22:  # registered poor in 2014-2016
        identified = rng.choice((2014, 2014, 2015, 2016))
        if rng.random() < 0.02:
            return Plan(codes.HouseholdStatus.POOR, identified=identified)
        plan = Plan(codes.HouseholdStatus.EXITED, identified=identified,
                    exited=rng.choice((2016, 2017, 2018, 2018, 2019, 2020)))
        if rng.random() < 0.10:
            plan.kind, plan.monitored = codes.MonitoringKind.UNSTABLE, rng.randint(2021, 2025)
        return plan
    plan = Plan(codes.HouseholdStatus.ORDINARY)
    if rng.random() < 0.03:
        plan.kind, plan.monitored = codes.MonitoringKind.MARGINAL, rng.randint(2021, 2025)
    elif rng.random() < 0.008:
        plan.kind, plan.monitored = codes.MonitoringKind.SUDDEN, rng.randint(2023, 2025)
    return plan


def family_ages(rng: random.Random, poor: bool) -> list[tuple[str, int]]:
    """(relation, age) of each member, head first."""
    head_age = rng.randint(28, 82) if not poor else rng.randint(35, 86)
    family: list[tuple[str, int]] = [(codes.Relation.HEAD, head_age)]
    if head_age < 78 and rng.random() < (0.85 if not poor else 0.65):
        family.append((codes.Relation.SPOUSE, max(20, head_age + rng.randint(-5, 3))))
    if head_age < 60:
        for _ in range(rng.choice((0, 1, 1, 2, 2, 2, 3, 3))):
            child_age = head_age - rng.randint(22, 34)
            if child_age >= 0:
                family.append((rng.choice((codes.Relation.SON, codes.Relation.DAUGHTER)), child_age))
        if head_age < 50 and rng.random() < 0.45:
            family.append((codes.Relation.PARENT, head_age + rng.randint(22, 30)))
    elif rng.random() < 0.55:
        son_age = head_age - rng.randint(24, 32)
        family.append((codes.Relation.SON, son_age))
        family.append((codes.Relation.OTHER, son_age + rng.randint(-3, 2)))
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            family.append((codes.Relation.GRANDCHILD, max(0, son_age - rng.randint(22, 34))))
    return family


def build_members(rng: random.Random, people: People, plan: Plan) -> list[Member]:
    poor = plan.identified is not None or bool(plan.kind)
    surname = None
    members = []
    for relation, age in family_ages(rng, poor):
        male = relation in (codes.Relation.HEAD, codes.Relation.SON) or (
            relation not in (codes.Relation.SPOUSE, codes.Relation.DAUGHTER) and rng.random() < .5)
        if relation == codes.Relation.SPOUSE:
            male = False
        name = people.name(surname if relation in (codes.Relation.SON, codes.Relation.DAUGHTER,
                                                  codes.Relation.GRANDCHILD) else None)
        if relation == codes.Relation.HEAD:
            surname = name[0]
        birth = people.birth(age)
        health, grade = people.health(age, poor)
        labour = people.labour(age, health, grade)
        school, education = people.school(age)
        working = labour in codes.WITH_LABOUR and school == codes.SchoolStatus.NOT_IN_SCHOOL \
            and age < 60 and rng.random() < 0.7
        members.append(Member(
            name=name, id_number=people.id_number(birth, male), sex="男" if male else "女",
            birth_date=birth, relation=relation, education=education, school_status=school,
            health=health, disability_grade=grade, labour_ability=labour,
            work_status=rng.choice(codes.WorkStatus.values[1:]) if working else "",
            work_months=rng.randint(6, 12) if working else 0,
            medical_insurance=rng.random() < 0.995, serious_illness_insurance=rng.random() < 0.99,
            pension_insurance=age >= 16 and rng.random() < 0.8,
            dibao=plan.attribute == codes.Attribute.DIBAO,
            tekun=plan.attribute == codes.Attribute.TEKUN,
            phone=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
            if relation == codes.Relation.HEAD else "",
        ))
    return members


def per_capita_path(rng: random.Random, plan: Plan) -> dict[int, float]:
    """Per-capita net income by year, shaped by the household's history."""
    path: dict[int, float] = {}
    if plan.identified is None:
        level = rng.lognormvariate(9.15, 0.35)  # about 9,400 yuan in 2014
        for y in YEARS:
            path[y] = level * (1.075 ** (y - 2014))
    else:
        exit_year = plan.exited or 2030
        for y in YEARS:
            if y < exit_year:
                path[y] = rng.uniform(2100, 2800) * (1.05 ** (y - 2014))
            else:
                path[y] = rng.uniform(5200, 7200) * (1.09 ** (y - exit_year))
    if plan.kind == codes.MonitoringKind.MARGINAL:
        for y in YEARS:
            if y >= (plan.monitored or 2025) - 1:
                path[y] = rng.uniform(6300, 8600)
    elif plan.kind == codes.MonitoringKind.UNSTABLE:
        for y in YEARS:
            if y >= (plan.monitored or 2025) - 1:
                path[y] = rng.uniform(6800, 8800)
    elif plan.kind == codes.MonitoringKind.SUDDEN:
        path[2025] = path[2024] * rng.uniform(0.35, 0.6)
    return path


def build_incomes(rng: random.Random, plan: Plan, size: int, workers: int,
                  first_year: int = YEARS[0]) -> list[IncomeRecord]:
    rows = []
    for year, pc in per_capita_path(rng, plan).items():
        if year < first_year:
            continue
        net = Decimal(round(pc * size, 2))
        wage_share = 0.75 if workers else 0.15
        transfer = net * Decimal("0.12")
        values = {name: Decimal(0) for name in income.INCOME_FIELDS}
        values["wage_income"] = (net * Decimal(wage_share)).quantize(Decimal("0.01"))
        values["property_income"] = (net * Decimal("0.02")).quantize(Decimal("0.01"))
        if plan.attribute == codes.Attribute.DIBAO:
            values["dibao_amount"] = (transfer * Decimal("0.6")).quantize(Decimal("0.01"))
        values["pension"] = (transfer - values["dibao_amount"]).quantize(Decimal("0.01"))
        rest = net - values["wage_income"] - values["property_income"] - transfer
        values["business_cost"] = (abs(rest) * Decimal("0.3")).quantize(Decimal("0.01"))
        values["business_income"] = (rest + values["business_cost"]).quantize(Decimal("0.01"))
        if values["business_income"] < 0:
            values["business_cost"] -= values["business_income"]
            values["business_income"] = Decimal("0.00")
        if plan.kind == codes.MonitoringKind.SUDDEN and year == 2025:
            values["medical_oop"] = Decimal(rng.randint(15000, 60000))
        totals = income.compute(values, size)
        rows.append(IncomeRecord(
            year=year, persons=size, transfer_income=totals.transfer_income,
            net_income=totals.net_income, per_capita_net=totals.per_capita_net,
            rigid_spending=totals.rigid_spending, **values))
    return rows


def generate(households: int = 20000, seed: int = 441424,
             progress: Callable[[int, int], None] | None = None,
             first_year: int = YEARS[0]) -> dict[str, int]:
    """Create `households` households with members and incomes from first_year; return counts."""
    rng = random.Random(seed)
    villages = list(Region.objects.filter(level=Level.VILLAGE, prefix__startswith="441424")
                    .order_by("code"))
    if not villages:
        raise LookupError("未找到五华县的行政村，请先导入区划（jianpin regions load-core）")
    people = People(rng, "441424", TODAY)
    people.issued.update(n for n in Member.objects.exclude(id_number=None)
                         .values_list("id_number", flat=True) if n is not None)
    counts = {"households": 0, "members": 0, "incomes": 0}
    with transaction.atomic():
        groups = ensure_groups(villages, rng)
        start = Household.objects.count()
        pending: list[Pending] = []
        for i in range(households):
            pending.append(_one(rng, people, villages, groups, start + i, first_year))
            if len(pending) * 4 >= BATCH or i == households - 1:
                _flush(pending, counts)
                pending = []
                if progress:
                    progress(i + 1, households)
    return counts


def _one(rng: random.Random, people: People, villages: list[Region],
         groups: dict[str, list[str]], serial: int, first_year: int) -> Pending:
    plan = plan_household(rng)
    village = villages[rng.randrange(len(villages))]
    members = build_members(rng, people, plan)
    no_labour = all(m.labour_ability not in codes.WITH_LABOUR for m in members)
    if plan.identified and (no_labour or rng.random() < 0.12):
        plan.attribute = codes.Attribute.TEKUN if len(members) == 1 and no_labour \
            else codes.Attribute.DIBAO
        for m in members:
            m.dibao, m.tekun = plan.attribute == codes.Attribute.DIBAO, \
                plan.attribute == codes.Attribute.TEKUN
    workers = sum(1 for m in members if m.work_status)
    hh = Household(
        number=f"{village.code}{serial:06d}", village=village,
        group_id=rng.choice(groups[village.code]), head_name=members[0].name, size=len(members),
        address=f"广东省梅州市五华县{village.name.removesuffix('委会')}",
        phone=members[0].phone, bank_account=f"6217{rng.randint(10**14, 10**15 - 1)}",
        bank_name="五华县农村信用合作联社", attribute=plan.attribute, status=plan.status,
        monitoring_kind=plan.kind, risk_types=_risks(rng, plan, members),
        risk_eliminated=False if plan.kind else None,     # as the identification decision sets
        main_cause=_cause(rng, plan, members), housing_area=Decimal(rng.randint(40, 220)),
        housing_grade=rng.choices("ABCD", (0.55, 0.435, 0.01, 0.005))[0],
        relocated=bool(plan.identified) and rng.random() < 0.05,
        water_safe=rng.random() > 0.012, sanitary_toilet=rng.random() < 0.85,
        farmland_mu=Decimal(rng.randint(0, 60)) / 10, forest_mu=Decimal(rng.randint(0, 200)) / 10,
        cooperative_member=rng.random() < 0.2,
        identified_on=dt.date(plan.identified, rng.randint(3, 10), rng.randint(1, 28))
        if plan.identified else None,
        exited_on=dt.date(plan.exited, 12, rng.randint(1, 28)) if plan.exited else None,
        monitoring_since=dt.date(plan.monitored, rng.randint(1, 11), rng.randint(1, 28))
        if plan.monitored else None,
    )
    return hh, members, build_incomes(rng, plan, len(members), workers, first_year)


def _risks(rng: random.Random, plan: Plan, members: list[Member]) -> list[str]:
    if not plan.kind:
        return []
    risks: list[str] = []
    if any(m.health in (codes.Health.SERIOUS, codes.Health.CHRONIC) for m in members):
        risks.append(codes.RiskType.ILLNESS)
    if any(m.health == codes.Health.DISABLED for m in members):
        risks.append(codes.RiskType.DISABILITY)
    if not any(m.labour_ability in codes.WITH_LABOUR for m in members):
        risks.append(codes.RiskType.NO_LABOUR)
    if not risks:
        risks.append(rng.choice((codes.RiskType.EMPLOYMENT, codes.RiskType.INDUSTRY,
                                 codes.RiskType.ACCIDENT, codes.RiskType.DISASTER)))
    return risks[:5]


def _cause(rng: random.Random, plan: Plan, members: list[Member]) -> str:
    if plan.identified is None:
        return ""
    if any(m.health in (codes.Health.SERIOUS, codes.Health.CHRONIC) for m in members):
        return codes.Cause.ILLNESS
    if any(m.health == codes.Health.DISABLED for m in members):
        return codes.Cause.DISABILITY
    return rng.choice((codes.Cause.NO_LABOUR, codes.Cause.NO_SKILLS, codes.Cause.NO_CAPITAL,
                       codes.Cause.SCHOOLING, codes.Cause.MOTIVATION, codes.Cause.TRANSPORT))


def _flush(pending: list[Pending], counts: dict[str, int]) -> None:
    households = Household.objects.bulk_create([p[0] for p in pending], batch_size=BATCH)
    members, incomes = [], []
    for hh, hh_members, hh_incomes in zip(households, (p[1] for p in pending),
                                          (p[2] for p in pending), strict=True):
        for m in hh_members:
            m.household = hh
        for r in hh_incomes:
            r.household = hh
        members += hh_members
        incomes += hh_incomes
    Member.objects.bulk_create(members, batch_size=BATCH)
    IncomeRecord.objects.bulk_create(incomes, batch_size=BATCH)
    counts["households"] += len(households)
    counts["members"] += len(members)
    counts["incomes"] += len(incomes)
