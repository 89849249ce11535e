"""Thresholds and day counts for workflows, read in one place.

Values come from the standards table (per year and region, inherited from parent regions) when
that app provides them; until then these defaults apply. Switching source changes only `value`.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

DEFAULTS: dict[str, Any] = {
    "notice_min_days": 5,             # 公示 at least 5 days (older rules: 7)
    "case_deadline_days": 15,         # discovery to decision
    "grievance_deadline_days": 15,
    "visit_interval_days": 90,        # a monitored household unvisited this long is flagged
    "early_elimination_days": 61,     # elimination within two months of identification
    "monitoring_line": Decimal("6000"),
    "poverty_line": Decimal("4000"),
    "exit_incidence": Decimal("2"),          # percent
    "exit_incidence_west": Decimal("3"),     # western provinces
    # Local add-ons (None disables). Wuhua: village per-capita income ≥ 60% of 9,820;
    # households with labour ≥ 45% of the provincial rural average 7,365.
    "exit_village_income_min": None,
    "exit_labour_income_min": None,
}

# Provinces counted as western regions for the exit threshold.
WESTERN_PROVINCES = frozenset({"15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64",
                               "65"})


def value(name: str, region_code: str = "", year: int | None = None) -> Any:
    """Return the configured value of `name` for a region and year."""
    try:
        from jianpin.standards import lookup  # type: ignore[attr-defined]
    except ImportError:
        lookup = None
    if lookup is not None:
        found = lookup(name, region_code=region_code, year=year)
        if found is not None:
            return found
    return DEFAULTS[name]


def exit_threshold(region_code: str, year: int | None = None) -> Decimal:
    if region_code[:2] in WESTERN_PROVINCES:
        return Decimal(value("exit_incidence_west", region_code, year))
    return Decimal(value("exit_incidence", region_code, year))
