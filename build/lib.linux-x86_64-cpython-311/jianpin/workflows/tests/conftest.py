from __future__ import annotations

import pytest

from jianpin.accounts.models import Role
from jianpin.conftest import OTHER_COUNTY, SIBLING_TOWNSHIP, SIBLING_VILLAGE, make_user


@pytest.fixture
def outsiders(db):  # type: ignore[no-untyped-def]
    """The same roles one area over: sibling village, sibling township, other county."""
    return {
        "cadre": make_user("cadre_sib", Role.VILLAGE_CADRE, SIBLING_VILLAGE),
        "reviewer": make_user("reviewer_sib", Role.TOWNSHIP_REVIEWER, SIBLING_TOWNSHIP),
        "officer": make_user("officer_other", Role.COUNTY_OFFICER, OTHER_COUNTY),
    }


@pytest.fixture
def seeded_standards(db):  # type: ignore[no-untyped-def]
    """The shipped standards (a transactional test elsewhere may have flushed them)."""
    from decimal import Decimal

    from jianpin.standards.models import Standard
    from jianpin.standards.seed import ROWS, SOURCE

    Standard.objects.bulk_create([
        Standard(year=year, region_code=code, region_prefix=prefix, key=key,
                 value=Decimal(value), note=note, source=SOURCE)
        for year, code, prefix, key, value, note in ROWS], ignore_conflicts=True)
