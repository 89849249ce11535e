"""The library's demo: every resource type and the authors facet show something, built from
texts kept with the project; the invented entries (a selection, a chart) are labelled 演示."""
from __future__ import annotations

import io

import pytest
from django.test import Client

from jianpin.audit.models import AuditEvent
from jianpin.library import demo
from jianpin.library.models import ChartTable, Document, DocumentAuthor

pytestmark = pytest.mark.django_db


def test_demo_fills_every_resource_type_once(client: Client, editor) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.setup(out)
    assert out.getvalue() == ("政策文献库：已收录 14 篇示例文献"
                              "政策文献库演示条目：报告 5 篇，图书 1 种，图表 1 个")
    counts = {c: Document.objects.filter(category=c).count()
              for c in ("policy", "report", "book", "chart", "news")}
    assert counts == {"policy": 11, "report": 6, "book": 1, "chart": 1, "news": 2}

    book = Document.objects.get(category="book")
    assert (book.title, book.authors, book.publisher, book.pub_year, book.date) == (
        "【演示】脱贫攻坚与乡村振兴政策文件选编", "演示编写组", "演示数据（非正式出版物）", 2022, None)
    assert "本书为演示数据" in book.content.text
    assert "1. 梅州市扶贫开发资金管理办法" in book.content.text
    report = Document.objects.get(source_name="r182.txt")
    assert (report.category, report.authors, report.publisher, report.pub_year) == (
        "report", "汪三贵、周诗凯", "华南师范大学学报(社会科学版)", 2023)

    chart = Document.objects.get(category="chart")
    assert chart.title == "【演示】贵州省2016—2019年减贫目标数据图表"
    assert "本图表为演示数据" in chart.content.text
    table = ChartTable.objects.get(document=chart)
    # The seed's own figures: 2016年减贫100万人,2017年减贫100万人,2018年减贫70万人,2019年减贫65万人.
    assert table.header == ["年份", "减贫（万人）（目标）"]
    assert table.rows == [[2016, 100], [2017, 100], [2018, 70], [2019, 65]]

    names = sorted(DocumentAuthor.objects.values_list("name", flat=True))
    assert names == ["何玲玲", "刘明月", "周诗凯", "宁静", "杜鹰", "林卡", "樊士帅", "殷浩栋", "汪三贵",
                     "汪三贵", "演示编写组", "马高明", "黄燕"]
    page = client.get("/library/").content.decode()
    tabs = page.split('id="type-tabs"')[1].split("</nav>")[0]
    for label, n in (("图书", 1), ("报告", 6), ("图表", 1), ("资讯", 2)):
        assert f'{label} <span class="muted">{n}</span>' in tabs
    authors = client.get("/library/authors/").content.decode()
    assert '<a href="?name=%E6%B1%AA%E4%B8%89%E8%B4%B5">汪三贵</a><span class="muted">2' in authors
    assert "杜鹰:认真总结脱贫攻坚实践经验" in authors.split('id="expert-views"')[1]

    events = AuditEvent.objects.count()
    again = io.StringIO()
    demo.setup(again)
    assert again.getvalue() == "政策文献库演示条目：报告 5 篇，图书 1 种，图表 1 个"
    assert AuditEvent.objects.count() == events
    assert Document.objects.count() == 21
