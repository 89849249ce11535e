"""The printable notice of one project for the village notice board (实施前公示 / 完工公告).

Drawn only from `PublicProject` (the disclosure's whitelisted fields), so beneficiaries,
responsible persons and objectors cannot reach it. The Chinese font is embedded (see
`jianpin.workflows.pdf_fonts`, which reads settings.PDF_FONT).
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from jianpin.projects.queries import PublicProject


def notice_title(p: PublicProject, completed: bool) -> str:
    text = _("%(name)s项目完工公告") if completed else _("%(name)s项目实施前公示")
    return text % {"name": p.name}


def notice_lines(p: PublicProject) -> list[tuple[str, str]]:
    targets = "；".join(f"{i}：{t}" + (_("（实际%(a)s）") % {"a": a} if a else "")
                       for i, t, a in p.targets)
    return [(_("项目名称"), p.name), (_("项目类别"), p.category), (_("建设性质"), p.nature),
            (_("建设地点"), p.location), (_("实施单位"), p.implementer),
            (_("建设任务"), p.tasks), (_("建设期限"), p.period),
            (_("资金规模及来源（元）"), f"{p.total}（{p.sources}）"),
            (_("联农带农机制"), p.linkage), (_("绩效目标"), targets),
            (_("公示期"), p.notice)]


def render(p: PublicProject, completed: bool) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from jianpin.workflows.pdf_fonts import WORD_WRAP, cjk_font

    font = cjk_font()
    heading = ParagraphStyle("h", fontName=font, fontSize=16, leading=22, wordWrap=WORD_WRAP,
                             alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, wordWrap=WORD_WRAP)
    cell = ParagraphStyle("c", fontName=font, fontSize=10.5, leading=15, wordWrap=WORD_WRAP)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=notice_title(p, completed))
    table = Table([[Paragraph(escape(k), cell), Paragraph(escape(v), cell)]
                   for k, v in notice_lines(p)],
                  colWidths=[40 * mm, 134 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    hint = _("对公示内容有异议的，请在公示期内向项目所在村民委员会、乡镇人民政府或县乡村振兴部门反映。")
    doc.build([Paragraph(escape(notice_title(p, completed)), heading), Spacer(1, 6 * mm), table,
               Spacer(1, 5 * mm), Paragraph(hint, body)])
    return buf.getvalue()
