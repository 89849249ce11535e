"""Hand-worked households for screening tests, each with the rules it must hit in 2024.

Standards for Wuhua County in 2024 (seeded): monitoring line 6000, exit income 4000, labour
household exit income 7365 (Guangdong), income drop 0.3, wage drop 0.5, rigid share 0.5,
large medical out-of-pocket 10000, large disaster loss 10000, elimination minimum 2 months.
"""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from jianpin.conftest import VILLAGE
from jianpin.kernel.ids import check_digit
from jianpin.regions.models import Region
from jianpin.registry import income
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.screening.models import DeptRecord, DeptUpload

OTHER_VILLAGE = "441481001001"
YEAR = 2024
_seq = itertools.count(1)

EXPECTED: dict[str, set[str]] = {
    "SCR01": {"MON-MARGINAL"},
    "SCR02": {"MON-UNSTABLE", "MON-SUDDEN", "RISK-ILLNESS"},
    "SCR03": {"MON-SUDDEN", "RISK-EMPLOYMENT"},
    "SCR04": {"ELIM-NO-LABOUR", "RISK-NO-LABOUR"},
    "SCR05": {"ELIM-TOO-SOON", "EXC-VEHICLE"},
    "SCR06": {"ELIM-READY", "EXC-PAYROLL"},
    "SCR07": {"EXIT-READY", "EXC-BUSINESS"},
    "SCR08": {"EXIT-BLOCKED", "RISK-SCHOOLING", "RISK-HOUSING", "RISK-WATER"},
    "SCR09": {"DQ-NO-INCOME", "DQ-SIZE", "DQ-MISSING-ID", "DQ-HOUSING-GRADE", "DQ-WATER"},
    "SCR10": {"MON-SUDDEN", "RISK-ACCIDENT", "RISK-DISASTER", "DQ-DIBAO"},
    "SCR11": {"MON-MARGINAL", "MON-SUDDEN", "RISK-INDUSTRY", "RISK-DISABILITY"},
    "SCR12": {"MON-MARGINAL"},
    "SCR13": {"MON-MARGINAL"},  # in another county
}


def new_id(birth: str = "19800101") -> str:
    first17 = f"441424{birth}{next(_seq) % 1000:03d}"
    return first17 + check_digit(first17)


def _household(number: str, village: str = VILLAGE, **fields: Any) -> Household:
    fields.setdefault("housing_grade", "A")
    fields.setdefault("water_safe", True)
    return Household.objects.create(number=number, village=Region.objects.get(code=village),
                                    head_name=number, **fields)


def _member(hh: Household, relation: str = "配偶", birth: str = "19800101",
            labour: str = "普通劳动力", with_id: bool = True, **fields: Any) -> Member:
    return Member.objects.create(
        household=hh, name=f"{hh.number}-{relation}", sex="男", relation=relation,
        id_number=new_id(birth) if with_id else None,
        birth_date=dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
        labour_ability=labour, **fields)


def _income(hh: Household, year: int, persons: int, **values: int) -> None:
    money = {k: Decimal(v) for k, v in values.items()}
    totals = income.compute(money, persons)
    IncomeRecord.objects.create(household=hh, year=year, persons=persons, **money,
                                transfer_income=totals.transfer_income,
                                net_income=totals.net_income,
                                per_capita_net=totals.per_capita_net,
                                rigid_spending=totals.rigid_spending)


def _dept(kind: str, version: int, rows: list[tuple[str, Any, str]]) -> None:
    up = DeptUpload.objects.create(kind=kind, version=version, region_code="441424000000",
                                   file_name=f"{kind}.csv", file_sha256="0" * 64)
    DeptRecord.objects.bulk_create([DeptRecord(upload=up, kind=kind, id_number=i, amount=a,
                                               value=v) for i, a, v in rows])


def ensure_reference_data() -> None:
    """Reload divisions and seeded standards if a live-server test flushed them."""
    from jianpin.regions.loader import load_core
    from jianpin.standards.models import Standard
    from jianpin.standards.seed import ROWS

    if not Region.objects.filter(code=VILLAGE).exists():
        load_core()
    if not Standard.objects.exists():
        Standard.objects.bulk_create([
            Standard(year=y, region_code=c, region_prefix=p, key=k, value=Decimal(v), note=n)
            for y, c, p, k, v, n in ROWS])


def build() -> dict[str, Household]:
    """Create the fixture households; returns them by number."""
    out: dict[str, Household] = {}

    h = out["SCR01"] = _household("SCR01", status="一般农户", size=2)
    _member(h, "本人"), _member(h)
    _income(h, 2024, 2, wage_income=10000)
    _income(h, 2023, 2, wage_income=10400)

    h = out["SCR02"] = _household("SCR02", status="脱贫户", size=3)
    _member(h, "本人")
    sick = _member(h, health="大病", labour="弱劳动力或半劳动力")
    _member(h, "子", birth="20000101", labour="丧失劳动力")
    _income(h, 2024, 3, wage_income=21000, medical_oop=12000)
    _income(h, 2023, 3, wage_income=21600)

    h = out["SCR03"] = _household("SCR03", status="一般农户", size=4)
    _member(h, "本人"), _member(h), _member(h, "子"), _member(h, "女")
    _income(h, 2024, 4, wage_income=16000, business_income=8000)
    _income(h, 2023, 4, wage_income=40000, business_income=8000)

    h = out["SCR04"] = _household("SCR04", status="一般农户", size=1, attribute="低保户",
                                  monitoring_kind="边缘易致贫户",
                                  monitoring_since=dt.date(2024, 1, 10))
    _member(h, "本人", birth="19540101", labour="丧失劳动力", dibao=True)
    _income(h, 2024, 1, dibao_amount=8000)
    _income(h, 2023, 1, dibao_amount=7000)

    h = out["SCR05"] = _household("SCR05", status="脱贫户", size=2, housing_grade="B",
                                  monitoring_kind="脱贫不稳定户",
                                  monitoring_since=dt.date(2024, 11, 20))
    driver = _member(h, "本人")
    _member(h)
    _income(h, 2024, 2, wage_income=18000)
    _income(h, 2023, 2, wage_income=16000)

    h = out["SCR06"] = _household("SCR06", status="一般农户", size=2,
                                  monitoring_kind="边缘易致贫户",
                                  monitoring_since=dt.date(2023, 3, 1))
    clerk = _member(h, "本人")
    _member(h)
    _income(h, 2024, 2, wage_income=18000)
    _income(h, 2023, 2, wage_income=17000)

    h = out["SCR07"] = _household("SCR07", status="贫困户", size=3)
    owner = _member(h, "本人")
    _member(h), _member(h, "父母", birth="19500101", labour="无劳动力")
    _income(h, 2024, 3, wage_income=22500)
    _income(h, 2023, 3, wage_income=15000)

    h = out["SCR08"] = _household("SCR08", status="贫困户", size=3, housing_grade="C",
                                  water_safe=False)
    _member(h, "本人"), _member(h)
    _member(h, "子", birth="20120501", labour="", school_status="辍学")
    _income(h, 2024, 3, wage_income=21000)
    _income(h, 2023, 3, wage_income=18000)

    h = out["SCR09"] = _household("SCR09", status="一般农户", size=3, housing_grade="",
                                  water_safe=None)
    _member(h, "本人"), _member(h, with_id=False)
    _income(h, 2023, 2, wage_income=30000)

    h = out["SCR10"] = _household("SCR10", status="一般农户", size=2)
    hurt = _member(h, "本人")
    other = _member(h)
    _income(h, 2024, 2, wage_income=18000)
    _income(h, 2023, 2, wage_income=18000)

    h = out["SCR11"] = _household("SCR11", status="一般农户", size=2)
    _member(h, "本人")
    _member(h, health="残疾", disability_grade=1, labour="无劳动力")
    _income(h, 2024, 2, business_income=12000, business_cost=8000)
    _income(h, 2023, 2, business_income=30000, business_cost=10000)

    h = out["SCR12"] = _household("SCR12", status="一般农户", size=1)
    _member(h, "本人")
    _income(h, 2024, 1, education_spending=3000)

    h = out["SCR13"] = _household("SCR13", village=OTHER_VILLAGE, status="一般农户", size=1)
    _member(h, "本人")
    _income(h, 2024, 1, wage_income=3000)

    unknown = new_id("19900101")
    _dept("vehicle", 1, [(driver.id_number, None, ""), (unknown, None, "")])
    _dept("payroll", 1, [(clerk.id_number, None, "")])
    _dept("business", 1, [(owner.id_number, None, "")])
    _dept("real_estate", 1, [(sick.id_number, None, "")])  # SCR02 is not poor nor monitored
    _dept("medical", 1, [(hurt.id_number, Decimal(500), "")])
    _dept("medical", 2, [(hurt.id_number, Decimal(9000), ""),
                         (other.id_number, Decimal(6000), "")])
    _dept("disaster", 1, [(hurt.id_number, Decimal(12000), "")])
    _dept("assistance", 1, [(other.id_number, None, "低保")])
    return out
