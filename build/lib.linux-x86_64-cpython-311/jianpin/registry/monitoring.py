"""Is a household currently a monitoring object (监测对象)? One definition for every app.

A household is monitored when it has a monitoring kind and its risk is not marked eliminated
(风险是否已消除 = 是). The national monitoring system keeps the kind of a household whose risk
is eliminated ("标注风险消除，但基础信息仍然要保留在系统中") and no longer monitors or helps it
as a monitoring object; jianpin's own elimination workflow clears the kind. Both read as not
monitored and as risk eliminated, everywhere: the screening features (`is_monitored`,
`risk_eliminated`), the indicators, the registry list and home counts, the workflows, the
assistance checks and the projects' beneficiary counts (docs/indicators.md).

The same definition in three forms, kept side by side and tested to agree
(registry/tests/test_monitoring.py): a predicate on a household, a Q for the ORM (with a path
for joins) and an SQL expression for the feature queries of every engine.
"""
from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy, gettext_noop

from jianpin.registry.codes import MonitoringKind

ELIMINATED = "eliminated"          # the list's filter value for 风险已消除
ANY = "any"                        # the list's filter value for every current monitoring object
ELIMINATED_LABEL = gettext_noop("风险已消除")

M = TypeVar("M", bound=Model)


class HasMonitoring(Protocol):
    monitoring_kind: str
    risk_eliminated: bool | None


def is_eliminated(hh: HasMonitoring) -> bool:
    return bool(hh.risk_eliminated)


def monitored_now(kind: str, eliminated: bool | None) -> bool:
    """The definition itself, on a household's 监测对象类型 and 风险是否已消除 values."""
    return bool(kind) and not eliminated


def is_monitored(hh: HasMonitoring) -> bool:
    return monitored_now(hh.monitoring_kind, hh.risk_eliminated)


def current_kind(hh: HasMonitoring) -> str:
    """The monitoring kind while monitored, '' otherwise (the feature `monitoring_kind`)."""
    return hh.monitoring_kind if is_monitored(hh) else ""


def _field(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def eliminated_q(path: str = "") -> Q:
    """Households (reached through `path`, e.g. "household") whose risk is marked eliminated."""
    return Q(**{_field(path, "risk_eliminated"): True})


def monitored_q(path: str = "") -> Q:
    """Households (reached through `path`) that are monitored now; NULL 风险是否已消除 is 否."""
    return (~Q(**{_field(path, "monitoring_kind"): ""})
            & (Q(**{_field(path, "risk_eliminated") + "__isnull": True})
               | Q(**{_field(path, "risk_eliminated"): False})))


def sql_eliminated(alias: str = "h") -> str:
    """The same as eliminated_q for a registry_household row under `alias` (all engines)."""
    return f"COALESCE({alias}.risk_eliminated, FALSE)"


def sql_monitored(alias: str = "h") -> str:
    return f"({alias}.monitoring_kind <> '' AND NOT {sql_eliminated(alias)})"


def filter_kind(qs: QuerySet[M], value: str, path: str = "") -> QuerySet[M]:
    """The registry list's and export's 监测对象 filter: `any` (every current monitoring
    object), a kind (current monitoring objects of that kind), `eliminated` (risk eliminated,
    whatever kind the household keeps); anything else filters nothing."""
    if value == ANY:
        return qs.filter(monitored_q(path))
    if value == ELIMINATED:
        return qs.filter(eliminated_q(path))
    if value and value in MonitoringKind.values:
        return qs.filter(monitored_q(path), **{_field(path, "monitoring_kind"): value})
    return qs


def kind_choices() -> list[tuple[str, Any]]:
    """The filter's options after 全部: every monitoring object, each kind, risk eliminated."""
    return [(ANY, gettext_lazy("全部监测对象")), *MonitoringKind.choices[1:],
            (ELIMINATED, gettext_lazy("风险已消除"))]
