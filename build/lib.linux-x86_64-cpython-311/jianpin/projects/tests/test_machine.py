"""Walk every edge of the project lifecycle: allowed, refused by role, by area and by state;
a refused step changes nothing (status, version, events, audit)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.projects.actions import do_transition
from jianpin.projects.machine import EDGES, MACHINE, NOTICE_DAYS
from jianpin.projects.models import Project, ProjectEvent, Status
from jianpin.projects.tests.factories import make_project

PERSONA = {"submit": "cadre", "resubmit": "cadre", "notice": "cadre", "start": "cadre",
           "complete_notice": "cadre", "review": "reviewer", "return_township": "reviewer",
           "approve": "officer", "return_county": "officer", "enter_library": "officer",
           "remove": "officer", "plan": "officer", "accept": "officer", "hand_over": "officer",
           "evaluate": "officer"}
# a persona with the same area but the wrong capability for each edge
WRONG = {"cadre": "auditor", "reviewer": "cadre", "officer": "reviewer"}


@pytest.fixture
def people(cadre, reviewer, officer, auditor, outsiders):  # type: ignore[no-untyped-def]
    return {"cadre": cadre, "reviewer": reviewer, "officer": officer, "auditor": auditor,
            "out": outsiders}


def ready(status: str, people: dict) -> Project:  # type: ignore[type-arg]
    """A project in `status` that meets every precondition of the edges leaving it."""
    today = timezone.localdate()
    project = make_project(VILLAGE, status=status, created_by=people["cadre"],
                           submitted_by=people["cadre"], plan_year=2025,
                           notice_from=today - dt.timedelta(days=NOTICE_DAYS))
    project.targets.update(actual_value="100%")
    return project


def state(project: Project) -> tuple:  # type: ignore[type-arg]
    fresh = Project.objects.get(pk=project.pk)
    return (fresh.status, fresh.version, fresh.plan_year, ProjectEvent.objects.count(),
            AuditEvent.objects.count())


def test_the_table_covers_the_issue_lifecycle() -> None:
    main = ["draft", "applied", "reviewed", "approved", "in_library", "planned", "noticed",
            "implementing", "accepted", "completed", "handed_over", "evaluated"]
    forward = {(e.source, e.target) for e in EDGES}
    assert all((a, b) in forward for a, b in zip(main, main[1:], strict=False))
    assert {e.action for e in EDGES if e.target == Status.RETURNED} == {
        "return_township", "return_county", "remove"}
    assert all(e.needs_note for e in EDGES if e.target == Status.RETURNED)
    assert set(PERSONA) == MACHINE.actions()


@pytest.mark.parametrize("edge", EDGES, ids=[f"{e.source}-{e.action}" for e in EDGES])
def test_edge_allowed(edge, people):  # type: ignore[no-untyped-def]
    project = ready(edge.source, people)
    actor = people[PERSONA[edge.action]]
    audits = AuditEvent.objects.count()
    do_transition(actor, project, edge.action, version=project.version, note="理由：材料不全")
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.status, fresh.version) == (edge.target, 1)
    event = ProjectEvent.objects.get(project=project)
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        edge.action, edge.source, edge.target, actor.pk)
    audit = AuditEvent.objects.order_by("-id")[0]
    assert AuditEvent.objects.count() == audits + 1
    assert (audit.action, audit.object_id, audit.region_code) == (
        f"projects.project.{edge.action}", str(project.pk), VILLAGE)
    assert audit.diff == {"status": [edge.source, edge.target]}


@pytest.mark.parametrize("edge", EDGES, ids=[f"{e.source}-{e.action}" for e in EDGES])
def test_edge_refused_by_role_and_area(edge, people):  # type: ignore[no-untyped-def]
    project = ready(edge.source, people)
    persona = PERSONA[edge.action]
    before = state(project)
    for actor in (people[WRONG[persona]], people["out"][persona]):
        with pytest.raises(PermissionDenied):
            do_transition(actor, project, edge.action, version=0, note="理由")
        assert state(project) == before


STATE_PAIRS = [(s, a) for s in Status.values for a in sorted(MACHINE.actions())
               if not any(e.source == s and e.action == a for e in EDGES)]


@pytest.mark.parametrize(("status", "action"), STATE_PAIRS,
                         ids=[f"{s}-{a}" for s, a in STATE_PAIRS])
def test_action_refused_in_other_states(status, action, people, admin_user):  # type: ignore[no-untyped-def]
    project = ready(status, people)
    before = state(project)
    with pytest.raises(DomainError) as exc:  # even the administrator, who holds every cap
        do_transition(admin_user, project, action, version=0, note="理由")
    assert exc.value.code == "bad_transition"
    assert state(project) == before


def _refused(project: Project, actor, action: str, code: str, **kw) -> None:  # type: ignore[no-untyped-def]
    before = state(project)
    with pytest.raises(DomainError) as exc:
        do_transition(actor, project, action, version=project.version, **kw)
    assert exc.value.code == code
    assert state(project) == before


def test_no_targets_no_library(people):  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.APPROVED, targets=False)
    _refused(project, people["officer"], "enter_library", "no_targets")


def test_plan_needs_year_and_budget(people):  # type: ignore[no-untyped-def]
    no_year = make_project(VILLAGE, status=Status.IN_LIBRARY)
    _refused(no_year, people["officer"], "plan", "no_year")
    no_money = make_project(VILLAGE, status=Status.IN_LIBRARY, budget=Decimal(0), plan_year=2025)
    _refused(no_money, people["officer"], "plan", "no_budget")
    ok = make_project(VILLAGE, status=Status.IN_LIBRARY)
    do_transition(people["officer"], ok, "plan", version=0, data={"year": 2026})
    assert Project.objects.get(pk=ok.pk).plan_year == 2026


def test_notice_runs_ten_days_before_works_start(people):  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.PLANNED, plan_year=2025)
    do_transition(people["cadre"], project, "notice", version=0)
    assert Project.objects.get(pk=project.pk).notice_from == timezone.localdate()
    _refused(project, people["cadre"], "start", "notice_period")
    Project.objects.filter(pk=project.pk).update(
        notice_from=timezone.localdate() - dt.timedelta(days=NOTICE_DAYS - 1))
    project.refresh_from_db()
    _refused(project, people["cadre"], "start", "notice_period")


def test_evaluation_needs_every_actual_value(people):  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.HANDED_OVER)
    project.targets.filter(indicator="验收合格率").update(actual_value="100%")
    _refused(project, people["officer"], "evaluate", "no_actuals")


def test_returns_need_a_reason(people):  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.APPLIED)
    _refused(project, people["reviewer"], "return_township", "note_required", note="  ")


def test_submitter_does_not_review_and_reviewer_does_not_decide(admin_user, reviewer):  # type: ignore[no-untyped-def]
    project = make_project("441424100000", created_by=reviewer)
    do_transition(reviewer, project, "submit", version=0)
    _refused(project, reviewer, "review", "own_submission")
    other = make_project(VILLAGE, status=Status.APPLIED)
    do_transition(admin_user, other, "review", version=0)
    _refused(other, admin_user, "approve", "same_reviewer")


def test_stale_version_moves_nothing(people):  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE)
    do_transition(people["cadre"], project, "submit", version=0)
    stale = Project.objects.get(pk=project.pk)
    before = state(project)
    with pytest.raises(DomainError) as exc:
        do_transition(people["reviewer"], stale, "review", version=0)
    assert exc.value.code == "stale"
    assert state(project) == before


def test_rejection_round_trip(people):  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE)
    steps = [("cadre", "submit"), ("reviewer", "return_township"), ("cadre", "resubmit"),
             ("reviewer", "review"), ("officer", "return_county"), ("cadre", "resubmit"),
             ("reviewer", "review"), ("officer", "approve")]
    for version, (who, action) in enumerate(steps):
        do_transition(people[who], project, action, version=version, note="请补充可研材料")
    assert Project.objects.get(pk=project.pk).status == Status.APPROVED
    assert list(ProjectEvent.objects.filter(project=project).values_list("action", flat=True)) \
        == [a for _, a in steps]
