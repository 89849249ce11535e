"""Household checks of the monitoring system's columns, as the provinces' data-quality checkers
run them (风险是否已消除 with its method and dates, risk types and category, dates in range).
Each failure has a stable `code` in the import's JSON contract."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jianpin.registry.io.layouts import RISK_COLUMNS

if TYPE_CHECKING:        # validate calls these: no import at run time
    from jianpin.registry.io.validate import HouseholdIn, Parsed


_RISKS = tuple(f"risk_{i}" for i in range(1, RISK_COLUMNS + 1))
# Every check below needs one of these household values.
_CHECKED = frozenset(("monitoring_since", "risk_eliminated_on", "risk_eliminated",
                      "elimination_method", "risk_types", "monitoring_kind"))
# The household values either function below looks at.
WATCHED = _CHECKED | frozenset(_RISKS)


def collect_risks(hh: HouseholdIn) -> None:
    """致贫/返贫风险1..5 → one list of risk types, in column order, without repeats."""
    vals = hh.vals
    if vals.keys().isdisjoint(_RISKS):
        return
    found = [vals.pop(key) for key in _RISKS if key in vals]
    if found:
        hh.vals["risk_types"] = list(dict.fromkeys(found))


MONITORING_START = dt.date(2020, 3, 1)   # 防止返贫监测和帮扶机制 (国开发〔2020〕6号)


def check(out: Parsed, hh: HouseholdIn, today: dt.date | None = None) -> None:
    """The cross-field checks the provinces' data-quality checkers run on monitoring exports.
    `today`: the parse's date, asked once for the whole file."""
    v = hh.vals
    if v.keys().isdisjoint(_CHECKED):
        return
    col = out.column
    present = out.headers.get(hh.sheet, {})

    def err(key: str, value: Any, code: str, message: str) -> None:
        out.error(hh.sheet, hh.row, col(hh.sheet, key), value, code, message)

    today = today or timezone.localdate()
    for key in ("monitoring_since", "risk_eliminated_on"):
        when = v.get(key)
        if when is not None and when > today:
            err(f"hh.{key}", when, "future_date", f"日期 {when:%Y-%m} 晚于今天")
        elif when is not None and when < MONITORING_START:
            err(f"hh.{key}", when, "impossible_date",
                f"日期 {when:%Y-%m} 早于防止返贫监测机制建立（2020年3月）")
    eliminated, method = v.get("risk_eliminated"), v.get("elimination_method")
    since, until = v.get("monitoring_since"), v.get("risk_eliminated_on")
    if eliminated is True and not method:
        err("hh.elimination_method", "", "eliminated_without_method",
            "风险已消除（风险是否已消除=是），但未填写风险消除方式")
    if eliminated is True and until is None:
        err("hh.risk_eliminated_on", "", "eliminated_without_date",
            "风险已消除（风险是否已消除=是），但未填写消除监测时间")
    if eliminated is False and (method or until is not None):
        err("hh.elimination_method" if method else "hh.risk_eliminated_on", method or until,
            "elimination_while_not_eliminated",
            "风险是否已消除=否，却填写了风险消除方式或消除监测时间")
    if since is not None and until is not None and until < since:
        err("hh.risk_eliminated_on", until, "eliminated_before_identified",
            f"消除监测时间 {until:%Y-%m} 早于识别监测时间 {since:%Y-%m}")
    if v.get("risk_types") and not v.get("monitoring_kind") and "hh.monitoring_kind" in present:
        err("hh.monitoring_kind", "", "risks_without_category",
            f"填写了致贫/返贫风险（{'、'.join(v['risk_types'])}），但监测对象类别为空")
    if v.get("monitoring_kind") and eliminated is None and "hh.risk_eliminated" in present:
        err("hh.risk_eliminated", "", "missing_value", "监测对象须填写风险是否已消除")
