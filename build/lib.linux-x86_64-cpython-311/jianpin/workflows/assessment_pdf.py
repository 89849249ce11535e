"""The village or county exit assessment as a printable A4 report (embedded Chinese font, local times)."""
from __future__ import annotations

import io
from typing import Any

from django.utils.timezone import localtime

ROWS_NOTE = "贫困发生率 = 贫困人口 ÷ 农村户籍人口；西部省份标准为3%，其余为2%；地方附加指标按本地标准配置。"


def report_rows(a: Any) -> list[list[str]]:
    rows = [["农村户籍人口", f"{a.rural_population} 人"],
            ["贫困人口（建档立卡贫困户在册人口）", f"{a.poor_population} 人"],
            ["贫困发生率", f"{a.incidence}%"],
            ["退出标准", f"低于 {a.threshold}%"]]
    rows += [[f"{'村级档案' if x.get('source') == 'village_record' else '地方附加'}："
              f"{x.get('label', '')}",
              f"{x.get('value', '')}（标准 {x.get('target', '')}）"
              f"{'达到' if x.get('passed') else '未达到'}"
              f"{'' if x.get('passed') or not x.get('reason') else '：' + str(x['reason'])}"]
             for x in a.addons]
    rows.append(["结论", "达到退出标准" if a.passed else "未达到退出标准"])
    return rows


def render(a: Any, status_label: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from jianpin.workflows.pdf_fonts import WORD_WRAP, cjk_font

    font = cjk_font()
    title = f"{a.region.name}{a.year}年退出评估报告"
    heading = ParagraphStyle("h", fontName=font, fontSize=16, leading=22, wordWrap=WORD_WRAP, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=16, wordWrap=WORD_WRAP)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title=title)
    table = Table(report_rows(a), colWidths=[80 * mm, 90 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 11),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
    ]))
    story = [Paragraph(title, heading), Spacer(1, 4 * mm),
             Paragraph(f"状态：{status_label}；计算时间：{localtime(a.computed_at):%Y-%m-%d %H:%M}", body),
             Spacer(1, 4 * mm), table, Spacer(1, 4 * mm), Paragraph(ROWS_NOTE, body)]
    doc.build(story)
    return buf.getvalue()
