"""A small county with hand-worked indicator values (year 2025, monitoring line 6,000 yuan,
poverty line 4,000 yuan from the shipped standards).

  township 水寨镇 441424100000
    village 协和 441424100200: A1 3 persons 贫困户 3,000; A2 2 persons 脱贫户 脱贫不稳定户 5,000
                              with a helper; A3 1 person 一般农户 no income, housing grade D
    village 河尾 441424100201: B1 4 persons 贫困户 边缘易致贫户 7,000 no helper;
                              B2 5 persons 一般农户 9,000
  township 河东镇 441424101000
    its first village:        C1 2 persons 脱贫户 突发严重困难户 6,500 with a helper;
                              C2 3 persons 贫困户 2,000
  another county 兴宁市 441481001001: X1 4 persons 贫困户 1,000 (never counted in 五华县)
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jianpin.accounts.models import Role, User
from jianpin.assistance.models import Helper, Pairing
from jianpin.conftest import SIBLING_TOWNSHIP, SIBLING_VILLAGE, VILLAGE
from jianpin.regions.models import Region
from jianpin.registry.models import Household, IncomeRecord
from jianpin.registry.tests.helpers import make_household

YEAR = 2025
MONEY_FIELDS = ("wage_income", "business_income", "business_cost", "property_income",
                "family_planning", "dibao_amount", "tekun_amount", "pension",
                "eco_compensation", "other_transfer", "medical_oop", "education_spending",
                "disaster_loss", "transfer_income", "net_income", "rigid_spending")


def _hh(village: str, size: int, status: str, per_capita: int | None, kind: str = "",
        **fields: Any) -> Household:
    hh = make_household(village, size=size, status=status, monitoring_kind=kind, **fields)
    if per_capita is not None:
        IncomeRecord.objects.create(household=hh, year=YEAR, persons=size,
                                    per_capita_net=Decimal(per_capita),
                                    **{f: Decimal(0) for f in MONEY_FIELDS})
    return hh


def _helper_for(hh: Household) -> None:
    user = User.objects.create(username=f"ind_helper_{hh.pk}", role=Role.VILLAGE_CADRE,
                               region_id=hh.village_id)
    helper = Helper.objects.create(name="帮扶人", region_id=hh.village_id, work_unit="县农业农村局")
    Pairing.objects.create(helper=helper, household=hh, since=dt.date(2024, 3, 1),
                           created_by=user)


def third_village() -> str:
    return Region.objects.filter(parent_id=SIBLING_TOWNSHIP, level=5).order_by("code")[0].code


def build() -> str:
    """Create the households; return the code of the third village."""
    _hh(VILLAGE, 3, "贫困户", 3000)
    _helper_for(_hh(VILLAGE, 2, "脱贫户", 5000, "脱贫不稳定户"))
    _hh(VILLAGE, 1, "一般农户", None, housing_grade="D")
    _hh(SIBLING_VILLAGE, 4, "贫困户", 7000, "边缘易致贫户")
    _hh(SIBLING_VILLAGE, 5, "一般农户", 9000)
    c = third_village()
    _helper_for(_hh(c, 2, "脱贫户", 6500, "突发严重困难户"))
    _hh(c, 3, "贫困户", 2000)
    _hh("441481001001", 4, "贫困户", 1000)
    return c
