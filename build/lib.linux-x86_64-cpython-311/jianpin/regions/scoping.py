"""Area scoping: the one place that limits what a user may see to their region subtree.

Every queryset shown to a user is filtered here. Subtree membership is a range over the
code column (`prefix <= code < next_prefix`), which uses a plain B-tree index on SQLite,
PostgreSQL, DuckDB and Spark alike.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from jianpin.regions.models import Region, next_prefix

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jianpin.accounts.models import User

    Actor = User | AnonymousUser   # request.user: the anonymous get no area

M = TypeVar("M", bound=Model)


def prefix_q(field: str, prefix: str) -> Q:
    """Q matching rows whose `field` (a code column) lies in the subtree of `prefix`."""
    if not prefix:
        return Q()
    upper = next_prefix(prefix)
    q = Q(**{f"{field}__gte": prefix})
    if upper is not None:
        q &= Q(**{f"{field}__lt": upper})
    return q


def user_prefix(user: Actor) -> str | None:
    """The user's subtree prefix: '' for the whole country, None for no access."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.region_id is None:
        return "" if user.is_national else None
    region = user.region
    return region.prefix if region is not None else None


def scope(user: Actor, qs: QuerySet[M], field: str) -> QuerySet[M]:
    """Limit qs to rows whose code column `field` lies in the user's area."""
    prefix = user_prefix(user)
    if prefix is None:
        return qs.none()
    return qs.filter(prefix_q(field, prefix))


def get_or_404(qs: QuerySet[M], pk: object, message: str = "未找到") -> M:
    """Row `pk` of a queryset already scoped to the user: 404 alike for absent and not-yours.

    One answer for both keeps the existence of rows outside the user's area secret.
    """
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404(message)
    return found


def area_q(user: Actor, field: str) -> Q:
    """Q for rows whose code column `field` lies in the user's area; matches nothing without one.

    For conditions inside a query (an aggregate's filter, a join) where `scope` cannot apply.
    """
    prefix = user_prefix(user)
    return Q(pk__in=[]) if prefix is None else prefix_q(field, prefix)


def in_area(user: Actor, code: str | None) -> bool:
    prefix = user_prefix(user)
    return prefix is not None and code is not None and code.startswith(prefix)


def regions_for_user(user: Actor) -> QuerySet[Region]:
    return scope(user, Region.objects.all(), "code")


def children_of(region: Region | None) -> QuerySet[Region]:
    if region is None:
        return Region.objects.filter(level=1)
    return Region.objects.filter(parent=region)
