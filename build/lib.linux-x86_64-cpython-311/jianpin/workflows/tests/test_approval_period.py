"""数据审批 defaults to the current month: approving it leaves the rest of the year writable."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jianpin.conftest import VILLAGE
from jianpin.workflows.locking import is_locked
from jianpin.workflows.models import DataApproval

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    day = dt.date(2026, 11, 30)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    return day


def test_page_defaults_to_the_current_month(cadre, today) -> None:
    client = Client()
    client.force_login(cadre)
    assert client.get("/workflows/approvals/").context["period"] == "2026-11"
    for asked, shown in (("2025", "2025"), ("2026-03", "2026-03"), ("2026-13", "2026-11"),
                         ("2026-1", "2026-11"), ("abcd", "2026-11")):
        assert client.get("/workflows/approvals/", {"period": asked}).context["period"] == shown


def test_approving_without_a_period_locks_only_this_month(cadre, today) -> None:
    client = Client()
    client.force_login(cadre)
    response = client.post("/workflows/approvals/act/", {"region": VILLAGE, "action": "approve"})
    assert response.status_code == 302 and response["Location"].endswith("?period=2026-11")
    assert list(DataApproval.objects.values_list("region_id", "period", "status")) == [
        (VILLAGE, "2026-11", "approved")]
    assert is_locked(VILLAGE, dt.date(2026, 11, 5)) is True
    assert is_locked(VILLAGE, dt.date(2026, 12, 1)) is False  # next month's visits still go in
    assert is_locked(VILLAGE, dt.date(2026, 10, 31)) is False
