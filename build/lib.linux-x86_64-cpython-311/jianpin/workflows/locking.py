"""Approved data is locked: writes dated in an approved period of an area are refused."""
from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from jianpin.kernel.errors import DomainError
from jianpin.regions.models import PREFIX_LENGTH
from jianpin.workflows.models import DataApproval


def lineage(code: str) -> list[str]:
    """The code and its ancestors' codes (village, township, county ...)."""
    out = []
    for level in (5, 4, 3, 2, 1):
        prefix = code[: PREFIX_LENGTH[level]]
        out.append(prefix.ljust(12, "0"))
    return list(dict.fromkeys(out))


def periods_of(on: dt.date) -> list[str]:
    return [f"{on.year}", f"{on:%Y-%m}"]


def is_locked(region_code: str, on: dt.date) -> bool:
    return DataApproval.objects.filter(region_id__in=lineage(region_code[:12]),
                                       period__in=periods_of(on), status="approved").exists()


def check_unlocked(region_code: str, on: dt.date) -> None:
    """Raise when the area's data for the period containing `on` has been approved."""
    if is_locked(region_code, on):
        raise DomainError("locked", gettext("%(year)s年%(month)s月数据已审批锁定，须由上级撤销审批后才能修改")
                          % {"year": on.year, "month": f"{on.month:02d}"})
