"""The warnings inbox as a table: filters, sorting and pages over the user's scoped warnings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import QueryDict

from jianpin.regions.models import Region
from jianpin.rules.ruleset import CATEGORIES, SEVERITIES
from jianpin.screening.models import Warning, WarningState
from jianpin.screening.queries import OPEN_STATES, warnings_for_user

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

PAGE_SIZES = (50, 100, 200)
# Sort key in the URL → ORDER BY columns (ties broken by household and rule, so pages are stable).
SORTS: dict[str, tuple[str, ...]] = {
    "severity": ("severity_rank", "village_code", "household__number", "rule_code"),
    "village": ("village_code", "household__number", "rule_code"),
    "household": ("household__number", "rule_code"),
    "rule": ("rule_code", "village_code", "household__number"),
    "year": ("year", "village_code", "household__number", "rule_code"),
    "state": ("state", "village_code", "household__number", "rule_code"),
    "seen": ("first_seen", "id"),
}
DEFAULT_SORT = "-severity"  # most severe first


@dataclass(frozen=True)
class Filters:
    state: str = "open"
    category: str = ""
    village: str = ""
    rule: str = ""
    severity: str = ""
    number: str = ""
    sort: str = "severity"
    descending: bool = True
    per_page: int = PAGE_SIZES[0]

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        """Read the GET parameters; unknown values fall back to no filter, never an error."""
        sort = query.get("sort", "")
        if sort.lstrip("-") not in SORTS:
            sort = DEFAULT_SORT
        descending = sort.startswith("-")
        sort = sort.lstrip("-")
        village = query.get("village", "").strip()
        per = query.get("per", "")
        state = query.get("state", "open")
        return cls(
            state=state if state in ("open", "all", *WarningState.values) else "open",
            category=query.get("category", "") if query.get("category") in CATEGORIES else "",
            village=village if village.isdigit() and len(village) == 12 else "",
            rule=query.get("rule", "").strip()[:40],
            severity=query.get("severity", "") if query.get("severity") in SEVERITIES else "",
            number=query.get("q", "").strip()[:40],
            sort=sort,
            descending=descending,
            per_page=int(per) if per.isdigit() and int(per) in PAGE_SIZES else PAGE_SIZES[0],
        )


def _severity_rank() -> Case:
    """低 0, 中 1, 高 2: sorting down the ranks puts the most severe first."""
    top = len(SEVERITIES) - 1
    return Case(*(When(severity=s, then=Value(top - i)) for i, s in enumerate(SEVERITIES)),
                default=Value(-1), output_field=IntegerField())


def filtered(user: Actor, f: Filters) -> QuerySet[Warning]:
    """The user's warnings matching the filters, in the chosen order."""
    qs = warnings_for_user(user)
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state != "all":
        qs = qs.filter(state=f.state)
    for field, value in (("category", f.category), ("village_code", f.village),
                         ("rule_code", f.rule), ("severity", f.severity)):
        if value:
            qs = qs.filter(**{field: value})
    if f.number:
        qs = qs.filter(household__number__startswith=f.number)
    order = SORTS[f.sort]
    if f.descending:
        order = tuple(c if c in ("id",) else f"-{c}" for c in order)
    return qs.annotate(severity_rank=_severity_rank()).order_by(*order)


def village_choices(user: Actor) -> list[tuple[str, str]]:
    """Villages of the user's area that have warnings: (code, name)."""
    codes = set(warnings_for_user(user).order_by().values_list("village_code", flat=True).distinct())
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda pair: pair[0])


def rule_choices(user: Actor) -> list[tuple[str, str]]:
    """Rules that raised warnings in the user's area: (code, name)."""
    pairs = warnings_for_user(user).order_by().values_list("rule_code", "rule_name").distinct()
    return sorted(dict(pairs).items())
