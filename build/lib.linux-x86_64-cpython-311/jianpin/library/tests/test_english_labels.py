"""The library's result lines and facets in both languages: a report among the reports is named
once (not "Reports · Reports"), the year facet reads 2021 in English and 2021年 in Chinese, and
the document-type facet says "Report" where the resource tab says "Reports"."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from jianpin.library.actions import SystemActor, do_ingest, do_update_document
from jianpin.library.models import Document

pytestmark = pytest.mark.django_db


def _doc(title: str, category: str, doc_type: str, year: int) -> Document:
    doc = do_ingest(SystemActor(), f"{title}.txt", f"{title}\n{title}：巩固拓展脱贫攻坚成果"
                    f"{year}年情况。".encode(), category).document
    return do_update_document(SystemActor(), doc, {
        "category": category, "doc_type": doc_type, "issued_on": dt.date(year, 3, 1),
        "published_on": dt.date(year, 3, 1)})


def _page(language: str, query: str) -> str:
    client = Client()
    client.cookies["django_language"] = language
    return client.get(f"/library/?{query}").content.decode()


def _metas(page: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'<div class="meta">(.*?)</div>', page, re.S)]


def test_a_report_is_named_once_and_years_read_as_numbers() -> None:
    _doc("脱贫地区发展研究报告", "report", "报告", 2021)
    _doc("乡村振兴调研报告", "report", "", 2021)
    _doc("关于印发帮扶方案的通知", "policy", "通知", 2022)
    en = _page("en", "category=report")
    assert sorted(_metas(en)) == ["2021-03-01 · Report", "2021-03-01 · Unclassified · Reports"]
    assert "Reports · Reports" not in en and "Report · Reports" not in en
    zh = _page("zh-hans", "category=report")
    assert sorted(_metas(zh)) == ["2021-03-01 · 报告", "2021-03-01 · 未分类 · 报告"]
    # the year facet
    en = _page("en", "")
    years = re.search(r"<h3>Year</h3><ul>(.*?)</ul>", en, re.S)
    assert years is not None and "年" not in years.group(1)
    assert re.findall(r'year=(\d+)">([^<]+)</a>', years.group(1)) == [
        ("2022", "2022"), ("2021", "2021")]
    zh = _page("zh-hans", "")
    years = re.search(r"<h3>年份</h3><ul>(.*?)</ul>", zh, re.S)
    assert years is not None
    assert re.findall(r'year=(\d+)">([^<]+)</a>', years.group(1)) == [
        ("2022", "2022年"), ("2021", "2021年")]
    # the document-type facet names the type, the tab the resource type
    assert re.search(r'doc_type=%E6%8A%A5%E5%91%8A">Report</a>', en)
    assert re.search(r">Reports <span", en)
