"""Printed PDFs embed their Chinese font, keep numbers whole and print local times."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from jianpin.workflows import assessment_pdf
from jianpin.workflows.notices import intro, notice_rows, render_pdf
from jianpin.workflows.pdf_fonts import NAME, WORD_WRAP, cjk_font
from jianpin.workflows.tests.test_notices import _make

pytestmark = pytest.mark.django_db
SPEC = {"members": [{"name": "张三丰", "id": "1" * 18, "phone": "13912345678", "health": "大病",
                     "grade": None}],
        "bank": "6222000011112222", "income": Decimal("5123.4"), "kind": "identification",
        "mask": True}


def _fonts(pdf: bytes) -> tuple[set[str], set[str]]:
    """Base font names, and the keys of their font files (/FontFile2 = embedded TrueType)."""
    names, files = set(), set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for d in descendants:
                descriptor = d.get("/FontDescriptor")
                if descriptor is not None:
                    files |= {k for k in descriptor.get_object() if k.startswith("/FontFile")}
    return names, files


def test_notice_embeds_a_truetype_font(cadre) -> None:  # type: ignore[no-untyped-def]
    notice, _ = _make(SPEC, cadre)
    pdf = render_pdf(notice, "协和村委会", notice_rows(notice))
    names, files = _fonts(pdf)
    assert cjk_font() == NAME
    assert files == {"/FontFile2"}
    assert not any("STSong" in n for n in names)
    # ReportLab's page default (Helvetica, one of the 14 fonts every viewer has) plus a subset.
    assert len(names) == 2 and "/Helvetica" in names
    assert [n.split("+")[0] for n in names - {"/Helvetica"}] == ["/AAAAAA"]
    assert "拟纳入防止返贫监测对象公示" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_year_is_never_broken_across_lines(cadre) -> None:  # type: ignore[no-untyped-def]
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    notice, _ = _make(SPEC, cadre)
    notice.starts_on, notice.ends_on = dt.date(2026, 12, 1), dt.date(2026, 12, 5)
    style = ParagraphStyle("b", fontName=cjk_font(), fontSize=11, leading=17, wordWrap=WORD_WRAP)
    broken = []
    for width in range(150, 480, 3):  # every line width an A4 column could have
        para = Paragraph(intro(notice), style)
        para.wrap(width, 1000)
        # CJK wrapping keeps lines with .words; the default keeps (width, words) tuples
        lines = ["".join(str(u) for u in (line.words if hasattr(line, "words") else line[1]))
                 for line in para.blPara.lines]
        broken += [(width, a[-4:], b[:4]) for a, b in zip(lines, lines[1:], strict=False)
                   if a[-1:].isdigit() and b[:1].isdigit()]
    assert broken == []


def test_assessment_prints_local_time(seeded_standards, officer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.conftest import COUNTY
    from jianpin.regions.models import Region
    from jianpin.workflows.actions import do_create_assessment
    from jianpin.workflows.models import ExitAssessment

    a = do_create_assessment(officer, Region.objects.get(pk=COUNTY), 2025)
    utc = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)  # 01:30 the next day in Shanghai
    ExitAssessment.objects.filter(pk=a.pk).update(computed_at=utc)
    a.refresh_from_db()
    text = PdfReader(io.BytesIO(assessment_pdf.render(a, "草稿"))).pages[0].extract_text()
    assert "计算时间：2026-03-02 01:30" in text
    assert _fonts(assessment_pdf.render(a, "草稿"))[1] == {"/FontFile2"}


def _ink(pdf: Path, out: Path, env: dict[str, str]) -> int:
    """Dark pixels of page 1 above the table (title and introduction), rendered by poppler."""
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", "1", "-l", "1", str(pdf), str(out)],
                   check=True, env=env, capture_output=True)
    data = next(out.parent.glob(out.name + "*.pgm")).read_bytes()
    # binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel
    header, rest = data.split(b"\n", 3)[:3], data.split(b"\n", 3)[3]
    width, height = (int(x) for x in header[1].split())
    top = rest[: width * (height * 55 // 297)]  # the top 55 mm of the A4 page
    return sum(1 for px in top if px < 128)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (make system-deps)")
def test_notice_text_is_drawn_by_a_viewer_without_chinese_fonts(cadre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    notice, _ = _make(SPEC, cadre)
    (tmp_path / "notice.pdf").write_bytes(render_pdf(notice, "协和村委会", notice_rows(notice)))
    blank = canvas.Canvas(str(tmp_path / "blank.pdf"), pagesize=A4)
    blank.showPage()
    blank.save()
    # A fontconfig with no font folders: the viewer has only what the PDF embeds.
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>")
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
           "FONTCONFIG_PATH": str(tmp_path)}
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout \
        if shutil.which("fc-list") else ""
    assert listed == ""
    notice_ink = _ink(tmp_path / "notice.pdf", tmp_path / "n", env)
    blank_ink = _ink(tmp_path / "blank.pdf", tmp_path / "b", env)
    assert blank_ink == 0
    # Measured at 50 dpi: 2,197 dark pixels with the embedded font; 382 when the PDF only names
    # STSong-Light (the viewer substitutes the digits, the Chinese characters stay blank).
    assert notice_ink > 1500, notice_ink
