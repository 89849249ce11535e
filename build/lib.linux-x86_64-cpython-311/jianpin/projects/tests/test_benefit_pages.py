"""The project page's beneficiaries and income, and the household page's projects section."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.projects.models import ProjectIncome, Status
from jianpin.projects.tests.factories import make_project
from jianpin.registry.codes import HouseholdStatus, MonitoringKind
from jianpin.registry.models import IncomeRecord
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_choose_beneficiaries_and_see_computed_counts(cadre) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    a = make_household(VILLAGE, status=HouseholdStatus.EXITED, head="陈志明")
    b = make_household(VILLAGE, monitoring_kind=MonitoringKind.SUDDEN, head="黄丽")
    elsewhere = make_household(SIBLING_VILLAGE)
    c = client_for(cadre)
    url = reverse("projects:beneficiaries", args=[project.pk])
    c.post(url, {"version": "0", "households": f"{a.number}，{elsewhere.number}"})
    assert project.beneficiaries.count() == 0       # refused whole: one is outside the area
    c.post(url, {"version": "0", "households": f"{a.number}\n{b.number}"})
    assert sorted(project.beneficiaries.values_list("pk", flat=True)) == sorted([a.pk, b.pk])
    body = c.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "2户 4人，其中脱贫户1户、监测对象1户，脱贫（监测）人口4人" in body
    assert ("陈*明" in body, "黄*" in body, "陈志明" in body, "黄丽" in body) == (
        True, True, False, False)
    body = c.get(reverse("projects:detail", args=[project.pk]),
                 HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 households, 4 persons" in body


def test_record_wages_from_the_page_and_see_them_on_the_household(cadre) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING, name="协和村茶园务工项目")
    hh = make_household(VILLAGE, income="9000")
    project.beneficiaries.add(hh)
    c = client_for(cadre)
    c.post(reverse("projects:income", args=[project.pk]),
           {"household": hh.number, "year": str(LAST_YEAR), "kind": "wage", "amount": "1200"})
    assert IncomeRecord.objects.get(household=hh, year=LAST_YEAR).wage_income == Decimal("19200")
    c.post(reverse("projects:income", args=[project.pk]),
           {"household": hh.number, "year": str(LAST_YEAR), "kind": "wage", "amount": "-5"})
    assert ProjectIncome.objects.count() == 1
    body = c.get(reverse("registry:household_detail", args=[hh.pk])).content.decode()
    assert ("协和村茶园务工项目" in body, "1,200.00" in body, "已计入" in body) == (True, True, True)


def test_auditor_reads_but_sees_no_forms(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    body = client_for(auditor).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert (reverse("projects:beneficiaries", args=[project.pk]) in body,
            reverse("projects:income", args=[project.pk]) in body) == (False, False)
    response = client_for(auditor).post(reverse("projects:beneficiaries", args=[project.pk]),
                                        {"version": "0", "households": ""})
    assert response.status_code == 403


def test_waiting_income_is_added_once_the_years_record_exists(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    hh = make_household(VILLAGE, income="9000", years=1)     # only last year's record
    project.beneficiaries.add(hh)
    c = client_for(cadre)
    c.post(reverse("projects:income", args=[project.pk]),
           {"household": hh.number, "year": str(LAST_YEAR - 1), "kind": "dividend",
            "amount": "600"})
    assert ProjectIncome.objects.get().applied is False
    url = reverse("projects:apply_income", args=[hh.pk])
    assert url not in c.get(reverse("registry:household_detail", args=[hh.pk])).content.decode()
    IncomeRecord.objects.create(household=hh, year=LAST_YEAR - 1, persons=2,
                                wage_income=Decimal("10000"), net_income=Decimal("10000"),
                                per_capita_net=Decimal("5000"))
    assert url in c.get(reverse("registry:household_detail", args=[hh.pk])).content.decode()
    assert client_for(auditor).post(url).status_code == 403
    c.post(url)
    rec = IncomeRecord.objects.get(household=hh, year=LAST_YEAR - 1)
    assert (rec.property_income, rec.net_income, ProjectIncome.objects.get().applied) == (
        Decimal("600.00"), Decimal("10600.00"), True)
    c.post(url)     # nothing waits any more: added once
    rec.refresh_from_db()
    assert rec.property_income == Decimal("600.00")
