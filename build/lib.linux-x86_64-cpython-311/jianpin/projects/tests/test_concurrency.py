"""Two county officers deciding the same project at once: exactly one transition."""
from __future__ import annotations

import threading

import pytest
from django.db import connection

from jianpin.accounts.models import Role
from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, VILLAGE, make_user
from jianpin.kernel.errors import DomainError
from jianpin.projects.actions import do_transition
from jianpin.projects.models import Project, ProjectEvent, Status
from jianpin.projects.tests.factories import make_project


@pytest.mark.django_db
def test_second_decision_from_the_same_read_is_stale(officer) -> None:  # type: ignore[no-untyped-def]
    first = make_project(VILLAGE, status=Status.REVIEWED)
    second = Project.objects.get(pk=first.pk)
    do_transition(officer, first, "approve", version=0)
    with pytest.raises(DomainError) as err:
        do_transition(officer, second, "return_county", version=0, note="重复办理")
    assert err.value.code == "stale"
    fresh = Project.objects.get(pk=first.pk)
    assert (fresh.status, fresh.version) == (Status.APPROVED, 1)
    assert list(ProjectEvent.objects.filter(project=first).values_list("action", flat=True)) \
        == ["approve"]


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite's shared in-memory test database locks whole tables")
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_give_one_transition(officer) -> None:  # type: ignore[no-untyped-def]
    other = make_user("officer2", Role.COUNTY_OFFICER, COUNTY)
    project = make_project(VILLAGE, status=Status.REVIEWED)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, action: str) -> None:  # type: ignore[no-untyped-def]
        mine = Project.objects.get(pk=project.pk)
        barrier.wait()
        try:
            do_transition(user, mine, action, version=mine.version, note="论证意见")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=a)
               for a in ((officer, "approve"), (other, "return_county"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "stale"]
    assert Project.objects.get(pk=project.pk).version == 1
    assert ProjectEvent.objects.filter(project=project).count() == 1
    assert AuditEvent.objects.filter(action__startswith="projects.project.").count() == 1
