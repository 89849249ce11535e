from __future__ import annotations

import pytest

from jianpin.accounts.models import Role
from jianpin.conftest import SIBLING_VILLAGE, make_user


@pytest.fixture
def sibling_cadre(db):  # type: ignore[no-untyped-def]
    return make_user("cadre_sib", Role.VILLAGE_CADRE, SIBLING_VILLAGE)
