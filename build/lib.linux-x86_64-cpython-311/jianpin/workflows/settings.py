"""Thresholds and day counts for workflows, read in one place.

Lines, thresholds and day counts come from the standards table (per year and region, inherited
from parent regions); these defaults apply only where the table holds no value.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from jianpin.standards.resolve import resolve

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


# Workflow names read from the standards table: (standard keys tried in order, converter).
FROM_STANDARDS: dict[str, tuple[tuple[str, ...], Any]] = {
    "monitoring_line": (("monitoring_line",), Decimal),
    "poverty_line": (("exit_income", "poverty_line"), Decimal),
    "exit_incidence": (("village_exit_incidence",), lambda v: Decimal(v) * 100),
    "exit_incidence_west": (("village_exit_incidence",), lambda v: Decimal(v) * 100),
    "exit_village_income_min": (("village_exit_income",), Decimal),
    "exit_labour_income_min": (("labour_exit_income",), Decimal),
    "early_elimination_days": (("elimination_min_months",),
                               lambda v: round(Decimal(v) * Decimal("30.5"))),
    # Day counts (seeded nationally by standards migration 0003, editable per region).
    "notice_min_days": (("notice_min_days",), int),
    "case_deadline_days": (("case_deadline_days",), int),
    "grievance_deadline_days": (("grievance_deadline_days",), int),
    "visit_interval_days": (("visit_interval_days",), int),
}


def value(name: str, region_code: str = "", year: int | None = None) -> Any:
    """Return the configured value of `name` for a region and year (standards, else default)."""
    mapped = FROM_STANDARDS.get(name)
    if mapped is not None and region_code:
        from django.utils import timezone

        resolved = resolve(year or timezone.localdate().year, region_code.ljust(12, "0")[:12])
        for key in mapped[0]:
            if resolved.get(key) is not None:
                return mapped[1](resolved[key])
    return DEFAULTS[name]


def exit_threshold(region_code: str, year: int | None = None) -> Decimal:
    """Poverty-incidence exit threshold in percent (2%, 3% in western provinces)."""
    name = "exit_incidence_west" if region_code[:2] in WESTERN_PROVINCES else "exit_incidence"
    return Decimal(value(name, region_code, year)).quantize(Decimal("0.01"))
