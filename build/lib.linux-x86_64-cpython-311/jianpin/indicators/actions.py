"""Writes of the indicators app: refresh the snapshot of an area and year."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jianpin.audit.actions import record
from jianpin.indicators.compute import check_part, compute
from jianpin.indicators.funds import check_fund_part, compute_funds
from jianpin.indicators.models import Indicator, IndicatorValue, Subject
from jianpin.indicators.targets import record_progress
from jianpin.indicators.villages import check_village_part, compute_villages
from jianpin.jobs.models import Job
from jianpin.jobs.runner import enqueue
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.rules.errors import RuleError
from jianpin.screening.features import area_bounds
from jianpin.standards.income import NET_FEATURES, concept_label, concepts_of
from jianpin.standards.models import IncomeConcept

JOB_KIND = "indicators.refresh"


def check_indicator(ind: Indicator) -> None:
    """Raise RuleError when a part of the indicator is not valid."""
    if ind.subject == Subject.FUNDS:
        check_fund_part(ind.numerator_agg, ind.numerator_feature, ind.numerator_filter)
        if ind.denominator_agg:
            check_fund_part(ind.denominator_agg, ind.denominator_feature,
                            ind.denominator_filter)
        return
    if ind.subject == Subject.VILLAGE:
        check_village_part(ind.numerator_agg, ind.numerator_feature, ind.numerator_filter)
        if ind.denominator_agg:
            check_village_part(ind.denominator_agg, ind.denominator_feature,
                               ind.denominator_filter)
        return
    check_part(ind.numerator_agg, ind.numerator_feature, ind.numerator_filter)
    if ind.denominator_agg:
        check_part(ind.denominator_agg, ind.denominator_feature, ind.denominator_filter)
    check_concept(ind)


def check_concept(ind: Indicator) -> None:
    """An indicator that reads an income names the concept it measures, one it reads."""
    read: set[str] = set()
    for feature, condition in ((ind.numerator_feature, ind.numerator_filter),
                               (ind.denominator_feature, ind.denominator_filter)):
        read |= concepts_of(condition)
        if feature in NET_FEATURES:
            read.add(IncomeConcept.NET)
    if read and ind.income_concept not in read:
        raise RuleError(f"指标“{ind.name}”读取{'、'.join(concept_label(c) for c in sorted(read))}，"
                        "须注明所用收入口径")
    if not read and ind.income_concept:
        raise RuleError(f"指标“{ind.name}”不读取收入，不应注明收入口径")


def do_refresh(actor: Any, year: int, area_code: str | None = None,
               engine: str | None = None) -> int:
    """Recompute every active indicator of `year` for the area (all areas when None) and
    replace that area's snapshot rows in one transaction; return the number of rows."""
    indicators = list(Indicator.objects.filter(active=True))
    for ind in indicators:
        check_indicator(ind)
    now = timezone.now()
    with transaction.atomic():
        households = [i for i in indicators if i.subject == Subject.HOUSEHOLD]
        computed, regions = compute(year, area_code, households,
                                    engine or settings.INDICATORS_ENGINE)
        area = Region.objects.filter(code=area_code).first() if area_code else None
        computed += compute_villages(year, area_code,
                                     [i for i in indicators if i.subject == Subject.VILLAGE],
                                     area.level if area else 1)
        computed += compute_funds(year, area_code,
                                  [i for i in indicators if i.subject == Subject.FUNDS],
                                  area.level if area else 1)
        low, _ = area_bounds(area_code)
        IndicatorValue.objects.filter(prefix_q("region_id", low), year=year).delete()
        IndicatorValue.objects.bulk_create(
            [IndicatorValue(indicator_id=c.indicator_id, region_id=c.region_code, year=year,
                            numerator=c.numerator, denominator=c.denominator, value=c.value,
                            computed_at=now) for c in computed], batch_size=2000)
        record_progress(year, low, now)
        record(actor, "indicators.refresh", region_code=area_code or "",
               diff={"year": year, "regions": len(regions), "values": len(computed)})
    return len(computed)


def enqueue_refresh(actor: Any, year: int, area_code: str | None = None) -> Job:
    return enqueue(JOB_KIND, {"year": year, "area": area_code or ""}, actor)
