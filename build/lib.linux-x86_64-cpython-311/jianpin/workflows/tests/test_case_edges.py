"""Walk every edge of the case machines: allowed, refused by role, by area and by state."""
from __future__ import annotations

import pytest

from jianpin.accounts.policy import Cap
from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.registry import codes
from jianpin.workflows.actions import do_open_case, do_transition
from jianpin.workflows.machines.registry import CASE_MACHINES
from jianpin.workflows.models import Case, Event, Source
from jianpin.workflows.tests.helpers import authorisation, days_ago, make_household

ALLOWED = {Cap.HANDLE_CASE: "cadre", Cap.REVIEW_CASE: "reviewer", Cap.DECIDE_CASE: "officer"}
WRONG_ROLE = {Cap.HANDLE_CASE: "reviewer", Cap.REVIEW_CASE: "cadre",
              Cap.DECIDE_CASE: "reviewer"}
PROPOSALS = {
    "identification": {"monitoring_kind": codes.MonitoringKind.MARGINAL,
                       "risk_types": ["因病", "因学"]},
    "elimination": {"mode": "帮扶消除"},
    "exit": {},
}
EDGES = [(kind, e) for kind, m in CASE_MACHINES.items() for e in m.edges]


def _household(kind: str):  # type: ignore[no-untyped-def]
    if kind == "elimination":
        return make_household(VILLAGE, monitoring_kind=codes.MonitoringKind.MARGINAL,
                              monitoring_since=days_ago(200))
    if kind == "exit":
        return make_household(VILLAGE, status=codes.HouseholdStatus.POOR)
    return make_household(VILLAGE)


def case_at(kind: str, status: str, cadre) -> Case:  # type: ignore[no-untyped-def]
    case = do_open_case(cadre, _household(kind), kind, source=Source.CADRE_SCREENING,
                        proposal=PROPOSALS[kind])
    Case.objects.filter(pk=case.pk).update(status=status, submitted_by=cadre,
                                           notice_from=days_ago(5))
    return Case.objects.get(pk=case.pk)


def _kwargs(edge) -> dict:  # type: ignore[no-untyped-def]
    files = [(edge.needs_attachment, authorisation())] if edge.needs_attachment else []
    return {"note": "经核实同意", "files": files}


def _state(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.status, fresh.version, fresh.closed_at, Event.objects.filter(case=case).count(),
            AuditEvent.objects.count())


@pytest.mark.parametrize(("kind", "edge"), EDGES,
                         ids=[f"{k}-{e.source}-{e.action}" for k, e in EDGES])
def test_edge(kind, edge, cadre, reviewer, officer, outsiders):  # type: ignore[no-untyped-def]
    people = {"cadre": cadre, "reviewer": reviewer, "officer": officer}
    case = case_at(kind, edge.source, cadre)
    before = _state(case)

    with pytest.raises(PermissionDenied):
        do_transition(people[WRONG_ROLE[edge.cap]], case, edge.action, version=case.version,
                      **_kwargs(edge))
    assert _state(case) == before
    with pytest.raises(PermissionDenied):
        do_transition(outsiders[ALLOWED[edge.cap]], case, edge.action, version=case.version,
                      **_kwargs(edge))
    assert _state(case) == before

    actor = people[ALLOWED[edge.cap]]
    done = do_transition(actor, case, edge.action, version=case.version, **_kwargs(edge))
    fresh = Case.objects.get(pk=case.pk)
    assert (done.status, fresh.status, fresh.version) == (edge.target, edge.target, 2)
    assert (fresh.closed_at is not None) == (edge.target in CASE_MACHINES[kind].terminal)
    event = Event.objects.filter(case=case).latest("id")
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        edge.action, edge.source, edge.target, actor.pk)
    assert AuditEvent.objects.filter(action=f"workflows.{kind}.{edge.action}",
                                     object_id=str(case.pk)).count() == 1
    if edge.needs_attachment:
        assert [a.kind for a in event.attachments.all()] == [edge.needs_attachment]


@pytest.mark.parametrize("kind", list(CASE_MACHINES))
def test_every_action_refused_in_states_without_that_edge(kind, cadre, reviewer, officer):  # type: ignore[no-untyped-def]
    machine = CASE_MACHINES[kind]
    people = {"cadre": cadre, "reviewer": reviewer, "officer": officer}
    refused = 0
    for status in machine.status.values:
        have = {e.action for e in machine.edges_from(status)}
        for edge in machine.edges:
            if edge.action in have:
                continue
            case = case_at(kind, status, cadre)
            before = _state(case)
            with pytest.raises(DomainError) as err:
                do_transition(people[ALLOWED[edge.cap]], case, edge.action,
                              version=case.version, **_kwargs(edge))
            assert err.value.code == "bad_transition"
            assert _state(case) == before
            Case.objects.filter(pk=case.pk).delete()
            refused += 1
    assert refused > len(machine.edges)


@pytest.mark.parametrize("action", ["township_approve", "county_approve"])
def test_submitter_never_reviews_own_case(action, admin_user, cadre):  # type: ignore[no-untyped-def]
    status = "township_review" if action == "township_approve" else "county_review"
    case = case_at("identification", status, cadre)
    Case.objects.filter(pk=case.pk).update(submitted_by=admin_user)
    case.refresh_from_db()
    before = _state(case)
    with pytest.raises(DomainError) as err:
        do_transition(admin_user, case, action, version=case.version)
    assert err.value.code == "own_submission"
    assert _state(case) == before


def test_rejection_needs_reason(reviewer, cadre):  # type: ignore[no-untyped-def]
    case = case_at("identification", "township_review", cadre)
    before = _state(case)
    with pytest.raises(DomainError) as err:
        do_transition(reviewer, case, "township_reject", version=case.version, note="  ")
    assert err.value.code == "note_required"
    assert _state(case) == before


def test_visit_needs_signed_authorisation(cadre):  # type: ignore[no-untyped-def]
    case = case_at("identification", "opened", cadre)
    before = _state(case)
    with pytest.raises(DomainError) as err:
        do_transition(cadre, case, "visit", version=case.version, note="已入户")
    assert err.value.code == "attachment_required"
    assert _state(case) == before


def test_stale_version_refused(cadre):  # type: ignore[no-untyped-def]
    case = case_at("identification", "visited", cadre)
    before = _state(case)
    with pytest.raises(DomainError) as err:
        do_transition(cadre, case, "cross_check", version=case.version - 1)
    assert err.value.code == "stale"
    assert _state(case) == before


def test_attachment_type_refused(cadre):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = case_at("identification", "opened", cadre)
    before = _state(case)
    with pytest.raises(DomainError) as err:
        do_transition(cadre, case, "visit", version=case.version, note="已入户",
                      files=[("authorisation", SimpleUploadedFile("a.html", b"<script>"))])
    assert err.value.code == "attachment_type"
    assert _state(case) == before
