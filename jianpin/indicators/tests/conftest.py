from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _shipped_indicators(request: pytest.FixtureRequest) -> None:
    """Every test here uses the database; transactional tests flush the data migration's rows,
    so the shipped indicators are seeded again (idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from jianpin.indicators.definitions import seed
    from jianpin.indicators.models import Indicator

    seed(Indicator)
