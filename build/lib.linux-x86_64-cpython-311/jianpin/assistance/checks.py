"""Consistency checks of assistance (帮扶) that provinces run, stored as screening warnings.

A risk type with no matching measure; a household with labour ability supported only by 兜底;
a whole household without labour not on 兜底; a monitored household with no helper; no visit
in the last N days. Each hit becomes (or refreshes) a Warning in the screening inbox, with
category 数据质量 and an explanation of what was found.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.assistance.codes import ANSWERS, MeasureCategory
from jianpin.assistance.models import Measure, Pairing, Visit
from jianpin.audit.actions import record
from jianpin.jobs.runner import enqueue
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry import codes
from jianpin.registry.models import Household, Member
from jianpin.registry.monitoring import monitored_now, monitored_q
from jianpin.screening.models import Warning
from jianpin.workflows import settings as wf_settings

if TYPE_CHECKING:
    from jianpin.jobs.models import Job
    from jianpin.regions.scoping import Actor

JOB_KIND = "assistance.checks"  # the background job of `do_start_checks` (assistance/jobs.py)
CATEGORY = "data_quality"
RULE_SET = ""  # the checks' warnings belong to no screening rule set
CHECKS: dict[str, tuple[str, str, str]] = {  # code: (name, flag, severity)
    "ASSIST-RISK-NO-MEASURE": (gettext_noop("风险类型无对应帮扶措施"), "措施与风险不匹配", "高"),
    "ASSIST-LABOUR-ONLY-SAFETYNET": (gettext_noop("有劳动能力户仅靠兜底"), "仅兜底帮扶", "中"),
    "ASSIST-NO-LABOUR-NO-SAFETYNET": (gettext_noop("无劳动能力户未纳入兜底"), "应兜底未兜底", "高"),
    "ASSIST-NO-HELPER": (gettext_noop("监测对象未落实帮扶责任人"), "无帮扶责任人", "高"),
    "ASSIST-NO-VISIT": (gettext_noop("长期未走访"), "走访不及时", "中"),
}
# What each check's explanation gives, in this order: the pages show it so on every engine
# (`screening.display.rule_orders`; PostgreSQL's jsonb keeps no key order).
EXPLAINED: dict[str, tuple[str, ...]] = {
    "ASSIST-RISK-NO-MEASURE": ("风险类型", "应有措施"),
    "ASSIST-LABOUR-ONLY-SAFETYNET": ("有劳动能力人数", "措施"),
    "ASSIST-NO-LABOUR-NO-SAFETYNET": ("家庭人口", "劳动能力"),
    "ASSIST-NO-HELPER": ("监测对象类型",),
    "ASSIST-NO-VISIT": ("最近走访", "走访间隔上限天数"),
}
NO_LABOUR = (codes.LabourAbility.LOST, codes.LabourAbility.NONE)


@dataclass(frozen=True)
class Hit:
    household_id: int
    village_code: str
    code: str
    explanation: dict[str, Any] = field(default_factory=dict)


def targets(prefix: str) -> QuerySet[Household]:
    """Households assistance applies to: monitoring objects now (registry.monitoring: not one
    whose risk is eliminated) and registered poor households."""
    return Household.objects.filter(prefix_q("village_id", prefix)).filter(
        monitored_q() | Q(status=codes.HouseholdStatus.POOR))


CHUNK = 900  # ids per IN list (SQLite's default limit on query parameters is 999)


def find(prefix: str, on: dt.date) -> list[Hit]:
    """Every check over the area's target households, one query per table per 900 households."""
    households = list(targets(prefix).order_by().values(
        "id", "village_id", "monitoring_kind", "risk_eliminated", "status", "attribute",
        "risk_types"))
    labour: dict[int, list[str]] = defaultdict(list)
    welfare: set[int] = set()
    measures: dict[int, set[str]] = defaultdict(set)
    helped: set[int] = set()
    last_visit: dict[int, dt.date] = {}
    for start in range(0, len(households), CHUNK):
        ids = [h["id"] for h in households[start:start + CHUNK]]
        for m in Member.objects.filter(household_id__in=ids, deceased_on__isnull=True) \
                .order_by().values_list("household_id", "labour_ability", "dibao", "tekun"):
            labour[m[0]].append(m[1])
            if m[2] or m[3]:
                welfare.add(m[0])
        for hh_id, category in Measure.objects.filter(plan__household_id__in=ids).order_by() \
                .values_list("plan__household_id", "category"):
            measures[hh_id].add(category)
        helped.update(Pairing.objects.filter(household_id__in=ids, until__isnull=True,
                                             helper__active=True).order_by()
                      .values_list("household_id", flat=True))
        last_visit.update(Visit.objects.filter(household_id__in=ids).order_by()
                          .values("household_id").annotate(last=Max("visited_on"))
                          .values_list("household_id", "last"))
    interval = int(wf_settings.value("visit_interval_days", prefix, on.year))
    hits: list[Hit] = []
    for hh in households:
        hits += _check_household(hh, labour[hh["id"]], measures[hh["id"]], hh["id"] in helped,
                                 hh["id"] in welfare, last_visit.get(hh["id"]), on, interval)
    return hits


def _check_household(hh: Mapping[str, Any], labour: list[str], measures: set[str], helped: bool,
                     welfare: bool, last: dt.date | None, on: dt.date,
                     interval: int) -> list[Hit]:
    out: list[Hit] = []

    def hit(code: str, *values: Any) -> None:
        out.append(Hit(hh["id"], hh["village_id"], code, dict(zip(EXPLAINED[code], values,
                                                                  strict=True))))

    monitored = monitored_now(hh["monitoring_kind"], hh["risk_eliminated"])
    # An eliminated household's risk types are history: no measure is owed for them.
    risks = [] if hh["risk_eliminated"] else hh["risk_types"] or []
    missing = [r for r in risks if not measures & ANSWERS.get(r, frozenset())]
    if missing:  # one warning per household and check, naming every unanswered risk
        hit("ASSIST-RISK-NO-MEASURE", "、".join(missing),
            "；".join("、".join(sorted(ANSWERS.get(r, frozenset()))) for r in missing))
    safety = MeasureCategory.SAFETY_NET
    with_labour = [a for a in labour if a in codes.WITH_LABOUR]
    if with_labour and measures == {safety}:
        hit("ASSIST-LABOUR-ONLY-SAFETYNET", len(with_labour), "仅兜底")
    if labour and all(a in NO_LABOUR for a in labour) and safety not in measures \
            and not welfare and hh["attribute"] == codes.Attribute.GENERAL:
        hit("ASSIST-NO-LABOUR-NO-SAFETYNET", len(labour), "全户无劳动能力")
    if monitored and not helped:
        hit("ASSIST-NO-HELPER", hh["monitoring_kind"])
    if last is None or (on - last).days > interval:
        hit("ASSIST-NO-VISIT", last.isoformat() if last else "从未走访", interval)
    return out


@transaction.atomic
def do_run_checks(actor: Actor | None, region: Region, on: dt.date | None = None) -> dict[str, int]:
    """Run every check over the region; upsert warnings, retire ones no longer hit.

    `actor` is the job's owner; a job without one (None) is refused by check_can."""
    check_can(actor, Cap.WRITE_ASSISTANCE, region.code)
    on = on or timezone.localdate()
    now = timezone.now()
    hits = find(region.prefix, on)
    existing = {(w.household_id, w.rule_code): w for w in Warning.objects.filter(
        prefix_q("village_code", region.prefix), year=on.year, rule_set=RULE_SET,
        rule_code__in=list(CHECKS))}
    fresh, changed, seen = [], [], []
    for h in hits:
        name, flag, severity = CHECKS[h.code]
        found = existing.pop((h.household_id, h.code), None)
        if found is None:
            fresh.append(Warning(household_id=h.household_id, village_code=h.village_code,
                                 year=on.year, rule_set=RULE_SET, rule_code=h.code,
                                 rule_name=name,
                                 category=CATEGORY, flag=flag, severity=severity,
                                 explanation=h.explanation, last_seen=now))
        elif found.explanation != h.explanation or not found.active:
            found.explanation, found.last_seen, found.active = h.explanation, now, True
            changed.append(found)
        else:
            seen.append(found.pk)
    Warning.objects.bulk_create(fresh, batch_size=1000)
    Warning.objects.bulk_update(changed, ["explanation", "last_seen", "active"], batch_size=500)
    gone = [w.pk for w in existing.values() if w.active]
    for start in range(0, max(len(seen), len(gone)), CHUNK):
        Warning.objects.filter(pk__in=seen[start:start + CHUNK]).update(last_seen=now)
        Warning.objects.filter(pk__in=gone[start:start + CHUNK]).update(active=False)
    summary = {"hits": len(hits), "new": len(fresh), "updated": len(changed) + len(seen),
               "retired": len(gone)}
    record(actor, "assistance.checks.run", None, object_type="regions.region",
           object_id=region.code, region_code=region.code, diff=summary)
    return summary


def do_start_checks(actor: Actor, region: Region) -> Job:
    """Queue the checks over the region as a background job (large areas take a while)."""
    check_can(actor, Cap.WRITE_ASSISTANCE, region.code)
    with transaction.atomic():
        job = enqueue(JOB_KIND, {"region": region.code}, owner=actor)
        record(actor, "assistance.checks.start", job, region_code=region.code)
    return job


def hits_by_code(hits: list[Hit]) -> dict[str, int]:
    counts = {code: 0 for code in CHECKS}
    for h in hits:
        counts[h.code] += 1
    return counts
