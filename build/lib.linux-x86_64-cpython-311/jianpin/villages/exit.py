"""What a village's yearly record says for its exit assessment (贫困村退出).

《关于建立贫困退出机制的意见》(2016): 贫困村退出以贫困发生率为主要衡量标准，统筹考虑村内
基础设施、基本公共服务、产业发展、集体经济收入等综合因素. The incidence is the assessment's
own figure (workflows); the record of the assessment's year supplies the rest: collective
income against the standard `village_collective_income` in force for the village and year
(not checked when none is), and the infrastructure and service items of `ITEMS`. A village
without a record for the year fails with that reason, and every failed item says why.

Each item is a dict as the assessment stores its add-ons: code, label, target, value, passed,
and `reason` when it fails; `source` is "village_record".
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from jianpin.standards.resolve import resolve
from jianpin.villages.models import VillageYear

SOURCE = "village_record"
# Infrastructure and basic public services of the record checked for exit.
ITEMS: tuple[tuple[str, str], ...] = (
    ("road_hardened", "30户以上自然村通硬化路"),
    ("safe_water", "饮水安全"),
    ("power", "通动力电"),
    ("broadband", "通宽带"),
    ("clinic_with_doctor", "卫生室有合格村医"),
)


def _item(code: str, label: str, target: str, value: str, passed: bool,
          reason: str) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "label": label, "target": target, "value": value,
                           "passed": passed, "source": SOURCE}
    if not passed:
        out["reason"] = reason
    return out


def _yuan(x: Decimal) -> str:
    return f"{x:,.2f}"


def exit_items(village_code: str, year: int) -> list[dict[str, Any]]:
    """The record-based items of a village's exit assessment for `year`."""
    record = VillageYear.objects.filter(village_id=village_code, year=year).first()
    if record is None:
        return [_item("village_record", "村级年度档案", "已建立", "未建立", False,
                      f"缺少{year}年村级档案，无法核验集体经济收入和基础设施")]
    items = []
    line = resolve(year, village_code).get("village_collective_income")
    if line is not None:
        income = record.collective_income
        if income is None:
            items.append(_item("collective_income", "村集体经济收入", _yuan(line), "未填报",
                               False, f"{year}年村级档案未填报村集体经济收入"))
        else:
            items.append(_item("collective_income", "村集体经济收入", _yuan(line),
                               _yuan(income), income >= line,
                               f"村集体经济收入{_yuan(income)}元，低于标准{_yuan(line)}元"))
    for field, label in ITEMS:
        ok = bool(getattr(record, field))
        items.append(_item(field, label, "是", "是" if ok else "否", ok, f"{label}：否"))
    return items
