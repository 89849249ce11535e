from __future__ import annotations

import pytest

from jianpin.accounts.models import Role
from jianpin.conftest import SIBLING_TOWNSHIP, SIBLING_VILLAGE, make_user


@pytest.fixture
def outsiders(db):  # type: ignore[no-untyped-def]
    """The same roles one area over (a sibling village and township, another county)."""
    return {"cadre": make_user("pj_cadre_sib", Role.VILLAGE_CADRE, SIBLING_VILLAGE),
            "reviewer": make_user("pj_reviewer_sib", Role.TOWNSHIP_REVIEWER, SIBLING_TOWNSHIP),
            "officer": make_user("pj_officer_other", Role.COUNTY_OFFICER, "441481000000")}
