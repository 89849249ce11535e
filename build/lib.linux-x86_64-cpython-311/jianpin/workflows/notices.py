"""Public notices (公示): only whitelisted fields ever leave this module.

A notice row carries name (optionally masked), village, household size, category and amount,
and nothing else; the HTML page and the printable PDF are both drawn from rows, so an ID,
phone, bank account or health detail cannot reach a notice.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, fields
from typing import Any

from jianpin.kernel.masking import mask_name
from jianpin.registry.models import IncomeRecord
from jianpin.workflows.models import Case, CaseKind, Notice


@dataclass(frozen=True)
class NoticeRow:
    name: str
    village: str
    size: int
    category: str
    amount: str


WHITELIST = tuple(f.name for f in fields(NoticeRow))
MONITORING_KINDS = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
HEADERS = ("户主姓名", "行政村", "家庭人口", "类别", "上年人均纯收入(元)")
PURPOSE = {
    CaseKind.IDENTIFICATION: "拟纳入防止返贫监测对象",
    CaseKind.ELIMINATION: "拟标注风险消除",
    CaseKind.EXIT: "拟脱贫退出",
}


def category(kind: str, proposal: dict[str, Any]) -> str:
    """A category word from a fixed list, never free text that might carry details."""
    if kind == CaseKind.IDENTIFICATION:
        proposed = proposal.get("monitoring_kind", "")
        return proposed if proposed in MONITORING_KINDS else "监测对象"
    if kind == CaseKind.ELIMINATION:
        return "风险消除（自然消除）" if proposal.get("mode") == "自然消除" else "风险消除（帮扶消除）"
    return "脱贫户"


def make_row(*, head_name: str, village: str, size: int, kind: str, proposal: dict[str, Any],
             per_capita: Any, mask: bool) -> NoticeRow:
    return NoticeRow(name=mask_name(head_name) if mask else head_name, village=village,
                     size=int(size), category=category(kind, proposal),
                     amount=f"{per_capita:.2f}" if per_capita is not None else "—")


OFF_NOTICE = ("withdrawn", "rejected")


def notice_rows(notice: Notice) -> list[NoticeRow]:
    """The notice's rows in household number order (one query for cases, one for incomes)."""
    # Withdrawn or rejected cases leave the notice even if it was already published.
    cases = list(Case.objects.filter(notice=notice).exclude(status__in=OFF_NOTICE)
                 .select_related("household", "region").order_by("household__number"))
    latest: dict[int, Any] = {}
    for rec in IncomeRecord.objects.filter(household__in=[c.household_id for c in cases]) \
            .order_by("household_id", "year").values("household_id", "per_capita_net"):
        latest[rec["household_id"]] = rec["per_capita_net"]
    return [make_row(head_name=c.household.head_name, village=c.region.name,
                     size=c.household.size, kind=c.kind, proposal=c.proposal,
                     per_capita=latest.get(c.household_id), mask=notice.mask_names)
            for c in cases]


def title(notice: Notice, village_name: str) -> str:
    purpose = PURPOSE[CaseKind(notice.kind)]
    return f"{village_name}{notice.period.replace('-', '年')}月{purpose}公示"


def intro(notice: Notice) -> str:
    purpose = PURPOSE[CaseKind(notice.kind)]
    return (f"经农户申请、入户核实、村民主评议，以下农户{purpose}，现予公示。"
            f"公示期：{notice.starts_on:%Y年%m月%d日}至{notice.ends_on:%Y年%m月%d日}。"
            "如有异议，请在公示期内向村民委员会或乡镇人民政府反映。")


def render_pdf(notice: Notice, village_name: str, rows: list[NoticeRow]) -> bytes:
    """A printable A4 notice with an embedded Chinese font (see `pdf_fonts`)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from jianpin.workflows.pdf_fonts import WORD_WRAP, cjk_font

    font = cjk_font()
    heading = ParagraphStyle("h", fontName=font, fontSize=16, leading=22, wordWrap=WORD_WRAP, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap=WORD_WRAP)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=title(notice, village_name))
    data = [list(HEADERS)] + [[r.name, r.village, str(r.size), r.category, r.amount]
                              for r in rows]
    table = Table(data, repeatRows=1, colWidths=[28 * mm, 42 * mm, 20 * mm, 44 * mm, 38 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (2, 1), (2, -1), "CENTER"), ("ALIGN", (4, 1), (4, -1), "RIGHT"),
    ]))
    story = [Paragraph(title(notice, village_name), heading), Spacer(1, 6 * mm),
             Paragraph(intro(notice), body), Spacer(1, 5 * mm), table, Spacer(1, 10 * mm),
             Paragraph(f"{village_name}（盖章）", body),
             Paragraph(f"{notice.starts_on:%Y年%m月%d日}", body)]
    doc.build(story)
    return buf.getvalue()
