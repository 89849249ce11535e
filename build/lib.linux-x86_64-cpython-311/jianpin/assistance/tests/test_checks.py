"""Consistency checks become screening warnings; fixed problems retire them."""
from __future__ import annotations

import pytest

from jianpin.assistance import actions, checks
from jianpin.assistance.models import Helper
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import PermissionDenied
from jianpin.regions.models import Region
from jianpin.registry import codes
from jianpin.registry.models import Member
from jianpin.screening.models import Warning
from jianpin.workflows.tests.helpers import days_ago, make_household


def village() -> Region:
    return Region.objects.get(pk=VILLAGE)


def codes_for(hh) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(h.code for h in checks.find(village().prefix, days_ago(0))
                  if h.household_id == hh.pk)


@pytest.fixture
def helper(cadre) -> Helper:  # type: ignore[no-untyped-def]
    return actions.do_create_helper(cadre, village(), name="吴志强")


def test_ordinary_household_is_not_checked(cadre):  # type: ignore[no-untyped-def]
    assert codes_for(make_household(VILLAGE)) == []


def test_each_check(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    hh.risk_types = ["因饮水安全"]
    hh.save(update_fields=["risk_types"])
    assert codes_for(hh) == ["ASSIST-NO-HELPER", "ASSIST-NO-VISIT", "ASSIST-RISK-NO-MEASURE"]
    hit = next(h for h in checks.find(village().prefix, days_ago(0))
               if h.code == "ASSIST-RISK-NO-MEASURE")
    assert hit.explanation == {"风险类型": "因饮水安全", "应有措施": "饮水安全保障"}
    actions.do_pair(cadre, helper, hh)
    actions.do_record_visit(cadre, hh, helper, visited_on=days_ago(100), findings="正常")
    actions.do_add_measure(cadre, hh, category="兜底", description="纳入低保", on=days_ago(5))
    assert codes_for(hh) == ["ASSIST-LABOUR-ONLY-SAFETYNET", "ASSIST-NO-VISIT",
                             "ASSIST-RISK-NO-MEASURE"]
    actions.do_record_visit(cadre, hh, helper, visited_on=days_ago(2), findings="正常")
    actions.do_add_measure(cadre, hh, category="饮水安全保障", description="接通自来水",
                           on=days_ago(2))
    assert codes_for(hh) == []


def test_household_without_labour_needs_safety_net(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, status=codes.HouseholdStatus.POOR,
                        labour=codes.LabourAbility.NONE)
    actions.do_pair(cadre, helper, hh)
    actions.do_record_visit(cadre, hh, helper, visited_on=days_ago(1), findings="正常")
    assert codes_for(hh) == ["ASSIST-NO-LABOUR-NO-SAFETYNET"]
    Member.objects.filter(household=hh).update(dibao=True)
    assert codes_for(hh) == []


def test_run_creates_refreshes_and_retires_warnings(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind="突发严重困难户")
    assert checks.do_run_checks(cadre, village()) == {"hits": 3, "new": 3, "updated": 0,
                                                      "retired": 0}
    rows = Warning.objects.filter(household=hh).order_by("rule_code")
    assert [(w.rule_code, w.category, w.flag, w.state, w.active) for w in rows] == [
        ("ASSIST-NO-HELPER", "data_quality", "无帮扶责任人", "new", True),
        ("ASSIST-NO-VISIT", "data_quality", "走访不及时", "new", True),
        ("ASSIST-RISK-NO-MEASURE", "data_quality", "措施与风险不匹配", "new", True)]
    actions.do_pair(cadre, helper, hh)
    assert checks.do_run_checks(cadre, village()) == {"hits": 2, "new": 0, "updated": 2,
                                                      "retired": 1}
    assert list(Warning.objects.filter(household=hh, active=True).order_by("rule_code")
                .values_list("rule_code", flat=True)) == ["ASSIST-NO-VISIT",
                                                          "ASSIST-RISK-NO-MEASURE"]


def test_run_outside_area_refused(cadre):  # type: ignore[no-untyped-def]
    make_household(VILLAGE, monitoring_kind="突发严重困难户")
    with pytest.raises(PermissionDenied):
        checks.do_run_checks(cadre, Region.objects.get(pk="441424100201"))
    assert Warning.objects.count() == 0


def test_several_unanswered_risks_make_one_warning(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, monitoring_kind="边缘易致贫户")
    hh.risk_types = ["因饮水安全", "因学", "因病"]
    hh.save(update_fields=["risk_types"])
    actions.do_add_measure(cadre, hh, category="健康", description="慢病签约", on=days_ago(3))
    hit = next(h for h in checks.find(village().prefix, days_ago(0))
               if h.code == "ASSIST-RISK-NO-MEASURE")
    assert hit.explanation == {"风险类型": "因饮水安全、因学",
                               "应有措施": "饮水安全保障；义务教育保障、教育"}
    checks.do_run_checks(cadre, village())
    assert Warning.objects.filter(household=hh, rule_code="ASSIST-RISK-NO-MEASURE").count() == 1


def test_checks_run_as_a_job_from_the_page(cadre, settings, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from django.test import Client

    from jianpin.jobs.models import Job

    settings.JOBS_INLINE = True
    make_household(VILLAGE, monitoring_kind="突发严重困难户")
    c = Client()
    c.force_login(cadre)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/assistance/checks/run/")
    assert r.status_code == 302
    job = Job.objects.get(kind="assistance.checks")
    assert (job.status, job.result) == ("done", {"hits": 3, "new": 3, "updated": 0,
                                                 "retired": 0})
    assert Warning.objects.filter(rule_code__startswith="ASSIST-").count() == 3
    assert "命中3项，新增3条" in c.get("/assistance/").content.decode()


def test_household_whose_risk_is_eliminated_is_not_checked_as_monitored(cadre):  # type: ignore[no-untyped-def]
    """Imported from the national roster with 风险是否已消除 = 是: the kind and risk types are
    kept, but it is no monitoring object any more (registry.monitoring): no helper, measure
    or visit is owed; the same household monitored now owes all three."""
    gone = make_household(VILLAGE, status=codes.HouseholdStatus.EXITED,
                          monitoring_kind="脱贫不稳定户", risk_eliminated=True,
                          elimination_method="帮扶消除", risk_eliminated_on=days_ago(60))
    now = make_household(VILLAGE, status=codes.HouseholdStatus.EXITED,
                         monitoring_kind="脱贫不稳定户", risk_eliminated=False)
    assert (gone.risk_types, now.risk_types) == (["因病"], ["因病"])
    assert (codes_for(gone), codes_for(now)) == (
        [], ["ASSIST-NO-HELPER", "ASSIST-NO-VISIT", "ASSIST-RISK-NO-MEASURE"])
    assert sorted(checks.targets(village().prefix).values_list("pk", flat=True)) == [now.pk]
    checks.do_run_checks(cadre, village(), days_ago(0))
    assert sorted(Warning.objects.filter(active=True).values_list("household_id", "rule_code")) == [
        (now.pk, "ASSIST-NO-HELPER"), (now.pk, "ASSIST-NO-VISIT"),
        (now.pk, "ASSIST-RISK-NO-MEASURE")]
