"""Figures keep their kind (goal or statistic), qualifier and area; pages and exports show them."""
from __future__ import annotations

import importlib
import io

import openpyxl
import pytest
from django.apps import apps
from django.test import Client

from jianpin.library.actions import SystemActor, do_ingest
from jianpin.library.models import Document, Target

pytestmark = pytest.mark.django_db

REPORT = ("贵州省巩固拓展脱贫攻坚成果情况\n"
          "2020年，全省脱贫人口人均纯收入10000元。2021年，全省脱贫人口人均纯收入11500元，"
          "其中毕节市脱贫人口人均纯收入11000元，威宁县10500元。全国脱贫人口人均纯收入12550元。"
          "到2025年，全省脱贫人口人均纯收入力争达到15000元以上。")


def _ingest() -> Document:
    return do_ingest(SystemActor(), "report.txt", REPORT.encode("utf-8")).document


def _rows(doc: Document) -> list[tuple[str, int, str, str, str | None]]:
    return [(t.year, int(t.value), t.kind, t.qualifier, t.region_id)
            for t in Target.objects.filter(document=doc).order_by("position")]


def test_figures_are_stored_with_kind_qualifier_and_area() -> None:
    doc = _ingest()
    assert doc.region_id == "520000000000"
    assert _rows(doc) == [
        ("2020", 10000, "statistic", "", "520000000000"),
        ("2021", 11500, "statistic", "", "520000000000"),
        ("2021", 11000, "statistic", "", "520500000000"),
        ("2021", 10500, "statistic", "", "520526000000"),
        ("2021", 12550, "statistic", "", None),
        ("2025", 15000, "goal", "力争 以上", "520000000000"),
    ]


def test_the_area_archive_lists_the_figures_about_the_area(client: Client) -> None:
    _ingest()
    county = client.get("/library/regions/520526000000/").content.decode()
    table = county.split('id="area-figures"')[1].split("</table>")[0]
    assert table.count("<tr>") == 2 and ">10500<" in table and ">11500<" not in table
    province = client.get("/library/regions/520000000000/").content.decode()
    table = province.split('id="area-figures"')[1].split("</table>")[0]
    # Header, the five figures of Guizhou and its places, and the national one its document
    # states (figures without an area of their own go with their document's).
    assert table.count("<tr>") == 7 and "全国/未注明" in table
    assert ">12550<" in table and "威宁彝族回族苗族自治县" in table and ">目标<" in table
    assert "力争 以上" in table
    prefecture = client.get("/library/regions/520500000000/").content.decode()
    table = prefecture.split('id="area-figures"')[1].split("</table>")[0]
    assert ">11000<" in table and ">10500<" in table and ">11500<" not in table


def test_the_figures_table_filters_by_kind_and_exports_kind_and_area(client: Client) -> None:
    _ingest()
    page = client.get("/library/targets/", {"kind": "goal"}).content.decode()
    table = page.split('id="targets-table"')[1]
    assert table.count("<tr>") == 2 and ">15000<" in table and ">10000<" not in table
    page = client.get("/library/targets/", {"kind": "nonsense"}).content.decode()
    assert page.split('id="targets-table"')[1].count("<tr>") == 7
    response = client.get("/library/targets.xlsx", {"region": "520500000000"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-3:] == ("类型", "数据地区代码", "数据地区")
    assert [(r[3], r[-3], r[-1]) for r in rows[1:]] == [(11000, "统计", "毕节市"),
                                                         (10500, "统计", "威宁彝族回族苗族自治县")]


def test_the_figures_page_is_in_english(client: Client) -> None:
    _ingest()
    client.cookies["django_language"] = "en"
    page = client.get("/library/targets/").content.decode()
    for words in ("Policy goals and statistics", "Kind", "Goal", "Statistic", "Export to Excel"):
        assert words in page
    assert "政策目标与统计数据" not in page and ">筛选<" not in page


def test_the_migration_fills_kind_and_area_of_figures_stored_before() -> None:
    doc = _ingest()
    before = _rows(doc)
    Target.objects.update(kind="statistic", region=None)
    module = importlib.import_module("jianpin.library.migrations.0007_figure_kind_region")
    module.fill_kind_and_region(apps, None)
    assert _rows(doc) == before
