"""Beneficiaries chosen from the registry: counts computed from registry status, income paid
to households added to their yearly income record through the registry's write layer."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied, StaleEdit
from jianpin.projects.asset_actions import do_record_income
from jianpin.projects.benefit_actions import do_record_project_income, do_set_beneficiaries
from jianpin.projects.benefits import Counts, counts, counts_for, masked_for, public_mask
from jianpin.projects.models import ProjectIncome, Status
from jianpin.projects.tests.factories import make_asset, make_project
from jianpin.registry.codes import HouseholdStatus, MonitoringKind
from jianpin.registry.models import IncomeRecord, Member
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1   # make_household records the two years before this


def _snapshot() -> tuple[object, ...]:
    return (AuditEvent.objects.count(), ProjectIncome.objects.count(),
            list(IncomeRecord.objects.order_by("pk").values_list("wage_income", "property_income",
                                                                "net_income")))


def test_counts_come_from_registry_status(cadre) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE)
    exited = make_household(VILLAGE, status=HouseholdStatus.EXITED, head="张三丰")
    both = make_household(VILLAGE, status=HouseholdStatus.EXITED,
                          monitoring_kind=MonitoringKind.UNSTABLE, head="李四")
    marginal = make_household(VILLAGE, monitoring_kind=MonitoringKind.MARGINAL, head="王五")
    ordinary = make_household(VILLAGE, head="赵")
    Member.objects.filter(household=ordinary, relation="配偶").update(deceased_on=dt.date(2024, 1, 1))
    do_set_beneficiaries(cadre, project, version=0,
                         households=[exited.pk, both.pk, marginal.pk, ordinary.pk])
    # 4 households, 8 members of whom 1 died; 2 脱贫户, 2 监测对象 (one is both); 3 such homes
    assert counts(project) == Counts(households=4, persons=7, exited_households=2,
                                     monitored_households=2, poor_persons=6)
    other = make_project(VILLAGE)
    assert counts_for([project.pk, other.pk])[other.pk] == Counts()
    # the registry decides: a household leaving monitoring changes the count, nothing typed
    type(marginal).objects.filter(pk=marginal.pk).update(monitoring_kind="")
    assert counts(project).monitored_households == 1
    assert masked_for([project.pk])[project.pk] == ["张*丰", "李*", "王*", "*"]
    assert public_mask("欧阳娜娜") == "欧**娜"


def test_setting_beneficiaries_is_checked_audited_and_versioned(cadre, auditor, outsiders) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    a, b = make_household(VILLAGE), make_household(VILLAGE)
    elsewhere = make_household(SIBLING_VILLAGE)
    before = _snapshot()
    for actor in (auditor, outsiders["cadre"]):
        with pytest.raises(PermissionDenied):
            do_set_beneficiaries(actor, project, version=0, households=[a.pk])
    with pytest.raises(DomainError) as exc:
        do_set_beneficiaries(cadre, project, version=0, households=[a.pk, elsewhere.pk])
    assert exc.value.code == "bad_household"
    assert (_snapshot(), project.beneficiaries.count()) == (before, 0)
    do_set_beneficiaries(cadre, project, version=0, households=[a.pk, b.pk])
    do_set_beneficiaries(cadre, project, version=1, households=[b.pk])
    events = AuditEvent.objects.filter(action="projects.project.beneficiaries").order_by("pk")
    assert [e.diff for e in events] == [{"added": sorted([a.pk, b.pk]), "removed": []},
                                        {"added": [], "removed": [a.pk]}]
    with pytest.raises(StaleEdit):
        do_set_beneficiaries(cadre, project, version=1, households=[])
    assert list(project.beneficiaries.all()) == [b]
    closed = make_project(VILLAGE, status=Status.EVALUATED)
    with pytest.raises(DomainError) as exc:
        do_set_beneficiaries(cadre, closed, version=0, households=[a.pk])
    assert exc.value.code == "closed"


def test_wages_go_into_the_years_income_through_the_registry(cadre) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    hh = make_household(VILLAGE, income="9000")     # wage 18000, 2 persons
    project.beneficiaries.add(hh)
    income = do_record_project_income(cadre, project, hh.pk, year=LAST_YEAR, kind="wage",
                                      amount="3600.50")
    rec = IncomeRecord.objects.get(household=hh, year=LAST_YEAR)
    assert (income.applied, rec.wage_income, rec.net_income, rec.per_capita_net) == (
        True, Decimal("21600.50"), Decimal("21600.50"), Decimal("10800.25"))
    assert AuditEvent.objects.filter(action="registry.income.update").count() == 1
    assert AuditEvent.objects.get(action="projects.project.income").diff == {
        "household": hh.pk, "year": LAST_YEAR, "kind": "wage", "amount": "3600.50",
        "applied": True}
    do_record_project_income(cadre, project, hh.pk, year=LAST_YEAR, kind="dividend", amount=400)
    rec.refresh_from_db()
    assert (rec.wage_income, rec.property_income, rec.net_income) == (
        Decimal("21600.50"), Decimal("400.00"), Decimal("22000.50"))
    # no record for this year yet: kept with the project, nothing made up in the registry
    pending = do_record_project_income(cadre, project, hh.pk, year=LAST_YEAR + 1, kind="wage",
                                       amount=100)
    assert (pending.applied, IncomeRecord.objects.filter(household=hh).count()) == (False, 2)


def test_income_refusals_change_nothing(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    mine, stranger = make_household(VILLAGE), make_household(VILLAGE)
    project.beneficiaries.add(mine)
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        do_record_project_income(auditor, project, mine.pk, year=LAST_YEAR, kind="wage",
                                 amount=10)
    cases = [(stranger.pk, "wage", 10, "not_beneficiary"),
             (mine.pk, "asset_share", 10, "bad_code"),
             (mine.pk, "wage", 0, "bad_amount")]
    for pk, kind, amount, code in cases:
        with pytest.raises(DomainError) as exc:
            do_record_project_income(cadre, project, pk, year=LAST_YEAR, kind=kind,
                                     amount=amount)
        assert exc.value.code == code
    planned = make_project(VILLAGE, status=Status.PLANNED)
    planned.beneficiaries.add(mine)
    with pytest.raises(DomainError) as exc:
        do_record_project_income(cadre, planned, mine.pk, year=LAST_YEAR, kind="wage", amount=1)
    assert (exc.value.code, _snapshot()) == ("not_started", before)


def test_asset_income_shares_count_as_property_income(cadre) -> None:  # type: ignore[no-untyped-def]
    asset = make_asset(VILLAGE)
    a, b = make_household(VILLAGE, income="5000"), make_household(VILLAGE)
    do_record_income(cadre, asset, year=LAST_YEAR, received_on=dt.date(LAST_YEAR, 12, 20),
                     amount=Decimal("1000"), shares={a.pk: Decimal("300"), b.pk: Decimal("200")})
    rec = IncomeRecord.objects.get(household=a, year=LAST_YEAR)
    assert (rec.property_income, rec.net_income, rec.per_capita_net) == (
        Decimal("300.00"), Decimal("10300.00"), Decimal("5150.00"))
    assert sorted(ProjectIncome.objects.values_list("household_id", "kind", "amount", "applied")) \
        == sorted([(a.pk, "asset_share", Decimal("300.00"), True),
                   (b.pk, "asset_share", Decimal("200.00"), True)])


def test_household_whose_risk_is_eliminated_is_not_counted_as_monitored(cadre) -> None:  # type: ignore[no-untyped-def]
    """风险是否已消除 = 是 with the kind kept (a national roster import) counts as 脱贫户 only."""
    project = make_project(VILLAGE)
    gone = make_household(VILLAGE, status=HouseholdStatus.EXITED,
                          monitoring_kind=MonitoringKind.UNSTABLE, risk_eliminated=True,
                          elimination_method="帮扶消除", risk_eliminated_on=dt.date(2025, 9, 1))
    now = make_household(VILLAGE, status=HouseholdStatus.EXITED,
                         monitoring_kind=MonitoringKind.UNSTABLE, risk_eliminated=False)
    gone_ordinary = make_household(VILLAGE, monitoring_kind=MonitoringKind.MARGINAL,
                                   risk_eliminated=True)
    do_set_beneficiaries(cadre, project, version=0,
                         households=[gone.pk, now.pk, gone_ordinary.pk])
    # 3 households of 2 members; 2 脱贫户; 1 监测对象 now; the eliminated 一般农户 is neither
    assert counts(project) == Counts(households=3, persons=6, exited_households=2,
                                     monitored_households=1, poor_persons=4)
