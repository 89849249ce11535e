"""Reads of the asset ledger (资产台账), scoped to the user's area."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from jianpin.projects.codes import AssetKind, AssetStatus, Ownership, labels
from jianpin.projects.models import Asset, AssetIncome
from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope

CENT = Decimal("0.01")
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def assets_for_user(user: Any) -> QuerySet[Asset]:
    return scope(user, Asset.objects.select_related("region", "project"), "region_id")


def get_asset_for_user(user: Any, pk: Any) -> Asset:
    return get_or_404(assets_for_user(user), pk)


def ledger(user: Any, area: Region, *, kind: str = "", status: str = "") -> QuerySet[Asset]:
    qs = assets_for_user(user).filter(prefix_q("region_id", area.prefix))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("region_id", "id")


@dataclass(frozen=True)
class LedgerLine:
    """One row of the summary: an area (or the whole) by asset kind."""

    name: str
    counts: dict[str, int]
    values: dict[str, Decimal]

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    @property
    def value(self) -> Decimal:
        return sum(self.values.values(), Decimal(0))

    def cells(self) -> list[tuple[int, Decimal]]:
        return [(self.counts.get(k, 0), self.values.get(k, Decimal(0))) for k in AssetKind.values]


def summary(qs: QuerySet[Asset], area: Region) -> list[LedgerLine]:
    """Count and original value by kind for each child area of `area`, then the total."""
    children = list(Region.objects.filter(parent=area).order_by("code"))
    lines: dict[str, LedgerLine] = {r.code: LedgerLine(r.name, {}, {}) for r in children}
    total = LedgerLine(area.name, {}, {})
    for code, kind, n, value in qs.order_by().values_list("region_id", "kind") \
            .annotate(n=Count("id"), v=Sum("value")):
        child = next((r.code for r in children if code.startswith(r.prefix)), None)
        for line in ([lines[child]] if child else []) + [total]:
            line.counts[kind] = line.counts.get(kind, 0) + n
            line.values[kind] = line.values.get(kind, Decimal(0)) + Decimal(value).quantize(CENT)
    return [line for line in lines.values() if line.count] + [total]


def labelled(rows: list[Asset]) -> list[Asset]:
    """Set the kind, ownership and status labels on one page of assets (translated once)."""
    kinds, owners, states = labels(AssetKind.choices), labels(Ownership.choices), \
        labels(AssetStatus.choices)
    for a in rows:
        a.kind_label = kinds.get(a.kind, a.kind)  # type: ignore[attr-defined]
        a.ownership_label = owners.get(a.ownership, a.ownership)  # type: ignore[attr-defined]
        a.status_label = states.get(a.status, a.status)  # type: ignore[attr-defined]
    return rows


def incomes(asset: Asset) -> list[AssetIncome]:
    return list(asset.incomes.annotate(distributed=Coalesce(Sum("shares__amount"), ZERO),
                                       households=Count("shares")))
