"""Grievances: every edge allowed and refused; the link to the case it opens."""
from __future__ import annotations

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.models import Region
from jianpin.workflows.actions import do_open_case_from_grievance, do_open_grievance, do_transition
from jianpin.workflows.machines.grievance import MACHINE
from jianpin.workflows.models import Case, Grievance
from jianpin.workflows.tests.helpers import make_household


def open_grievance(actor, household=None) -> Grievance:  # type: ignore[no-untyped-def]
    return do_open_grievance(actor, Region.objects.get(pk=VILLAGE), channel="hotline",
                             subject="低保未按时发放", content="三月低保金未到账",
                             complainant="张某", contact="13900001111", household=household)


def at(g: Grievance, status: str, assignee=None) -> Grievance:  # type: ignore[no-untyped-def]
    Grievance.objects.filter(pk=g.pk).update(status=status, assignee=assignee)
    return Grievance.objects.get(pk=g.pk)


def _state(g: Grievance) -> tuple:
    f = Grievance.objects.get(pk=g.pk)
    return f.status, f.version, f.assignee_id, f.response, AuditEvent.objects.count()


@pytest.mark.parametrize("edge", MACHINE.edges, ids=[f"{e.source}-{e.action}" for e in MACHINE.edges])
def test_grievance_edge(edge, cadre, reviewer, outsiders):  # type: ignore[no-untyped-def]
    g = at(open_grievance(cadre), edge.source, assignee=cadre)
    data = {"assignee": cadre.pk} if edge.action == "assign" else {}
    before = _state(g)
    with pytest.raises(PermissionDenied):
        do_transition(outsiders["cadre"], g, edge.action, version=g.version, note="处理", data=data)
    assert _state(g) == before
    done = do_transition(cadre, g, edge.action, version=g.version, note="已处理", data=data)
    assert (done.status, Grievance.objects.get(pk=g.pk).status) == (edge.target, edge.target)
    assert g.events.latest("id").action == edge.action


def test_lifecycle_and_only_assignee_responds(cadre, reviewer):  # type: ignore[no-untyped-def]
    g = open_grievance(reviewer)
    opened_on = timezone.localdate(g.opened_at)   # deadlines count in China's days, not UTC's
    assert (g.status, (g.due_on - opened_on).days) == ("received", 15)
    with pytest.raises(DomainError) as err:
        do_transition(reviewer, g, "assign", version=g.version, data={"assignee": 999999})
    assert err.value.code == "bad_assignee"
    g = do_transition(reviewer, g, "assign", version=g.version, data={"assignee": cadre.pk})
    assert Grievance.objects.get(pk=g.pk).assignee_id == cadre.pk
    before = _state(g)
    with pytest.raises(DomainError) as err:
        do_transition(reviewer, g, "respond", version=g.version, note="已答复")
    assert err.value.code == "not_assignee" and _state(g) == before
    g = do_transition(cadre, g, "respond", version=g.version, note="已联系民政所补发")
    g = do_transition(reviewer, g, "resolve", version=g.version, note="已补发到账",
                      data={"record_change": "低保金发放记录更正"})
    fresh = Grievance.objects.get(pk=g.pk)
    assert (fresh.status, fresh.response, fresh.resolution, fresh.record_change,
            fresh.closed_at is not None) == ("resolved", "已联系民政所补发", "已补发到账",
                                             "低保金发放记录更正", True)


def test_grievance_opens_a_linked_case(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    g = open_grievance(cadre, household=hh)
    case = do_open_case_from_grievance(cadre, g, "identification",
                                       {"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]})
    assert (case.grievance_id, case.source, list(g.cases.all())) == (g.pk, "grievance", [case])
    assert Case.objects.get(pk=case.pk).summary == "信访投诉：低保未按时发放"


def test_grievance_outside_area_refused(outsiders):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        open_grievance(outsiders["cadre"])
    assert Grievance.objects.count() == 0
