"""The fund execution report (衔接资金支出进度表): allocated, disbursed and execution rate by
sub-area, source and project category, and the industry share against its standard.

Unlike the other reports it reads the projects app's funds report (`projects.funds`), two
grouped queries over allocations and payments, so one report is consistent in itself: its
figures are those of the moment it is generated, which the subtitle states.
"""
from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation

from jianpin.indicators.report_doc import ReportDoc, Section, fmt
from jianpin.projects.codes import Category, FundSource, labels
from jianpin.projects.funds import FundsReport, Money, funds_report
from jianpin.regions.models import Region
from jianpin.standards.resolve import resolve

HEADERS = ["安排资金（元）", "已支出（元）", "支出进度（%）"]


def _pct(rate: Decimal | None) -> str:
    return fmt(None if rate is None else rate * 100, ratio=True)


def _line(name: str, m: Money) -> list[str]:
    return [name, f"{m.allocated:,.2f}", f"{m.disbursed:,.2f}", _pct(m.rate)]


def fund_execution(area: Region, year: int, month: int | None) -> ReportDoc:
    report = funds_report(area, year)
    now = timezone.localtime()
    doc = ReportDoc(f"{area.name}{year}年度衔接资金支出进度表",
                    f"{area.name} · {year}年度资金 · 数据截至{now:%Y-%m-%d %H:%M}")
    total = _line("合计", report.total)
    rows = [_line(r.name, m) for r, m in report.by_area]
    own = Money(report.total.allocated - sum((m.allocated for _, m in report.by_area),
                                             Decimal(0)),
                report.total.disbursed - sum((m.disbursed for _, m in report.by_area),
                                             Decimal(0)))
    if own.allocated or own.disbursed:
        rows.append(_line(f"{area.name}本级项目", own))
    doc.sections.append(Section("一、分区域", ["区域", *HEADERS], rows, total))
    doc.sections.append(_by_source("二、分资金来源", report))
    with translation.override("zh-hans"):
        categories = labels(Category.choices)
    doc.sections.append(Section("三、分项目类别", ["项目类别", *HEADERS],
                                [_line(categories[c], m) for c, m in report.by_category],
                                total))
    doc.notes += _industry_notes(area, year, report.industry_central, report.industry_linkage)
    doc.notes.append(RATE_NOTE)
    return doc


RATE_NOTE = ("支出进度 = 已支出 ÷ 安排资金；安排资金为本年度下达资金安排到本区域项目的金额，"
             "已支出为对这些安排的拨付和报账（截至生成时）。")


def _by_source(heading: str, report: FundsReport) -> Section:
    with translation.override("zh-hans"):
        sources = labels(FundSource.choices)
    return Section(heading, ["资金来源", *HEADERS],
                   [_line(sources[s], m) for s, m in report.by_source], _line("合计", report.total))


def fund_summary(area: Region, year: int, heading: str) -> tuple[list[Section], list[str]]:
    """The funds part of another report (the county's annual report): execution by source and
    the industry shares, as of the moment it is generated."""
    report = funds_report(area, year)
    now = timezone.localtime()
    return [_by_source(heading, report)], [
        *_industry_notes(area, year, report.industry_central, report.industry_linkage),
        f"衔接资金支出进度 = 已支出 ÷ 安排资金，截至{now:%Y-%m-%d %H:%M}；"
        "分区域、分项目类别的支出进度见衔接资金支出进度表。"]


def _industry_notes(area: Region, year: int, central: Decimal | None,
                    linkage: Decimal | None) -> list[str]:
    notes = []
    rule = resolve(year, area.code).get("fund_industry_share")
    if central is None:
        notes.append("中央衔接资金用于产业发展的比重：本年度未安排中央衔接资金。")
    elif rule is None:
        notes.append(f"中央衔接资金用于产业发展的比重：{_pct(central)}%（该年度无比重标准）。")
    else:
        verdict = "达到" if central >= rule else "未达到"
        notes.append(f"中央衔接资金用于产业发展的比重：{_pct(central)}%，{verdict}"
                     f"{_pct(rule)}%的标准。")
    if linkage is not None:
        notes.append(f"各级衔接资金用于产业发展的比重：{_pct(linkage)}%。")
    return notes
