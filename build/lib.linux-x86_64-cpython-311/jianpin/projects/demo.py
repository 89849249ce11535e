"""The demo county's project library: about 300 projects over 2021-2025 with their funds,
payments and assets, including a few that fall behind and some idle money.

Built once (skipped when the county has projects), deterministic from the seed, in bulk: the
rows stand for history, so they carry events but no audit entries.
"""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from jianpin.accounts.models import User
from jianpin.projects.codes import Category
from jianpin.projects.demo_money import build_money, village_name
from jianpin.projects.machine import EDGES, FUNDABLE, PUBLIC
from jianpin.projects.models import BudgetLine, Project, ProjectEvent, Status, Target
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q

COUNTY = "441424000000"
YEARS = 5          # the five years before this one (2021-2025 in 2026)
PER_YEAR = 57
NEXT_YEAR = 15     # this year's applications and plans, early in the lifecycle
# category: (weight, [(name pattern, tasks pattern, budget range in 10,000 yuan)])
KINDS: dict[str, tuple[int, list[tuple[str, str, tuple[int, int]]]]] = {
    Category.INDUSTRY: (50, [("{v}百香果种植基地建设项目", "新建种植基地{n}亩及水肥一体化设施", (40, 120)),
                             ("{v}茶叶加工厂建设项目", "建设茶叶加工厂房{n}平方米并购置设备", (60, 200)),
                             ("{v}肉牛养殖场建设项目", "建设标准化牛舍{n}平方米", (50, 150)),
                             ("{v}村级光伏电站项目", "建设村级光伏电站{n}千瓦", (30, 90)),
                             ("{v}农产品冷链仓储项目", "建设冷库{n}立方米", (40, 100))]),
    Category.INFRASTRUCTURE: (18, [("{v}村道硬底化工程", "硬化村道{n}公里，宽4.5米", (30, 120)),
                                   ("{v}农田灌溉渠改造工程", "改造灌溉渠{n}米", (20, 80))]),
    Category.WATER: (8, [("{v}饮水安全巩固提升工程", "铺设供水管网{n}米，新建蓄水池1座", (20, 70))]),
    Category.EMPLOYMENT: (8, [("{v}帮扶车间建设项目", "建设帮扶车间{n}平方米", (30, 90)),
                              ("{v}乡村公益性岗位开发", "开发公益性岗位{n}个", (5, 20))]),
    Category.EDUCATION: (4, [("{v}雨露计划职业教育补助", "补助脱贫家庭学生{n}人次", (3, 10))]),
    Category.HEALTH: (4, [("{v}村卫生站标准化建设", "改造村卫生站{n}平方米", (10, 30))]),
    Category.HOUSING: (4, [("{v}农村低收入群体危房改造", "改造危房{n}户", (10, 40))]),
    Category.FINANCE: (2, [("{v}脱贫人口小额信贷贴息", "为{n}户贴息", (5, 15))]),
    Category.OTHER: (2, [("{v}人居环境整治提升项目", "整治村容村貌，建设垃圾收集点{n}个", (10, 40))]),
}
PATH = [e for e in EDGES if e.action not in {"return_township", "return_county", "remove",
                                             "resubmit"}]
UNITS: dict[str, str] = {Category.INDUSTRY: "县农业农村局", Category.INFRASTRUCTURE: "县交通运输局",
         Category.WATER: "县水务局", Category.EMPLOYMENT: "县人力资源和社会保障局",
         Category.EDUCATION: "县教育局", Category.HEALTH: "县卫生健康局",
         Category.HOUSING: "县住房和城乡建设局", Category.FINANCE: "县乡村振兴局",
         Category.OTHER: "县乡村振兴局"}
PEOPLE = ("李志强", "黄伟明", "陈建新", "张海燕", "钟国华", "曾小红", "古剑锋", "刘文辉")
TARGETS = [("验收合格率", "100%"), ("项目完成及时率", "≥95%"), ("受益脱贫（监测）人口数", "{p}人"),
           ("受益群众满意度", "≥90%")]


def status_for(year: int, rng: random.Random, today: dt.date) -> str:
    """Older years are evaluated; last year's are finishing (a few still being built, late);
    this year's are early in the lifecycle, some planned with money not yet spent."""
    age = today.year - year
    if age >= 3:
        return rng.choice([Status.EVALUATED] * 5 + [Status.HANDED_OVER])
    if age == 2:
        return rng.choice([Status.EVALUATED, Status.HANDED_OVER, Status.HANDED_OVER,
                           Status.COMPLETED])
    if age == 1:
        return rng.choice([Status.COMPLETED] * 4 + [Status.HANDED_OVER] * 3
                          + [Status.ACCEPTED, Status.IMPLEMENTING])
    return rng.choice([Status.DRAFT, Status.APPLIED, Status.REVIEWED, Status.APPROVED,
                       Status.IN_LIBRARY, Status.PLANNED, Status.PLANNED])


def _pick(rng: random.Random) -> tuple[str, tuple[str, str, tuple[int, int]]]:
    cats = list(KINDS)
    cat = rng.choices(cats, weights=[KINDS[c][0] for c in cats])[0]
    return cat, rng.choice(KINDS[cat][1])


def _project(rng: random.Random, year: int, village: Region, user: User,
             today: dt.date) -> tuple[Project, int]:
    cat, (name, tasks, (lo, hi)) = _pick(rng)
    start = dt.date(year, rng.randint(3, 6), rng.randint(1, 28)) if year < today.year \
        else today + dt.timedelta(days=rng.randint(30, 120))     # this year's start next spring
    end = start + dt.timedelta(days=rng.randint(120, 270))
    status = status_for(year, rng, today)
    project = Project(
        name=name.format(v=village_name(village)), category=cat, region=village,
        nature=rng.choice(["new", "new", "rebuild", "extend"]),
        responsible_unit=UNITS[cat], responsible_person=rng.choice(PEOPLE),
        tasks=tasks.format(n=rng.randint(2, 60) * 10), start_on=start, end_on=end,
        plan_year=year,
        linkage=rng.choice(["优先吸纳脱贫户和监测户务工，按月结算劳务报酬",
                            "资产收益的60%用于脱贫户和监测户分红、公益岗位及奖补",
                            "订单收购脱贫户农产品，保底价收购并二次返利"]),
        status=status, created_by=user, submitted_by=user,
        notice_from=start - dt.timedelta(days=15), started_on=start)
    if status in {Status.ACCEPTED, Status.COMPLETED, Status.HANDED_OVER, Status.EVALUATED}:
        project.accepted_on = min(end + dt.timedelta(days=20), today)
    if status == Status.DRAFT:
        project.submitted_by = None
    if status not in FUNDABLE | {Status.EVALUATED}:   # not in a plan yet
        project.plan_year = None
    if status not in PUBLIC:
        project.started_on = project.notice_from = None
    return project, rng.randint(lo, hi) * 10000


def _history(p: Project, user: User) -> list[ProjectEvent]:
    out = [ProjectEvent(project=p, action="create", label="录入", from_status="",
                        to_status=Status.DRAFT, actor=user)]
    for edge in PATH if p.status != Status.DRAFT else ():
        out.append(ProjectEvent(project=p, action=edge.action, label=edge.label,
                                from_status=edge.source, to_status=edge.target, actor=user))
        if edge.target == p.status:
            break
    return out


def _children(p: Project, total: int, rng: random.Random) -> tuple[list[BudgetLine], list[Target]]:
    central = int(total * rng.choice([0.6, 0.7, 0.8, 1.0]))
    parts = {"central": central}
    if total - central:
        parts[rng.choice(["province", "county", "east_west", "integrated"])] = total - central
    done = p.status == Status.EVALUATED
    poor = max(3, rng.randint(20, 300) // rng.randint(4, 10))   # the target, not a count
    lines = [BudgetLine(project=p, source=s, amount=a) for s, a in parts.items()]
    targets = [Target(project=p, indicator=i, target_value=v.format(p=poor),
                      actual_value=(v.format(p=poor).lstrip("≥")
                                    if done else ""))
               for i, v in TARGETS]
    return lines, targets


@transaction.atomic
def build(seed: int = 441424, today: dt.date | None = None) -> dict[str, int]:
    from django.utils import timezone

    today = today or timezone.localdate()
    county = Region.objects.filter(code=COUNTY).first()
    user = User.objects.filter(username="xian").first() or User.objects.filter(
        is_superuser=True).first()
    if county is None or user is None or \
            Project.objects.filter(prefix_q("region_id", county.prefix)).exists():
        return {}
    rng = random.Random(seed)
    villages = list(Region.objects.filter(prefix_q("code", county.prefix), level=5)
                    .order_by("code"))
    projects: list[tuple[Project, int]] = []
    sizes = [(y, PER_YEAR) for y in range(today.year - YEARS, today.year)]
    for year, size in sizes + [(today.year, NEXT_YEAR)]:
        chosen = [villages[0]] + rng.sample(villages, min(size - 1, len(villages)))
        projects += [_project(rng, year, v, user, today) for v in chosen]
    Project.objects.bulk_create([p for p, _ in projects])
    lines, targets, events = [], [], []
    for p, total in projects:
        b, t = _children(p, total, rng)
        lines += b
        targets += t
        events += _history(p, user)
    BudgetLine.objects.bulk_create(lines)
    Target.objects.bulk_create(targets)
    ProjectEvent.objects.bulk_create(events)
    counts = build_money(county, [p for p, _ in projects], user, rng, today)
    return {"projects": len(projects), **counts}


def setup(out: Any) -> None:
    counts = build()
    if counts:
        out.write(f"项目库：{counts['projects']} 个项目，{counts['batches']} 批资金，"
                  f"{counts['payments']} 笔支付，{counts['assets']} 项资产")
