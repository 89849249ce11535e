"""Walk every edge of the grievance, exit-assessment and data-approval machines:
allowed, refused by role (auditor), by area (same role one area over) and by state."""
from __future__ import annotations

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.workflows.actions import do_transition
from jianpin.workflows.machines import approval, assessment, grievance
from jianpin.workflows.models import DataApproval, ExitAssessment, Grievance
from jianpin.workflows.tests.helpers import make_household

# machine → (model, {action: persona allowed}); the outsider is the same role one area over
SETUP = {
    "grievance": (Grievance, {"assign": "cadre", "respond": "cadre", "resolve": "cadre",
                              "reopen": "cadre", "dismiss": "cadre"}),
    "assessment": (ExitAssessment, {"submit": "reviewer", "approve": "officer",
                                    "reject": "officer", "withdraw": "reviewer"}),
    "approval": (DataApproval, {"approve": "cadre", "unapprove": "reviewer"}),
}
MACHINES = {"grievance": grievance.MACHINE, "assessment": assessment.MACHINE,
            "approval": approval.MACHINE}
EDGES = [(name, e) for name, m in MACHINES.items() for e in m.edges]


def make(name: str, status: str, people: dict):  # type: ignore[no-untyped-def]
    cadre, reviewer = people["cadre"], people["reviewer"]
    if name == "grievance":
        return Grievance.objects.create(region_id=VILLAGE, channel="hotline", subject="事项",
                                        content="内容", status=status, opened_by=reviewer,
                                        assignee=cadre, due_on=timezone.localdate())
    if name == "assessment":
        return ExitAssessment.objects.create(region_id=VILLAGE, year=2025, status=status,
                                             threshold=2, passed=True, opened_by=reviewer,
                                             submitted_by=reviewer)
    return DataApproval.objects.create(region_id=VILLAGE, period="2025", status=status)


def state(obj) -> tuple:  # type: ignore[no-untyped-def]
    fresh = type(obj).objects.get(pk=obj.pk)
    return fresh.status, fresh.version, AuditEvent.objects.count()


@pytest.fixture
def people(cadre, reviewer, officer, auditor, outsiders):  # type: ignore[no-untyped-def]
    make_household(VILLAGE)  # the village holds data, so approvals above it wait for it
    return {"cadre": cadre, "reviewer": reviewer, "officer": officer, "auditor": auditor,
            "out": outsiders}


@pytest.mark.parametrize(("name", "edge"), EDGES,
                         ids=[f"{n}-{e.source}-{e.action}" for n, e in EDGES])
def test_edge(name, edge, people):  # type: ignore[no-untyped-def]
    obj = make(name, edge.source, people)
    persona = SETUP[name][1][edge.action]
    data = {"assignee": people["cadre"].pk} if edge.action == "assign" else {}
    kwargs = {"note": "依规办理", "data": data}
    before = state(obj)
    with pytest.raises(PermissionDenied):
        do_transition(people["auditor"], obj, edge.action, version=obj.version, **kwargs)
    assert state(obj) == before
    with pytest.raises(PermissionDenied):
        do_transition(people["out"][persona], obj, edge.action, version=obj.version, **kwargs)
    assert state(obj) == before
    done = do_transition(people[persona], obj, edge.action, version=obj.version, **kwargs)
    assert (done.status, state(obj)[:2]) == (edge.target, (edge.target, 2))
    assert obj.events.latest("id").action == edge.action


@pytest.mark.parametrize("name", list(MACHINES))
def test_actions_refused_in_other_states(name, people):  # type: ignore[no-untyped-def]
    machine = MACHINES[name]
    refused = 0
    for status in machine.status.values:
        have = {e.action for e in machine.edges_from(status)}
        for action in sorted(machine.actions() - have):
            obj = make(name, status, people)
            before = state(obj)
            persona = SETUP[name][1][action]
            with pytest.raises(DomainError) as err:
                do_transition(people[persona], obj, action, version=obj.version, note="x",
                              data={"assignee": people["cadre"].pk})
            assert err.value.code == "bad_transition" and state(obj) == before
            type(obj).objects.filter(pk=obj.pk).delete()
            refused += 1
    assert refused >= len(machine.status.values) - 1
