"""Screening warnings become identification cases; the warning is marked 已转识别."""
from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.screening.models import Warning
from jianpin.workflows.actions import do_open_case_from_warning
from jianpin.workflows.models import Case
from jianpin.workflows.tests.helpers import make_household


def warn(hh, rule: str, category: str, flag: str, state: str = "new") -> Warning:  # type: ignore[no-untyped-def]
    return Warning.objects.create(household=hh, village_code=hh.village_id, year=2025,
                                  rule_code=rule, rule_name=f"规则{rule}", category=category,
                                  flag=flag, severity="高", state=state,
                                  explanation={"per_capita_net": 5000.0},
                                  last_seen=timezone.now())


def test_warning_opens_case_with_proposal_from_hits(reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, income="5000")
    w = warn(hh, "MON-MARGINAL", "monitoring_kind", "边缘易致贫户")
    warn(hh, "RISK-ILL", "risk_type", "因病")
    warn(hh, "RISK-EDU", "risk_type", "因学")
    case = do_open_case_from_warning(reviewer, w)
    assert (case.source, case.warning_id, case.status) == ("warning", w.pk, "opened")
    assert case.proposal == {"monitoring_kind": "边缘易致贫户", "risk_types": ["因学", "因病"]}
    assert case.summary.startswith("部门筛查预警：规则MON-MARGINAL（2025年）。命中依据：")
    w.refresh_from_db()
    assert (w.state, w.handled_by_id) == ("case_opened", reviewer.pk)


def test_cadre_cannot_triage_and_nothing_changes(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    w = warn(hh, "RISK-ILL", "risk_type", "因病")
    with pytest.raises(PermissionDenied):
        do_open_case_from_warning(cadre, w)
    w.refresh_from_db()
    assert w.state == "new" and Case.objects.count() == 0


def test_dismissed_warning_refused(reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    w = warn(hh, "RISK-ILL", "risk_type", "因病", state="dismissed")
    with pytest.raises(DomainError) as err:
        do_open_case_from_warning(reviewer, w)
    assert err.value.code == "warning_state" and Case.objects.count() == 0
    assert str(err.value) == "预警状态为「已排除」，不能再转识别"


def test_failed_case_rolls_back_warning(reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    w = warn(hh, "RISK-ILL", "risk_type", "因病")
    with pytest.raises(DomainError) as err:
        do_open_case_from_warning(reviewer, w)
    assert err.value.code == "already_monitored"
    w.refresh_from_db()
    assert w.state == "new" and Case.objects.count() == 0


def test_warning_page_and_inbox(reviewer):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head="孙有田", income="5000")
    w = warn(hh, "RISK-ILL", "risk_type", "因病", state="acknowledged")
    c = Client()
    c.force_login(reviewer)
    assert "孙有田" in c.get("/workflows/").content.decode()
    page = c.get(f"/workflows/cases/from-warning/{w.pk}/").content.decode()
    assert "规则RISK-ILL" in page and 'value="因病" checked' in page
    r = c.post(f"/workflows/cases/from-warning/{w.pk}/",
               {"monitoring_kind": "边缘易致贫户", "risk_types": ["因病", "因灾"]})
    case = Case.objects.get(warning_id=w.pk)
    assert r["Location"] == f"/workflows/cases/{case.pk}/"
    assert case.proposal == {"monitoring_kind": "边缘易致贫户", "risk_types": ["因病", "因灾"]}
