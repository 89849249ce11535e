"""Risk elimination readiness rules and household exit."""
from __future__ import annotations

import pytest
from django.utils import timezone

from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry import codes
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.workflows.actions import do_open_case, do_transition
from jianpin.workflows.models import Case, Source
from jianpin.workflows.tests.helpers import days_ago, make_household

MONITORED = {"monitoring_kind": codes.MonitoringKind.MARGINAL}


def open_elimination(cadre, **kw) -> Case:  # type: ignore[no-untyped-def]
    kw.setdefault("monitoring_since", days_ago(200))
    hh = make_household(VILLAGE, **MONITORED, **kw)
    return do_open_case(cadre, hh, "elimination", source=Source.ROUTINE,
                        proposal={"mode": "帮扶消除"})


def assess(cadre, case, **data):  # type: ignore[no-untyped-def]
    return do_transition(cadre, case, "assess", version=case.version, data=data)


def refused(cadre, case, **data) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        assess(cadre, case, **data)
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.flags) == ("opened", 1, [])
    assert err.value.code == "not_ready"
    return err.value.message


def test_ready_household_is_assessed(cadre):  # type: ignore[no-untyped-def]
    case = assess(cadre, open_elimination(cadre))
    assert (case.status, case.flags) == ("assessed", [])


def test_unstable_income_refused(cadre):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre)
    rec = IncomeRecord.objects.filter(household=case.household).order_by("year").first()
    IncomeRecord.objects.filter(pk=rec.pk).update(per_capita_net=5000)
    assert "收入稳定超过监测线" in refused(cadre, case)


def test_uncontrolled_rigid_spending_refused(cadre):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre)
    IncomeRecord.objects.filter(household=case.household).update(rigid_spending=8000)
    message = refused(cadre, case)
    assert "刚性支出可控（扣除刚性支出8000.00元后人均5000.00元；监测线6000元）" in message


@pytest.mark.parametrize(("change", "phrase"), [
    ({"housing_grade": "D"}, "住房安全：住房为D级危房"),
    ({"water_safe": False}, "饮水安全：饮水不安全"),
])
def test_open_assurance_problem_refused(change, phrase, cadre):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre)
    Household.objects.filter(pk=case.household_id).update(**change)
    assert phrase in refused(cadre, case)


def test_uninsured_member_refused(cadre):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre)
    Member.objects.filter(household=case.household).update(serious_illness_insurance=False)
    assert "基本医疗：有成员未参加基本医保或大病保险" in refused(cadre, case)


def test_household_without_labour_stays_monitored(cadre):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre, labour=codes.LabourAbility.NONE)
    assert "有劳动能力（有劳动能力成员0人，丧失或无劳动能力2人，兜底保障后仍需持续监测）" in refused(
        cadre, case)


def test_early_elimination_needs_justification_and_is_flagged(cadre):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre, monitoring_since=days_ago(30))
    with pytest.raises(DomainError) as err:
        assess(cadre, case)
    assert err.value.code == "early_needs_reason"
    assert Case.objects.get(pk=case.pk).status == "opened"
    case = assess(cadre, Case.objects.get(pk=case.pk), justification="务工收入已稳定")
    assert (case.status, Case.objects.get(pk=case.pk).flags) == ("assessed", ["early_elimination"])


def test_elimination_of_unmonitored_household_refused(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    with pytest.raises(DomainError) as err:
        do_open_case(cadre, hh, "elimination", source=Source.ROUTINE, proposal={"mode": "自然消除"})
    assert err.value.code == "not_monitored"


def test_elimination_announce_clears_monitoring(cadre, officer):  # type: ignore[no-untyped-def]
    case = open_elimination(cadre)
    Case.objects.filter(pk=case.pk).update(status="decided", submitted_by=cadre)
    case.refresh_from_db()
    do_transition(officer, case, "announce", version=case.version)
    hh = Household.objects.get(pk=case.household_id)
    assert (hh.monitoring_kind, hh.risk_types) == ("", [])
    assert (hh.risk_eliminated, hh.elimination_method, hh.risk_eliminated_on) == (
        True, "帮扶消除", timezone.localdate())


def test_exit_only_for_poor_and_sets_status(cadre, officer):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as err:
        do_open_case(cadre, make_household(VILLAGE), "exit", source=Source.ROUTINE)
    assert err.value.code == "not_poor"
    hh = make_household(VILLAGE, status=codes.HouseholdStatus.POOR, income="3500")
    case = do_open_case(cadre, hh, "exit", source=Source.ROUTINE)
    with pytest.raises(DomainError) as err:
        do_transition(cadre, case, "assess", version=case.version)
    assert "收入稳定超过贫困线" in err.value.message
    IncomeRecord.objects.filter(household=hh).update(per_capita_net=4500)
    case = do_transition(cadre, case, "assess", version=case.version)
    Case.objects.filter(pk=case.pk).update(status="decided", submitted_by=cadre)
    case.refresh_from_db()
    do_transition(officer, case, "announce", version=case.version)
    hh.refresh_from_db()
    assert (hh.status, hh.exited_on is not None) == ("脱贫户", True)
