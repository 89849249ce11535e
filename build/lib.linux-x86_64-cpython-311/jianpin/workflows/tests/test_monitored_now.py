"""The workflows read "monitored now" from registry.monitoring: a household imported from the
national roster with 风险是否已消除 = 是 keeps its kind but is not monitored, so it may be
identified again and its risk is never eliminated twice; the household page offers the
matching case."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry import codes
from jianpin.registry.models import Household
from jianpin.workflows.actions import do_open_case, do_transition
from jianpin.workflows.models import Case, Source
from jianpin.workflows.tests.helpers import authorisation, days_ago, make_household

PROPOSAL = {"monitoring_kind": codes.MonitoringKind.UNSTABLE, "risk_types": ["因病"]}
ROSTER_ELIMINATED: dict[str, Any] = {
    "status": codes.HouseholdStatus.EXITED, "monitoring_kind": codes.MonitoringKind.UNSTABLE,
    "monitoring_since": dt.date(2024, 5, 1), "risk_eliminated": True,
    "elimination_method": "帮扶消除", "risk_eliminated_on": dt.date(2025, 9, 1)}
FACTS = ("status", "monitoring_kind", "risk_types", "risk_eliminated", "elimination_method",
         "risk_eliminated_on", "monitoring_since", "version")


def facts(hh: Household) -> tuple[Any, ...]:
    fresh = Household.objects.get(pk=hh.pk)
    return tuple(getattr(fresh, name) for name in FACTS)


def refused(call: Any) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    return err.value


def test_roster_eliminated_household_may_be_identified_again(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, **ROSTER_ELIMINATED)
    case = do_open_case(cadre, hh, "identification", source=Source.CADRE_SCREENING,
                        summary="再次返贫风险", proposal=PROPOSAL)
    assert (case.kind, case.status, case.household_id, case.proposal) == (
        "identification", "opened", hh.pk,
        {"monitoring_kind": "脱贫不稳定户", "risk_types": ["因病"]})


def test_monitored_household_is_not_identified_and_nothing_changes(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, status=codes.HouseholdStatus.EXITED,
                        monitoring_kind=codes.MonitoringKind.UNSTABLE,
                        monitoring_since=dt.date(2024, 5, 1), risk_eliminated=False)
    before, events = facts(hh), AuditEvent.objects.count()
    err = refused(lambda: do_open_case(cadre, hh, "identification",
                                       source=Source.CADRE_SCREENING, proposal=PROPOSAL))
    assert (err.code, err.message) == ("already_monitored", "该户已是脱贫不稳定户监测对象")
    assert (Case.objects.count(), facts(hh), AuditEvent.objects.count()) == (0, before, events)


def test_village_review_refused_once_an_import_made_it_monitored(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, **ROSTER_ELIMINATED)
    case = do_open_case(cadre, hh, "identification", source=Source.CADRE_SCREENING,
                        proposal=PROPOSAL)
    case = do_transition(cadre, case, "visit", version=case.version, note="已入户",
                         files=[("authorisation", authorisation())])
    case = do_transition(cadre, case, "cross_check", version=case.version)
    Household.objects.filter(pk=hh.pk).update(risk_eliminated=False)  # as a roster import
    before = facts(hh)
    err = refused(lambda: do_transition(cadre, case, "village_review", version=case.version,
                                        note="评议"))
    fresh = Case.objects.get(pk=case.pk)
    assert (err.code, fresh.status, fresh.version, facts(hh)) == (
        "already_monitored", "checked", 3, before)


@pytest.mark.parametrize(("kind", "label"), [
    (codes.MonitoringKind.UNSTABLE, "roster import keeps the kind"),
    ("", "jianpin's workflow clears the kind"),
])
def test_eliminated_household_risk_is_not_eliminated_again(kind, label, cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, **dict(ROSTER_ELIMINATED, monitoring_kind=kind))
    before, events = facts(hh), AuditEvent.objects.count()
    err = refused(lambda: do_open_case(cadre, hh, "elimination", source=Source.ROUTINE,
                                       proposal={"mode": "帮扶消除"}))
    assert (err.code, err.message) == ("already_eliminated", "该户风险已于2025-09-01消除，无需再次消除")
    assert (Case.objects.count(), facts(hh), AuditEvent.objects.count()) == (0, before, events)


def test_assessment_refused_once_an_import_marked_the_risk_eliminated(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind=codes.MonitoringKind.MARGINAL,
                        monitoring_since=days_ago(200))
    case = do_open_case(cadre, hh, "elimination", source=Source.ROUTINE,
                        proposal={"mode": "帮扶消除"})
    Household.objects.filter(pk=hh.pk).update(risk_eliminated=True, elimination_method="自然消除",
                                              risk_eliminated_on=dt.date(2025, 10, 8))
    before = facts(hh)
    err = refused(lambda: do_transition(cadre, case, "assess", version=case.version))
    fresh = Case.objects.get(pk=case.pk)
    assert (err.code, err.message, fresh.status, fresh.version, fresh.flags, facts(hh)) == (
        "already_eliminated", "该户风险已于2025-10-08消除，无需再次消除", "opened", 1, [], before)


def test_household_page_offers_identification_not_elimination(cadre):  # type: ignore[no-untyped-def]
    eliminated = make_household(VILLAGE, **ROSTER_ELIMINATED)
    monitored = make_household(VILLAGE, monitoring_kind=codes.MonitoringKind.MARGINAL,
                               risk_eliminated=False)
    c = Client()
    c.force_login(cadre)

    def offers(hh: Household) -> tuple[bool, bool]:
        body = c.get(f"/registry/households/{hh.pk}/").content.decode()
        return ("&kind=identification" in body, "&kind=elimination" in body)

    assert (offers(eliminated), offers(monitored)) == ((True, False), (False, True))
