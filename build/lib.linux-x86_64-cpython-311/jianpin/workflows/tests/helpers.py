"""Test data for workflows: households in the shared persona areas, with incomes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianpin.registry import codes
from jianpin.registry.models import Household, IncomeRecord, Member

_SEQ = [0]


def make_household(village: str, *, status: str = codes.HouseholdStatus.ORDINARY,
                   monitoring_kind: str = "", income: str = "9000", years: int = 2,
                   labour: str = codes.LabourAbility.ORDINARY, head: str = "李大明",
                   monitoring_since: dt.date | None = None, **fields: object) -> Household:
    _SEQ[0] += 1
    hh = Household.objects.create(
        number=f"T{village[-6:]}{_SEQ[0]:05d}", village_id=village, head_name=head, size=2,
        status=status, monitoring_kind=monitoring_kind, housing_grade="B", water_safe=True,
        monitoring_since=monitoring_since, risk_types=["因病"] if monitoring_kind else [],
        phone="13800138000", bank_account="6222020200112233445", **fields)
    Member.objects.create(household=hh, name=head, id_number=None, sex="男",
                          relation=codes.Relation.HEAD, labour_ability=labour,
                          birth_date=dt.date(1970, 1, 1))
    Member.objects.create(household=hh, name="王小芳", sex="女", relation=codes.Relation.SPOUSE,
                          labour_ability=labour, birth_date=dt.date(1972, 5, 5))
    year = timezone.localdate().year
    for y in range(year - years, year):
        pc = Decimal(income)
        IncomeRecord.objects.create(household=hh, year=y, persons=2, wage_income=pc * 2,
                                    net_income=pc * 2, per_capita_net=pc)
    return hh


def authorisation() -> SimpleUploadedFile:
    return SimpleUploadedFile("授权书.pdf", b"%PDF-1.4 signed authorisation", "application/pdf")


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)
