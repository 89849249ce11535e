"""Two reviewers approving the same case at once: exactly one transition."""
from __future__ import annotations

import threading

import pytest
from django.db import connection

from jianpin.accounts.models import Role
from jianpin.conftest import TOWNSHIP, VILLAGE, make_user
from jianpin.kernel.errors import DomainError
from jianpin.workflows.actions import do_open_case, do_transition
from jianpin.workflows.models import Case, Event, Source
from jianpin.workflows.tests.helpers import make_household


def _case(cadre) -> Case:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_APP,
                        proposal={"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"]})
    Case.objects.filter(pk=case.pk).update(status="township_review", submitted_by=cadre)
    return Case.objects.get(pk=case.pk)


def test_second_approval_from_the_same_read_is_stale(cadre, reviewer):  # type: ignore[no-untyped-def]
    first = _case(cadre)
    second = Case.objects.get(pk=first.pk)
    do_transition(reviewer, first, "township_approve", version=first.version)
    with pytest.raises(DomainError) as err:
        do_transition(reviewer, second, "township_approve", version=second.version)
    assert err.value.code in ("stale", "bad_transition")
    fresh = Case.objects.get(pk=first.pk)
    assert (fresh.status, fresh.version) == ("county_review", 2)
    assert Event.objects.filter(case=first, action="township_approve").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite's shared in-memory test database locks whole tables")
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_give_one_transition(cadre, reviewer):  # type: ignore[no-untyped-def]
    other = make_user("reviewer2", Role.TOWNSHIP_REVIEWER, TOWNSHIP)
    case = _case(cadre)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user) -> None:  # type: ignore[no-untyped-def]
        mine = Case.objects.get(pk=case.pk)
        barrier.wait()
        try:
            do_transition(user, mine, "township_approve", version=mine.version)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (reviewer, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "stale"]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version) == ("county_review", 2)
    assert Event.objects.filter(case=case, action="township_approve").count() == 1
