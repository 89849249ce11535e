"""A county decision on a case whose data checks all fail needs a written justification,
which the notice register shows."""
from __future__ import annotations

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry.models import Household
from jianpin.workflows.actions import do_open_case
from jianpin.workflows.models import Case, Event, Source
from jianpin.workflows.tests.helpers import authorisation, days_ago, make_household
from jianpin.workflows.tests.test_identification import PROPOSAL, step

pytestmark = pytest.mark.django_db
WHY = "户主突发重病住院，医保结算数据尚未汇交，县卫健局已出具证明"


def _at_county(cadre, reviewer, income: str) -> Case:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, income=income)
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_HOTLINE,
                        summary="家人住院", proposal=PROPOSAL)
    case = step(cadre, case, "visit", note="已入户", files=[("authorisation", authorisation())])
    case = step(cadre, case, "cross_check")
    case = step(cadre, case, "village_review", note="评议通过")
    case = step(cadre, case, "publish_notice")
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(5))
    case.refresh_from_db()
    case = step(cadre, case, "submit")
    return step(reviewer, case, "township_approve")


def _state(case: Case) -> tuple:
    case.refresh_from_db()
    return (case.status, case.version, case.decided_at, Event.objects.filter(case=case).count(),
            AuditEvent.objects.count(), Household.objects.get(pk=case.household_id).version)


def test_decision_against_failed_checks_needs_a_justification(cadre, reviewer, officer, client) -> None:  # type: ignore[no-untyped-def]
    case = _at_county(cadre, reviewer, income="30000")
    facts = case.events.get(action="cross_check").data["facts"]
    assert [f["ok"] for f in facts] == [False, False, False, False]
    before = _state(case)
    for data in ({}, {"justification": "情况特殊"}):  # missing, too short
        with pytest.raises(DomainError) as err:
            step(officer, case, "county_approve", data=data)
        assert err.value.code == "justification_required"
        assert _state(case) == before
    client.force_login(officer)
    page = client.get(f"/workflows/cases/{case.pk}/").content.decode()
    assert "数据比对各项均不支持本案，须写明审定理由" in page
    case = step(officer, case, "county_approve", data={"justification": WHY})
    assert case.status == "decided"
    assert case.events.get(action="county_approve").data == {"justification": WHY}
    register = client.get("/workflows/notices/").content.decode()
    assert f"户 {case.household.number}：{WHY}" in register


def test_a_supported_case_needs_no_justification(cadre, reviewer, officer, client) -> None:  # type: ignore[no-untyped-def]
    case = _at_county(cadre, reviewer, income="5000")
    assert case.events.get(action="cross_check").data["facts"][0]["ok"] is True
    assert step(officer, case, "county_approve").status == "decided"
    client.force_login(officer)
    assert "户 " + case.household.number not in client.get("/workflows/notices/").content.decode()
