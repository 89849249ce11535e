"""The Chinese font embedded in printed PDFs (notices, assessments).

A PDF that only names a font (ReportLab's STSong-Light) shows blank boxes in viewers without
Chinese fonts, so the PDFs embed a subset of a TrueType font. ReportLab embeds TrueType
outlines only: Debian's Noto CJK (.ttc/.otf with CFF outlines) cannot be used, WenQuanYi Zen
Hei (`fonts-wqy-zenhei`, installed by `make system-deps`) and AR PL UMing can.
`JIANPIN_PDF_FONT` names another TrueType file (a .ttc uses its first face).
"""
from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
NAME = "JianpinCJK"
FALLBACK = "STSong-Light"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
)


def font_file() -> Path | None:
    configured = settings.PDF_FONT
    for candidate in ([configured] if configured else []) + list(CANDIDATES):
        if Path(candidate).is_file():
            return Path(candidate)
    return None


@cache
def cjk_font() -> str:
    """Register the embeddable font once and return its ReportLab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_file()
    if path is not None:
        try:
            pdfmetrics.registerFont(TTFont(NAME, str(path), subfontIndex=0))
            return NAME
        except Exception:  # a CFF-outline or damaged file: say so and keep printing
            log.warning("PDF font %s cannot be embedded", path, exc_info=True)
    log.warning("no embeddable Chinese font found; PDFs name %s without embedding it "
                "(install fonts-wqy-zenhei or set JIANPIN_PDF_FONT)", FALLBACK)
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


# Paragraph styles use ReportLab's CJK line breaking: it breaks between Chinese characters and
# moves a run of digits or Latin letters whole to the next line (the default breaking cut a year
# in two: `202 / 6年`).
WORD_WRAP = "CJK"
