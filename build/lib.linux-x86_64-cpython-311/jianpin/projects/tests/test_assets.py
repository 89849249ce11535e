"""The asset ledger: registration with ownership, income distribution, disposal, summaries."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.projects.asset_actions import do_dispose, do_record_income, do_register_asset
from jianpin.projects.asset_queries import ledger, summary
from jianpin.projects.models import Asset, AssetIncome, IncomeShare, Status
from jianpin.projects.tests.factories import make_asset, make_project
from jianpin.regions.models import Region
from jianpin.workflows.tests.helpers import make_household

pytestmark = pytest.mark.django_db
D = dt.date
DATA = {"name": "协和村百香果大棚", "kind": "operating", "scale": "30亩", "value": "365000.456",
        "formed_on": D(2024, 11, 30), "ownership": "collective", "owner_name": "协和村股份经济合作社",
        "custodian": "协和村股份经济合作社", "upkeep": "大棚维护、水肥设施检修",
        "operator": "五华县某农业公司", "operation_mode": "委托经营"}


def counts() -> tuple[int, int, int, int]:
    return (Asset.objects.count(), AssetIncome.objects.count(), IncomeShare.objects.count(),
            AuditEvent.objects.count())


def test_register_from_an_accepted_project(officer) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.ACCEPTED)
    asset = do_register_asset(officer, Region.objects.get(code=VILLAGE), DATA, project=project)
    assert (asset.value, asset.project_id, asset.status) == (Decimal("365000.46"), project.pk,
                                                             "in_use")
    assert AuditEvent.objects.get().action == "projects.asset.register"


@pytest.mark.parametrize(("change", "code"), [
    ({"ownership": "household"}, "bad_household"),          # no household given
    ({"owner_name": ""}, "no_owner"),
    ({"custodian": " "}, "no_custodian"),
    ({"kind": "shares"}, "bad_code"),
])
def test_register_refusals(officer, change, code) -> None:  # type: ignore[no-untyped-def]
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_register_asset(officer, Region.objects.get(code=VILLAGE), DATA | change)
    assert (exc.value.code, counts()) == (code, before)


def test_household_ownership_stays_in_the_area(officer) -> None:  # type: ignore[no-untyped-def]
    mine, other = make_household(VILLAGE), make_household(SIBLING_VILLAGE)
    data = DATA | {"kind": "household", "ownership": "household", "owner_name": "",
                   "name": "到户能繁母牛2头"}
    with pytest.raises(DomainError):
        do_register_asset(officer, Region.objects.get(code=VILLAGE),
                          data | {"owner_household": other.pk})
    asset = do_register_asset(officer, Region.objects.get(code=VILLAGE),
                              data | {"owner_household": mine.pk})
    assert asset.owner_household_id == mine.pk


def test_not_before_acceptance_and_not_by_a_cadre(officer, cadre) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.IMPLEMENTING)
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_register_asset(officer, Region.objects.get(code=VILLAGE), DATA, project=project)
    assert exc.value.code == "not_formed"
    with pytest.raises(PermissionDenied):
        do_register_asset(cadre, Region.objects.get(code=VILLAGE), DATA)
    assert counts() == before


def test_income_and_its_distribution(cadre) -> None:  # type: ignore[no-untyped-def]
    asset = make_asset(VILLAGE)
    a, b = make_household(VILLAGE), make_household(VILLAGE)
    income = do_record_income(cadre, asset, year=2025, received_on=D(2025, 1, 20),
                              amount=Decimal("12000"), note="2024年度分红",
                              shares={a.pk: Decimal("1500"), b.pk: Decimal("1500.005")})
    assert sorted(income.shares.values_list("amount", flat=True)) == [Decimal("1500.00"),
                                                                      Decimal("1500.01")]
    event = AuditEvent.objects.get(action="projects.asset.income")
    assert (event.diff["distributed"], event.diff["shares"]) == ("3000.01", 2)
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_record_income(cadre, asset, year=2025, received_on=D(2025, 2, 1),
                         amount=Decimal("100"), shares={a.pk: Decimal("60"), b.pk: Decimal("40.01")})
    assert (exc.value.code, counts()) == ("over_income", before)
    stranger = make_household(SIBLING_VILLAGE)
    with pytest.raises(DomainError) as exc:
        do_record_income(cadre, asset, year=2025, received_on=D(2025, 2, 1),
                         amount=Decimal("100"), shares={stranger.pk: Decimal("60")})
    assert (exc.value.code, counts()) == ("bad_household", before)


def test_disposal_needs_approval_and_the_county(officer, reviewer) -> None:  # type: ignore[no-untyped-def]
    asset = make_asset(VILLAGE)
    args: dict[str, Any] = {"kind": "scrap", "reason": "台风损毁，无修复价值", "approver": "五华县乡村振兴局",
            "approval": "五乡振〔2025〕21号", "disposed_on": D(2025, 9, 1)}
    before = counts()
    with pytest.raises(PermissionDenied):
        do_dispose(reviewer, asset, version=0, **args)
    with pytest.raises(DomainError) as exc:
        do_dispose(officer, asset, version=0, **(args | {"approval": " "}))
    assert (exc.value.code, counts()) == ("no_approval", before)
    done = do_dispose(officer, asset, version=0, proceeds=Decimal("3000"), **args)
    assert (done.status, done.disposal_value, done.version) == ("disposed", Decimal("3000.00"), 1)
    with pytest.raises(DomainError) as exc:
        do_record_income(officer, done, year=2025, received_on=D(2025, 9, 2),
                         amount=Decimal(1), shares={})
    assert exc.value.code == "disposed"


def test_summary_by_township_and_total(auditor) -> None:  # type: ignore[no-untyped-def]
    make_asset(VILLAGE, value=Decimal("100.00"))
    make_asset(SIBLING_VILLAGE, value=Decimal("50.50"), kind="public")
    make_asset("441424101001", value=Decimal("7.00"), kind="household", ownership="household")
    make_asset("441481001001", value=Decimal("999.00"))                 # another county
    county = Region.objects.get(code=COUNTY)
    lines = summary(ledger(auditor, county), county)
    got = [(line.name, line.cells(), line.count, line.value) for line in lines]
    zero = (0, Decimal(0))
    assert got == [
        ("水寨镇", [(1, Decimal("100.00")), (1, Decimal("50.50")), zero], 2, Decimal("150.50")),
        ("河东镇", [zero, zero, (1, Decimal("7.00"))], 1, Decimal("7.00")),
        ("五华县", [(1, Decimal("100.00")), (1, Decimal("50.50")), (1, Decimal("7.00"))], 3,
         Decimal("157.50"))]
    township = Region.objects.get(code=TOWNSHIP)
    assert [line.value for line in summary(ledger(auditor, township), township)] == \
        [Decimal("100.00"), Decimal("50.50"), Decimal("150.50")]


def test_ledger_page(auditor, cadre) -> None:  # type: ignore[no-untyped-def]
    make_asset(VILLAGE, name="协和村光伏电站")
    make_asset(SIBLING_VILLAGE, name="河尾村冷库")
    c = Client()
    c.force_login(cadre)
    body = c.get(reverse("projects:assets")).content.decode()
    assert ("协和村光伏电站" in body, "河尾村冷库" in body, "登记资产" in body) == (True, False, False)
    c.force_login(auditor)
    body = c.get(reverse("projects:assets") + "?kind=operating").content.decode()
    assert ("协和村光伏电站" in body, "河尾村冷库" in body) == (True, True)
