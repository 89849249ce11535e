"""Data approval up the tree and the lock it puts on approved data."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, SIBLING_TOWNSHIP, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.models import Region
from jianpin.workflows.actions import do_approve_data, do_unapprove_data
from jianpin.workflows.locking import check_unlocked, is_locked
from jianpin.workflows.models import DataApproval
from jianpin.workflows.tests.helpers import make_household

PERIOD = "2026"
ON = dt.date(2026, 6, 1)


def region(code: str) -> Region:
    return Region.objects.get(pk=code)


def status(code: str) -> str | None:
    row = DataApproval.objects.filter(region_id=code, period=PERIOD).first()
    return row.status if row else None


@pytest.fixture
def two_villages(db):  # type: ignore[no-untyped-def]
    make_household(VILLAGE)
    make_household(SIBLING_VILLAGE)


def test_each_level_approves_after_all_below(two_villages, cadre, reviewer, officer, outsiders):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        do_approve_data(reviewer, region(TOWNSHIP), PERIOD)
    assert err.value.code == "children_pending" and status(TOWNSHIP) is None
    do_approve_data(cadre, region(VILLAGE), PERIOD)
    with pytest.raises(DomainError):
        do_approve_data(reviewer, region(TOWNSHIP), PERIOD)
    do_approve_data(outsiders["cadre"], region(SIBLING_VILLAGE), PERIOD)
    do_approve_data(reviewer, region(TOWNSHIP), PERIOD)
    assert status(TOWNSHIP) == "approved"
    do_approve_data(officer, region(COUNTY), PERIOD)
    assert status(COUNTY) == "approved"


def test_county_waits_for_every_township_with_data(two_villages, cadre, reviewer, officer):  # type: ignore[no-untyped-def]
    other = Region.objects.filter(parent_id=SIBLING_TOWNSHIP).first()
    make_household(other.code)
    with pytest.raises(DomainError) as err:
        do_approve_data(officer, region(COUNTY), PERIOD)
    assert err.value.code == "children_pending"
    assert "河东镇" in err.value.message and status(COUNTY) is None


def test_only_own_level_approves(two_villages, reviewer, outsiders):  # type: ignore[no-untyped-def]
    audit = AuditEvent.objects.count()
    with pytest.raises(DomainError) as err:
        do_approve_data(reviewer, region(VILLAGE), PERIOD)
    assert err.value.code == "wrong_level"
    with pytest.raises(PermissionDenied):
        do_approve_data(outsiders["cadre"], region(VILLAGE), PERIOD)
    assert status(VILLAGE) is None and AuditEvent.objects.count() == audit


def test_lock_holds_until_level_above_unapproves(two_villages, cadre, reviewer, outsiders):  # type: ignore[no-untyped-def]
    assert not is_locked(VILLAGE, ON)
    do_approve_data(cadre, region(VILLAGE), PERIOD)
    assert is_locked(VILLAGE, ON) and not is_locked(SIBLING_VILLAGE, ON)
    assert not is_locked(VILLAGE, dt.date(2025, 6, 1))
    with pytest.raises(DomainError) as err:
        check_unlocked(VILLAGE, ON)
    assert err.value.code == "locked"
    with pytest.raises(DomainError) as err:
        do_unapprove_data(cadre, region(VILLAGE), PERIOD, note="要改数据")
    assert err.value.code == "wrong_level" and status(VILLAGE) == "approved"
    do_approve_data(outsiders["cadre"], region(SIBLING_VILLAGE), PERIOD)
    do_approve_data(reviewer, region(TOWNSHIP), PERIOD)
    with pytest.raises(DomainError) as err:
        do_unapprove_data(reviewer, region(VILLAGE), PERIOD, note="退回修改")
    assert err.value.code == "parent_locked" and status(VILLAGE) == "approved"


def test_unapprove_by_level_above_unlocks(two_villages, cadre, reviewer):  # type: ignore[no-untyped-def]
    do_approve_data(cadre, region(VILLAGE), PERIOD)
    with pytest.raises(DomainError) as err:
        do_unapprove_data(reviewer, region(VILLAGE), PERIOD, note="")
    assert err.value.code == "note_required"
    assert DataApproval.objects.get(region_id=VILLAGE, period=PERIOD).approved_at is not None
    do_unapprove_data(reviewer, region(VILLAGE), PERIOD, note="收入数据有误，退回修改")
    assert status(VILLAGE) == "unapproved" and not is_locked(VILLAGE, ON)
    assert DataApproval.objects.get(region_id=VILLAGE, period=PERIOD).approved_at is None
    check_unlocked(VILLAGE, ON)
