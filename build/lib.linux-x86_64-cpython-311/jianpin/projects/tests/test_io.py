"""Excel in and out: round trips, county headings, row errors and all-or-nothing, the CLI."""
from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, SIBLING_VILLAGE, VILLAGE
from jianpin.projects.io.apply import run_import
from jianpin.projects.io.export import export
from jianpin.projects.io.read import read_sheet
from jianpin.projects.models import Allocation, Asset, BudgetLine, FundBatch, Project, Status
from jianpin.projects.tests.factories import make_asset, make_project
from jianpin.projects.tests.fund_factories import make_allocation, make_batch
from jianpin.regions.models import Region

pytestmark = pytest.mark.django_db


def book(path: Path, sheet: str, rows: list[list[Any]]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.close()
    return path


def project_facts() -> list[tuple[Any, ...]]:
    return sorted((p.name, p.category, p.region_id, p.tasks, p.start_on, p.linkage,
                   tuple((b.source, b.amount) for b in p.budget.all()),
                   tuple((t.indicator, t.target_value) for t in p.targets.all()))
                  for p in Project.objects.all())


def test_library_round_trip(officer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_project(VILLAGE, name="=协和村光伏电站", category="industry",
                 budget=Decimal("123456.78"))
    make_project(SIBLING_VILLAGE, name="河尾村便民桥", start_on=dt.date(2025, 4, 2))
    before = project_facts()
    data = export(officer, "library", Region.objects.get(code=COUNTY))
    Project.objects.all().delete()
    (tmp_path / "lib.xlsx").write_bytes(data)
    result = run_import(officer, read_sheet(tmp_path / "lib.xlsx"))
    assert (result.kind, result.rows, result.written, result.errors) == ("library", 2, 2, [])
    assert project_facts() == before                    # the name kept its leading '='
    assert set(Project.objects.values_list("status", flat=True)) == {Status.DRAFT}


# A reconstruction of county project tables: a title row above the heading, amounts in 万元,
# one source column and a total (舞钢市2020年财政扶贫专项资金分配表: 序号、项目名称、资金来源、
# 投资规模（万元）、建设地点、建设内容、责任单位; 醴陵市2019年分配表: 建设地点、建设内容、投资规模、
# 责任单位), with the fields a project library adds (类别, 带贫机制, 绩效目标). Sources: docs/projects.md.
COUNTY_SHEET: list[list[Any]] = [
    ["五华县2025年巩固拓展脱贫攻坚成果和乡村振兴项目库"],
    ["序号", "项目名称", "项目类型", "建设性质", "实施地点", "建设内容及规模", "资金来源",
     "投资规模（万元）", "实施单位", "项目负责人", "受益户数", "受益人数", "其中脱贫人口",
     "带贫减贫机制", "绩效目标"],
    [1, "协和村茶叶加工厂建设项目", "产业发展", "新建", "441424100200", "建设加工厂房600平方米",
     "中央资金", 85.5, "水寨镇人民政府", "陈志强", 60, 230, 41, "务工带动、分红",
     "验收合格率：100%；受益脱贫（监测）人口数：41人"],
    [2, "河尾村饮水安全巩固提升工程", "饮水安全", "改建", "441424100201", "铺设管网3200米",
     "县级资金", "12.3456", "县水务局", "黄伟明", 120, 480, 36, "改善饮水条件",
     "项目（工程）验收合格率：100%"],
]


def test_county_headings_and_units(officer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = read_sheet(book(tmp_path / "县项目库.xlsx", "Sheet1", COUNTY_SHEET))
    assert (sheet.layout.kind, sheet.heading_row, sheet.wan) == ("library", 2, {"lump"})
    result = run_import(officer, sheet)
    assert (result.written, result.errors) == (2, [])
    tea = Project.objects.get(name="协和村茶叶加工厂建设项目")
    # the sheet's 受益脱贫人口数 (41) is read past: counts come from the registry
    assert (tea.category, tea.nature, tea.beneficiaries.count()) == ("industry", "new", 0)
    assert list(BudgetLine.objects.order_by("project_id").values_list("source", "amount")) == [
        ("central", Decimal("855000.00")), ("county", Decimal("123456.00"))]
    assert Project.objects.get(name__startswith="河尾村").category == "water"


def test_one_bad_row_writes_nothing(cadre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = [r[:] for r in COUNTY_SHEET]
    rows[2][2] = "文化旅游"                       # not a category
    rows.append([3, "邻县项目", "产业", "新建", "441481001001", "x", "中央资金", 1, "u", "p",
                 1, 1, 1, "m", "验收合格率：100%"])
    rows.append([4, "无目标项目", "产业", "新建", "441424100200", "x", "中央资金", 1, "u", "p",
                 1, 1, 1, "m", "验收合格率"])
    before = (Project.objects.count(), AuditEvent.objects.count())
    result = run_import(cadre, read_sheet(book(tmp_path / "bad.xlsx", "项目库", rows)))
    assert [(e.row, e.message) for e in result.errors] == [
        (3, "项目类别不在代码表内：文化旅游"),
        (4, "区划不存在或不在管辖范围内：441424100201"),   # the cadre's sibling village
        (5, "区划不存在或不在管辖范围内：441481001001"),
        (6, "绩效目标应写作“指标：目标值”：验收合格率")]
    assert (result.written, (Project.objects.count(), AuditEvent.objects.count())) == (0, before)


def test_dry_run_checks_everything_and_keeps_nothing(officer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_import(officer, read_sheet(book(tmp_path / "a.xlsx", "项目库", COUNTY_SHEET)),
                        dry_run=True)
    assert (result.written, result.errors, Project.objects.count()) == (2, [], 0)


def test_allocations_and_plan(officer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    planned = make_project(VILLAGE, status=Status.PLANNED, name="协和村百香果基地")
    library = make_project(VILLAGE, status=Status.IN_LIBRARY, name="协和村冷库")
    rows: list[list[Any]] = [
            ["下达文号", "资金来源", "下达日期", "资金年度", "下达地区（区划代码）", "下达金额（万元）",
             "项目编号", "项目名称", "安排日期", "安排金额（万元）"],
            ["梅市财农〔2025〕3号", "中央衔接资金", "2025-03-01", 2025, COUNTY, 100, planned.pk,
             planned.name, "2025/3/10", 60],
            ["梅市财农〔2025〕3号", "中央衔接资金", "2025-03-01", 2025, COUNTY, 100, None, None,
             None, None]]
    result = run_import(officer, read_sheet(book(tmp_path / "f.xlsx", "资金下达", rows)))
    assert (result.written, result.errors) == (2, [])
    batch = FundBatch.objects.get()
    assert (batch.amount, batch.issued_on) == (Decimal("1000000.00"), dt.date(2025, 3, 1))
    assert list(Allocation.objects.values_list("project_id", "amount", "allocated_on")) == [
        (planned.pk, Decimal("600000.00"), dt.date(2025, 3, 10))]
    plan: list[list[Any]] = [["项目编号", "项目名称", "计划年度"], [library.pk, "协和村冷库", 2026]]
    result = run_import(officer, read_sheet(book(tmp_path / "p.xlsx", "年度计划", plan)))
    library.refresh_from_db()
    assert (result.errors, library.status, library.plan_year) == ([], Status.PLANNED, 2026)


def test_allocation_and_asset_round_trips(officer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.HANDED_OVER)
    make_allocation(make_batch(COUNTY, amount="5000.50"), project, "4000.25")
    make_asset(VILLAGE, project=project, name="协和村光伏电站", value=Decimal("4000.25"))
    county = Region.objects.get(code=COUNTY)
    funds, assets = export(officer, "allocations", county), export(officer, "assets", county)
    facts = (list(FundBatch.objects.values_list("doc_number", "amount", "issued_on")),
             list(Allocation.objects.values_list("project_id", "amount")),
             list(Asset.objects.values_list("name", "kind", "value", "ownership", "custodian",
                                            "project_id")))
    Asset.objects.all().delete()
    Allocation.objects.all().delete()
    FundBatch.objects.all().delete()
    for name, data in (("f.xlsx", funds), ("a.xlsx", assets)):
        (tmp_path / name).write_bytes(data)
        assert run_import(officer, read_sheet(tmp_path / name)).errors == []
    assert facts == (list(FundBatch.objects.values_list("doc_number", "amount", "issued_on")),
                     list(Allocation.objects.values_list("project_id", "amount")),
                     list(Asset.objects.values_list("name", "kind", "value", "ownership",
                                                    "custodian", "project_id")))


def test_cli_import_json(officer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = book(tmp_path / "c.xlsx", "项目库", COUNTY_SHEET)
    out = io.StringIO()
    call_command("projects", "import", str(path), "--dry-run", "--json", "--user", "officer",
                 stdout=out)
    assert json.loads(out.getvalue()) == {"kind": "library", "rows": 2, "written": 2,
                                          "dry_run": True, "errors": []}
    assert Project.objects.count() == 0


def test_export_page_is_the_users_area(cadre, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse

    make_project(VILLAGE, name="协和村项目")
    make_project(SIBLING_VILLAGE, name="河尾村项目")
    c = Client()
    c.force_login(cadre)
    url = reverse("projects:export", args=["library"])
    assert c.get(url + f"?area={COUNTY}").status_code == 302     # beyond the cadre's area
    (tmp_path / "x.xlsx").write_bytes(c.get(url).content)        # the cadre's village
    names = [row["name"] for _, row in read_sheet(tmp_path / "x.xlsx").rows]
    assert names == ["协和村项目"]
