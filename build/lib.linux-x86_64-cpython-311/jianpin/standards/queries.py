"""Reads of the standards table, scoped to the user's area."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, scope, user_prefix
from jianpin.standards.models import ReferenceFigure, Standard

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor


def standards_for_user(user: Actor) -> QuerySet[Standard]:
    """Rows the user may see: their subtree plus the rows inherited from above."""
    prefix = user_prefix(user)
    if prefix is None:
        return Standard.objects.none()
    above = [prefix[:i] for i in (0, 2, 4, 6, 9) if i < len(prefix)]
    own = scope(user, Standard.objects.all(), "region_code")
    return (own | Standard.objects.filter(Q(region_prefix__in=above)
                                          & ~Q(region_prefix=prefix))).distinct()


def references_for_user(user: Actor) -> QuerySet[ReferenceFigure]:
    """Reference figures of the user's subtree and of the regions above it."""
    prefix = user_prefix(user)
    if prefix is None:
        return ReferenceFigure.objects.none()
    above = [prefix[:i] for i in (0, 2, 4, 6, 9) if i < len(prefix)]
    own = scope(user, ReferenceFigure.objects.all(), "region_code")
    return (own | ReferenceFigure.objects.filter(region_prefix__in=above)).distinct()


def get_reference_for_user(user: Actor, pk: int) -> ReferenceFigure:
    return get_or_404(scope(user, ReferenceFigure.objects.all(), "region_code"), pk)


def editable_reference_ids(user: Actor) -> set[int]:
    return set(scope(user, ReferenceFigure.objects.all(), "region_code")
               .values_list("pk", flat=True))


def get_standard_for_user(user: Actor, pk: int) -> Standard:
    """A row inside the user's own subtree (editable by them), else 404."""
    return get_or_404(scope(user, Standard.objects.all(), "region_code"), pk)


def editable_ids(user: Actor) -> set[int]:
    return set(scope(user, Standard.objects.all(), "region_code").values_list("pk", flat=True))


def label_regions(rows: list[Any]) -> list[Any]:
    """Attach `region_label` (全国 or the region's name) to each row for display."""
    names = dict(Region.objects.filter(code__in={r.region_code for r in rows})
                 .values_list("code", "name"))
    for row in rows:
        row.region_label = _("全国") if not row.region_prefix else names.get(
            row.region_code, row.region_code)
    return rows
