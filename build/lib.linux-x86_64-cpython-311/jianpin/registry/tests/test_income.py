from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry import actions, income
from jianpin.registry.models import IncomeRecord
from jianpin.registry.tests.helpers import make_household

D = Decimal


def test_hand_worked_household_of_four() -> None:
    # wage 12,000 + business 8,000 − cost 3,000 + property 500 + transfers (低保 2,400 + pension
    # 1,320 + eco 180) = 21,400 net; / 4 persons = 5,350.00
    values = {"wage_income": D("12000"), "business_income": D("8000"), "business_cost": D("3000"),
              "property_income": D("500"), "dibao_amount": D("2400"), "pension": D("1320"),
              "eco_compensation": D("180"), "medical_oop": D("6000"), "disaster_loss": D("500")}
    t = income.compute(values, 4)
    assert t.transfer_income == D("3900.00")
    assert t.net_income == D("21400.00")
    assert t.per_capita_net == D("5350.00")
    assert t.rigid_spending == D("6500.00")


def test_per_capita_rounds_half_up_to_cents() -> None:
    t = income.compute({"wage_income": D("10000")}, 3)
    assert t.per_capita_net == D("3333.33")
    t = income.compute({"wage_income": D("5000.05")}, 2)
    assert t.per_capita_net == D("2500.03")


def test_business_loss_lowers_net_income() -> None:
    t = income.compute({"wage_income": D("3000"), "business_income": D("1000"),
                        "business_cost": D("2500")}, 1)
    assert t.net_income == D("1500.00")


@pytest.mark.django_db
def test_record_income_stores_totals_and_keeps_other_years(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, size=3)
    actions.do_record_income(cadre, hh, 2024, {"wage_income": "9000"})
    rec = actions.do_record_income(cadre, hh, 2025, {"wage_income": "6000", "pension": "300"})
    assert (rec.net_income, rec.per_capita_net, rec.persons) == (D("6300.00"), D("2100.00"), 3)
    actions.do_record_income(cadre, hh, 2025, {"wage_income": "7500"})
    rows = {r.year: r.per_capita_net for r in IncomeRecord.objects.filter(household=hh)}
    assert rows == {2024: D("3000.00"), 2025: D("2500.00")}
    update = AuditEvent.objects.filter(action="registry.income.update").get()
    assert update.diff["wage_income"] == ["6000.00", "7500.00"]
    assert update.diff["per_capita_net"] == ["2100.00", "2500.00"]


@pytest.mark.django_db
def test_negative_amount_is_refused_and_nothing_written(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    with pytest.raises(DomainError) as err:
        actions.do_record_income(cadre, hh, 2025, {"wage_income": "-1"})
    assert err.value.code == "negative_amount"
    assert IncomeRecord.objects.count() == 0
    assert AuditEvent.objects.count() == 0
