"""Poverty incidence of an area (贫困发生率 = poor population / rural registered population)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q

from jianpin.regions.models import Level, Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry import codes
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.villages.exit import exit_items
from jianpin.workflows import settings as wf_settings

HUNDRED = Decimal("100")


def population(region: Region) -> tuple[int, int]:
    """(rural registered population, poor population) of the region subtree, living members."""
    members = Member.objects.filter(prefix_q("household__village_id", region.prefix),
                                    deceased_on__isnull=True)
    counts = members.aggregate(
        total=Count("id"),
        poor=Count("id", filter=Q(household__status=codes.HouseholdStatus.POOR)))
    return counts["total"], counts["poor"]


def rate(poor: int, total: int) -> Decimal:
    if total == 0:
        return Decimal("0.00")
    return (Decimal(poor) * HUNDRED / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def addons(region: Region, year: int) -> list[dict[str, Any]]:
    """Local add-on indicators configured for the region, and for a village the items of its
    yearly record (`jianpin.villages.exit`); each with target, value and result."""
    out: list[dict[str, Any]] = []
    incomes = IncomeRecord.objects.filter(prefix_q("household__village_id", region.prefix),
                                          year=year)
    village_min = wf_settings.value("exit_village_income_min", region.code, year)
    if village_min is not None:
        avg = incomes.aggregate(v=Avg("per_capita_net"))["v"] or Decimal("0")
        avg = Decimal(avg).quantize(Decimal("0.01"))
        out.append({"code": "village_income", "label": "农民人均纯收入", "target": _yuan(village_min),
                    "value": str(avg), "passed": avg >= Decimal(village_min)})
    labour_min = wf_settings.value("exit_labour_income_min", region.code, year)
    if labour_min is not None:
        with_labour = Household.objects.filter(
            prefix_q("village_id", region.prefix), status=codes.HouseholdStatus.EXITED,
            members__labour_ability__in=codes.WITH_LABOUR).distinct()
        low = incomes.filter(household__in=with_labour,
                             per_capita_net__lt=Decimal(labour_min)).count()
        out.append({"code": "labour_income", "label": "有劳动力脱贫户人均纯收入达标",
                    "target": _yuan(labour_min), "value": f"{low}户未达标", "passed": low == 0})
    if region.level == Level.VILLAGE:
        out += exit_items(region.code, year)
    return out


def _yuan(value: Any) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def refresh(assessment: Any) -> None:
    """Recompute an assessment's figures in place and save them."""
    region = Region.objects.get(pk=assessment.region_id)
    total, poor = population(region)
    assessment.rural_population, assessment.poor_population = total, poor
    assessment.incidence = rate(poor, total)
    assessment.threshold = wf_settings.exit_threshold(region.code, assessment.year)
    assessment.addons = addons(region, assessment.year)
    assessment.passed = (assessment.incidence < assessment.threshold
                         and all(a["passed"] for a in assessment.addons))
    if assessment.pk:
        assessment.save(update_fields=["rural_population", "poor_population", "incidence",
                                       "threshold", "addons", "passed", "computed_at"])
