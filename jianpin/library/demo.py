"""The library's part of `jianpin demo`: the policy texts kept with the project (`demo_data/`),
then one entry or more for each resource type (图书, 报告, 图表) and the authors facet, built from
those texts.

Nothing is made up: the reports are research articles of the evaluation corpus with the authors,
journal and year their own text states; the book is a selection of the seed policy texts (each
entry's title, issuer and date as stored, and its opening lines); the chart is drawn from the
figures extracted from a seed news page. The book and the chart are labelled 演示 in their title
and text, and the book's editor and publisher say it is demo data, not a publication.
Every write goes through the library's actions (audited), as an editor; running it again
changes nothing (same texts, same values).
"""
from __future__ import annotations

from typing import Any

from jianpin.library import DEMO_DATA
from jianpin.library.actions import SystemActor, do_chart_from_figures, do_ingest, do_update_document
from jianpin.library.models import Category, Document, Target

# Corpus research articles: (file, authors, institution, journal, year, an expert's view), as
# their text states (r181 is a page headed 观点 with its author's name).
REPORTS = [
    ("r024", "黄燕、何玲玲", "南宁师范大学经济与管理学院", "西部经济管理论坛", 2022, False),
    ("r139", "宁静、殷浩栋、汪三贵、刘明月", "", "中南财经政法大学学报", 2019, False),
    ("r181", "杜鹰", "", "宏观经济管理", 2021, True),
    ("r182", "汪三贵、周诗凯", "", "华南师范大学学报(社会科学版)", 2023, False),
    ("r247", "林卡、樊士帅、马高明", "浙江大学公共管理学院", "浙江社会科学", 2022, False),
]
BOOK_TITLE = "【演示】脱贫攻坚与乡村振兴政策文件选编"
BOOK_EDITOR = "演示编写组"
BOOK_PUBLISHER = "演示数据（非正式出版物）"
CHART_TITLE = "【演示】贵州省2016—2019年减贫目标数据图表"
CHART_SOURCE = "002_64ff40d2f14cdd3e.txt"  # 扶贫方法论：脱贫攻坚的“贵州解法”（来源：当代先锋网）
CHART_INDICATOR = "减贫"


def setup(out: Any) -> None:
    """Ingest the seeds and labelled samples (once), then the demo books, reports and chart."""
    from jianpin.accounts.models import Role, User

    editor: Any = User.objects.filter(role=Role.LIBRARY_EDITOR).first() or SystemActor()
    if not Document.objects.exists():
        files = sorted([*DEMO_DATA.glob("seeds/*"), *DEMO_DATA.glob("samples/*")])
        for path in files:
            do_ingest(editor, path.name, path.read_bytes())
        out.write(f"政策文献库：已收录 {len(files)} 篇示例文献")
    reports = [add_report(editor, *row) for row in REPORTS]
    book = add_book(editor)
    chart = add_chart(editor)
    out.write(f"政策文献库演示条目：报告 {len(reports)} 篇，图书 {1 if book else 0} 种，"
              f"图表 {1 if chart else 0} 个")


def add_report(editor: Any, name: str, authors: str, institution: str, journal: str,
               year: int, expert_view: bool) -> Document:
    path = DEMO_DATA / "reports" / f"{name}.txt"
    doc = do_ingest(editor, path.name, path.read_bytes(), Category.REPORT).document
    return do_update_document(editor, doc, {
        "category": Category.REPORT, "authors": authors, "institution": institution,
        "publisher": journal, "pub_year": year, "expert_view": expert_view})


def book_text(docs: list[Document]) -> str:
    """The selection's text: a demo notice, then each policy's title, issuer, date and opening."""
    lines = [BOOK_TITLE, "", "说明：本书为演示数据，由本库收录的示例政策文本汇编而成，不是正式出版物。", "",
             "目录"]
    lines += [f"{i}. {d.title}" for i, d in enumerate(docs, start=1)]
    for i, d in enumerate(docs, start=1):
        opening = " ".join(d.content.text.split())[:240]
        facts = [f"发文机关：{d.issuer}" if d.issuer else "", f"日期：{d.date}" if d.date else ""]
        lines += ["", f"{i}. {d.title}", "，".join(x for x in facts if x), opening + "……"]
    return "\n".join(lines) + "\n"


def add_book(editor: Any) -> Document | None:
    docs = list(Document.objects.filter(category=Category.POLICY, source_name__in=_seed_names())
                .select_related("content").order_by("date", "pk"))
    if not docs:
        return None
    doc = do_ingest(editor, "demo-policy-selection.txt", book_text(docs).encode("utf-8"),
                    Category.BOOK).document
    years = [d.year for d in docs if d.year]
    return do_update_document(editor, doc, {
        "title": BOOK_TITLE, "category": Category.BOOK, "doc_type": "", "issuer": "",
        "doc_number": "", "issued_on": None, "published_on": None, "authors": BOOK_EDITOR,
        "publisher": BOOK_PUBLISHER, "pub_year": max(years) if years else None})


def chart_text(figures: list[Target], source: Document) -> str:
    sentences = list(dict.fromkeys(f.sentence for f in figures))
    return "\n".join([
        CHART_TITLE, "",
        f"说明：本图表为演示数据，由本库收录的《{source.title}》（{source.publisher or source.source_name}，"
        f"{source.date or ''}）中抽取的数据生成。", "", "原文：", *sentences]) + "\n"


def add_chart(editor: Any) -> Document | None:
    source = Document.objects.filter(source_name=CHART_SOURCE).first()
    if source is None:
        return None
    figures = list(source.targets.filter(indicator=CHART_INDICATOR, year_start__isnull=False))
    if not figures:
        return None
    doc = do_ingest(editor, "demo-chart-guizhou.txt", chart_text(figures, source).encode("utf-8"),
                    Category.CHART).document
    doc = do_update_document(editor, doc, {"title": CHART_TITLE, "category": Category.CHART,
                                           "doc_type": ""})
    if not hasattr(doc, "chart_table"):
        do_chart_from_figures(editor, doc)
    return doc


def _seed_names() -> list[str]:
    return [p.name for p in [*DEMO_DATA.glob("seeds/*"), *DEMO_DATA.glob("samples/*")]]
