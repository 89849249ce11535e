"""Moving a member and recording a death are refused in a village whose data an approval has
locked, as every other member write is; nothing changes and nothing is audited."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry.actions import do_mark_deceased, do_move_member
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def _lock(village: str) -> None:
    from jianpin.workflows.models import DataApproval

    DataApproval.objects.create(region_id=village, period=timezone.localdate().strftime("%Y-%m"),
                                status="approved")


def _state(*households: Household) -> list[tuple]:
    return [(h.version, h.size, sorted(h.members.values_list("name", "relation", "deceased_on")))
            for h in Household.objects.filter(pk__in=[h.pk for h in households]).order_by("pk")]


def test_move_is_refused_in_a_locked_village_and_nothing_changes(cadre):
    source, target = make_household(VILLAGE, "李四", size=2), make_household(VILLAGE, "王五")
    member = source.members.get(relation="配偶")
    _lock(VILLAGE)
    before, events = _state(source, target), AuditEvent.objects.count()
    with pytest.raises(DomainError) as err:
        do_move_member(cadre, member, target, reason="分户")
    assert err.value.code == "locked"
    assert (_state(source, target), AuditEvent.objects.count(),
            Member.objects.get(pk=member.pk).household_id) == (before, events, source.pk)


def test_recording_a_death_is_refused_in_a_locked_village_and_nothing_changes(cadre):
    hh = make_household(VILLAGE, "赵六", size=2)
    member = hh.members.get(relation="配偶")
    _lock(VILLAGE)
    before, events = _state(hh), AuditEvent.objects.count()
    with pytest.raises(DomainError) as err:
        do_mark_deceased(cadre, member, timezone.localdate() - dt.timedelta(days=3))
    assert err.value.code == "locked"
    assert (_state(hh), AuditEvent.objects.count()) == (before, events)


def test_move_and_death_go_through_when_the_village_is_not_locked(cadre):
    source, target = make_household(VILLAGE, "李四", size=3), make_household(VILLAGE, "王五")
    moving, dying = source.members.get(relation="配偶"), source.members.get(relation="女")
    do_move_member(cadre, moving, target, reason="分户")
    do_mark_deceased(cadre, dying, timezone.localdate() - dt.timedelta(days=3))
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.size, target.size, Member.objects.get(pk=moving.pk).household_id) == (
        1, 2, target.pk)
