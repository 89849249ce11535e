"""Reads of the funds, scoped to the user's area."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from jianpin.projects.funds import rate
from jianpin.projects.machine import FUNDABLE
from jianpin.projects.models import Allocation, Disbursement, FundBatch, Project
from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def area_for_user(user: Any, code: str) -> Region | None:
    """The region `code` if it lies in the user's area; else the user's own region."""
    regions = scope(user, Region.objects.all(), "code")
    return regions.filter(code=code).first() if code else \
        regions.filter(code=getattr(user, "region_id", None)).first()


def batches(user: Any, area: Region) -> QuerySet[FundBatch]:
    return scope(user, FundBatch.objects.filter(prefix_q("region_id", area.prefix)), "region_id") \
        .select_related("region").annotate(used=Coalesce(Sum("allocations__amount"), ZERO))


def get_batch_for_user(user: Any, pk: Any) -> FundBatch:
    return get_or_404(scope(user, FundBatch.objects.select_related("region"), "region_id"), pk)


def get_allocation_for_user(user: Any, pk: Any) -> Allocation:
    qs = Allocation.objects.select_related("project", "batch")
    return get_or_404(scope(user, qs, "project__region_id"), pk)


def get_disbursement_for_user(user: Any, pk: Any) -> Disbursement:
    qs = Disbursement.objects.select_related("allocation__project")
    return get_or_404(scope(user, qs, "allocation__project__region_id"), pk)


def fundable_projects(user: Any, batch: FundBatch) -> QuerySet[Project]:
    qs = Project.objects.filter(prefix_q("region_id", batch.region.prefix), status__in=FUNDABLE)
    return scope(user, qs, "region_id").select_related("region").order_by("region_id", "id")


@dataclass(frozen=True)
class ProjectFunds:
    allocations: list[Any]            # Allocation annotated with `paid`
    payments: list[Disbursement]
    allocated: Decimal
    disbursed: Decimal

    @property
    def rate(self) -> Decimal | None:
        return rate(self.allocated, self.disbursed)


def project_funds(project: Project) -> ProjectFunds:
    allocations = list(project.allocations.select_related("batch")
                       .annotate(paid=Coalesce(Sum("disbursements__amount"), ZERO)))
    payments = list(Disbursement.objects.filter(allocation__project=project)
                    .select_related("allocation__batch"))
    return ProjectFunds(allocations, payments,
                        sum((a.amount for a in allocations), Decimal(0)),
                        sum((p.amount for p in payments), Decimal(0)))
