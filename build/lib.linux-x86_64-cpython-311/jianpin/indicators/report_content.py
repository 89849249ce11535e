"""The contents of the indicator reports, built from the snapshot (never the registry).

A report is a title, a subtitle and sections (report_doc). Two parts read their own sources:
the households that entered or left monitoring in the period (report_flows, the registry's
dates) and the funds (report_funds, the projects app's funds report).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils.translation import gettext_noop

from jianpin.indicators.models import Direction, Indicator, IndicatorValue, Subject
from jianpin.indicators.report_doc import ReportDoc, Section, fmt
from jianpin.indicators.report_flows import NOTE, movement
from jianpin.indicators.report_funds import fund_execution, fund_summary
from jianpin.indicators.targets import plan_rows
from jianpin.regions.models import Region
from jianpin.regions.scoping import children_of, prefix_q

KINDS = {
    "monitoring_monthly": gettext_noop("监测对象月报"),
    "incidence_by_village": gettext_noop("贫困发生率统计表（分村）"),
    "assistance_coverage": gettext_noop("监测对象帮扶覆盖情况表"),
    "county_annual": gettext_noop("县级年度报告"),
    "fund_execution": gettext_noop("衔接资金支出进度表"),
}
MONITORING = ("monitored_households", "monitored_persons", "monitored_unstable",
              "monitored_marginal", "monitored_sudden", "assistance_coverage",
              "under_monitoring_line_share", "open_problem_households")


def _values(regions: list[Region], year: int,
            codes: tuple[str, ...] | list[str]) -> dict[str, dict[str, IndicatorValue]]:
    out: dict[str, dict[str, IndicatorValue]] = {r.code: {} for r in regions}
    for v in IndicatorValue.objects.filter(region__in=regions, year=year,
                                           indicator__code__in=codes).select_related("indicator"):
        out[v.region_id][v.indicator.code] = v
    return out


def _as_of(region: Region, year: int) -> dt.datetime | None:
    got = IndicatorValue.objects.filter(prefix_q("region_id", region.prefix), year=year).aggregate(
        m=Max("computed_at"))
    latest: dt.datetime | None = got["m"]
    return latest


def _cell(v: IndicatorValue | None, ind: Indicator) -> str:
    return fmt(v.value if v else None, ratio=ind.factor != 1)


def _table(heading: str, area: Region, rows_of: list[Region], year: int,
           codes: tuple[str, ...] | list[str], first: str) -> Section:
    inds = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    ordered = [inds[c] for c in codes if c in inds]
    values = _values([*rows_of, area], year, [i.code for i in ordered])
    headers = [first] + [f"{i.name}（{i.unit}）" if i.unit else i.name for i in ordered]
    rows = [[r.name] + [_cell(values[r.code].get(i.code), i) for i in ordered] for r in rows_of
            if values[r.code]]
    total = ["合计"] + [_cell(values[area.code].get(i.code), i) for i in ordered]
    return Section(heading, headers, rows, total)


def _subtitle(area: Region, year: int, month: int | None) -> str:
    as_of = _as_of(area, year)
    when = f"{year}年{month}月" if month else f"{year}年"
    stamp = f"{as_of.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d %H:%M}" \
        if as_of else "尚未计算"
    return f"{area.name} · {when} · 数据截至{stamp}"


def _villages(area: Region) -> list[Region]:
    return list(Region.objects.filter(prefix_q("code", area.prefix), level=5).order_by("code"))


def monitoring_monthly(area: Region, year: int, month: int | None) -> ReportDoc:
    doc = ReportDoc(f"{area.name}{year}年{month or ''}{'月' if month else ''}监测对象月报",
                    _subtitle(area, year, month))
    children = list(children_of(area))
    doc.sections.append(_table("监测对象及帮扶情况", area, children, year, MONITORING, "区域"))
    doc.sections.append(movement(f"{'本月' if month else '本年'}新识别监测对象和风险消除情况",
                                 area, children, year, month, "区域"))
    doc.notes.append("数据取自指标快照；户类型、监测对象类型和帮扶关系为快照计算时的状态，"
                     "收入为该年度收入。")
    doc.notes.append(NOTE)
    return doc


def incidence_by_village(area: Region, year: int, month: int | None) -> ReportDoc:
    doc = ReportDoc(f"{area.name}{year}年贫困发生率统计表（分村）", _subtitle(area, year, month))
    section = _table("贫困发生率", area, _villages(area), year,
                     ("persons", "poor_persons", "poverty_incidence"), "行政村")
    ind = Indicator.objects.filter(code="poverty_incidence").first()
    if ind is not None and ind.threshold is not None:
        section.headers.append("是否低于阈值")
        limit = ind.threshold
        for row in section.rows + ([section.total] if section.total else []):
            raw = row[3].replace(",", "")
            row.append("—" if raw == "—" else ("是" if Decimal(raw) < limit else "否"))
        doc.notes.append(f"贫困发生率 = 贫困人口 ÷ 建档人口；阈值{fmt(limit)}%（指标设定，"
                         "西部地区退出标准为3%）。")
    doc.sections.append(section)
    return doc


def assistance_coverage(area: Region, year: int, month: int | None) -> ReportDoc:
    doc = ReportDoc(f"{area.name}{year}年监测对象帮扶覆盖情况表", _subtitle(area, year, month))
    ind = Indicator.objects.filter(code="assistance_coverage").first()
    children = list(children_of(area))
    values = _values([*children, area], year, ["assistance_coverage"])
    headers = ["区域", "监测对象户数", "有帮扶责任人的户数", "未落实帮扶的户数", "帮扶覆盖率（%）"]

    def line(name: str, v: IndicatorValue | None) -> list[str]:
        if v is None or v.denominator is None:
            return [name, "—", "—", "—", "—"]
        return [name, fmt(v.denominator), fmt(v.numerator), fmt(v.denominator - v.numerator),
                fmt(v.value, ratio=True)]

    rows = [line(c.name, values[c.code].get("assistance_coverage")) for c in children
            if values[c.code]]
    doc.sections.append(Section("帮扶覆盖", headers, rows,
                                line("合计", values[area.code].get("assistance_coverage"))))
    if ind is not None and ind.threshold is not None:
        doc.notes.append(f"目标：监测对象帮扶覆盖率达到{fmt(ind.threshold)}%。")
    return doc


def county_annual(area: Region, year: int, month: int | None) -> ReportDoc:
    doc = ReportDoc(f"{area.name}{year}年度巩固拓展脱贫攻坚成果监测统计报告",
                    _subtitle(area, year, month))
    values = _values([area], year, list(Indicator.objects.filter(active=True)
                                        .values_list("code", flat=True)))[area.code]
    for subject, heading in ((Subject.HOUSEHOLD, "一、农户指标"), (Subject.VILLAGE, "二、村级指标")):
        rows = []
        for ind in Indicator.objects.filter(active=True, subject=subject):
            v = values.get(ind.code)
            limit = "" if ind.threshold is None else (
                ("≤" if ind.direction == Direction.LOWER else "≥") + fmt(ind.threshold))
            rows.append([ind.name, _cell(v, ind), ind.unit, limit])
        doc.sections.append(Section(heading, ["指标", "值", "单位", "阈值"], rows))
    plans = plan_rows(area, year, False)
    if plans:
        doc.sections.append(Section("三、年度目标完成情况", ["指标", "目标", "完成", "状态"], [
            [p.name, ("≤" if p.target.indicator.direction == Direction.LOWER else "≥")
             + fmt(p.target.value), fmt(p.current),
             "尚无数据" if p.met is None else ("已达成" if p.met else "未达成")] for p in plans]))
    townships = list(children_of(area))
    doc.sections.append(_table("四、分乡镇主要指标", area, townships, year,
                               ("households", "persons", "poverty_incidence",
                                "monitored_households", "assistance_coverage",
                                "per_capita_income_mean"), "乡镇"))
    doc.sections.append(movement("五、本年新识别监测对象和风险消除情况", area, townships, year,
                                 None, "乡镇"))
    sections, notes = fund_summary(area, year, "六、衔接资金支出情况")
    doc.sections += sections
    doc.notes += [*notes, NOTE]
    return doc


BUILDERS = {"monitoring_monthly": monitoring_monthly, "incidence_by_village": incidence_by_village,
            "assistance_coverage": assistance_coverage, "county_annual": county_annual,
            "fund_execution": fund_execution}


def build(kind: str, area: Region, year: int, month: int | None) -> ReportDoc:
    return BUILDERS[kind](area, year, month)
