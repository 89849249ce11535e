"""Template filters of the projects pages: rates as percentages, amounts with thousands
separators, report groups with labels."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from jianpin.kernel.masking import mask_name
from jianpin.kernel.money import shown
from jianpin.projects.codes import Category, FundLevel, FundSource

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """0.7143 -> 71.43%; None (nothing allocated) -> —."""
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.01'))}%"


@register.filter
def groups(report: Any) -> list[tuple[str, list[tuple[str, Any]]]]:
    """The report's groupings, each with its rows labelled for display."""
    def label(choices: Any, rows: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        names = dict(choices)
        return [(str(names.get(k, k)), m) for k, m in rows]
    return [(_("资金来源"), label(FundSource.choices, report.by_source)),
            (_("资金级次"), label(FundLevel.choices, report.by_level)),
            (_("项目类别"), label(Category.choices, report.by_category)),
            (_("地区"), [(r.name, m) for r, m in report.by_area])]


register.filter("masked", mask_name)
register.filter("money", shown)
