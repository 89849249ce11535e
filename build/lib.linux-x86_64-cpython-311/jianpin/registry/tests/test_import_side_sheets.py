"""A county workbook with the monitoring system's other sheets (户信息, 已外出务工信息,
计划外出务工信息, 行政村信息; see national_sheets): each planted defect is caught with its code
at its sheet and row and nothing else is reported; the clean twin commits whole, keeps every
side-sheet row with the batch, and survives export → import unchanged."""
from __future__ import annotations

import pytest
import python_calamine
import xlsxwriter

from jianpin.registry.io import service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.io.models import ImportBatch, KeptRow
from jianpin.registry.models import Household, Member, WorkPeriod
from jianpin.registry.tests import national_sheets as ns

pytestmark = pytest.mark.django_db
N = 60


def _found(out: service.Outcome) -> set[tuple[str, int, str]]:
    return {(e["sheet"], e["row"], e["code"]) for e in out.errors}


def test_planted_defects_in_every_sheet_are_caught_and_nothing_else(tmp_path, cadre):
    book = ns.build(tmp_path / "d.xlsx", N)
    out = service.run(book.path, user=cadre, dry_run=True)
    assert out.layout == "monitoring" and out.rows == book.members
    assert len(book.planted) == len(ns.DEFECTS) == 16
    assert _found(out) == book.planted
    assert Household.objects.count() == 0


def test_clean_twin_commits_and_keeps_every_side_row(tmp_path, cadre):
    book = ns.build(tmp_path / "c.xlsx", N, clean=True)
    out = service.run(book.path, user=cadre, dry_run=False)
    assert out.errors == [] and out.committed
    assert out.households == {"new": N, "updated": 0, "unchanged": 0}
    assert out.members == {"new": book.members, "updated": 0, "unchanged": 0}
    batch = ImportBatch.objects.get(sha256=out.sha256)
    # every column of the side sheets has a home now: only the member sheet keeps columns
    kept = {k.name: k.columns for k in batch.kept_sheets.all()}
    assert list(kept) == ["监测对象信息"]
    assert kept["监测对象信息"] == out.contract()["unmapped"]["columns"]["监测对象信息"]
    assert KeptRow.objects.filter(sheet__batch=batch).count() == out.contract()["unmapped"]["rows"]
    assert out.notes[0] == f"工作表「户信息」按户信息读取 {N} 行，已与成员表核对"
    for name in ("是否已务工", "是否出列", "是否通自来水", "就业服务需求", "户类型", "县"):
        assert name not in out.unknown_columns
    assert WorkPeriod.objects.count() == book.rows["已外出务工信息"]
    assert out.side["work_periods"] == {"new": book.rows["已外出务工信息"], "removed": 0,
                                        "unchanged": 0}
    assert out.side["villages"] == {"new": 1, "updated": 0, "unchanged": 0, "unmatched": 0}
    assert Member.objects.filter(plans_work=True).count() == book.rows["计划外出务工信息"]
    # 务工所在县 became the work place of the members the member sheet gave none
    placed = Member.objects.filter(work_place__in=("深圳市宝安区", "东莞市长安镇", "宁波市鄞州区"))
    assert placed.count() == book.placed > 0


def test_sheets_are_told_apart_by_headers_not_names(tmp_path, cadre):
    """The same workbook with its sheets renamed Sheet1.. and the village sheet first."""
    book = ns.build(tmp_path / "d.xlsx", N)
    source = python_calamine.CalamineWorkbook.from_path(str(book.path))
    order = ["行政村信息", "已外出务工信息", "监测对象信息", "计划外出务工信息", "户信息"]
    renamed = {name: f"Sheet{i}" for i, name in enumerate(order, 1)}
    out_book = xlsxwriter.Workbook(str(tmp_path / "r.xlsx"))
    for name in order:
        ws = out_book.add_worksheet(renamed[name])
        for r, row in enumerate(source.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    out_book.close()
    out = service.run(tmp_path / "r.xlsx", user=cadre, dry_run=True)
    assert out.layout == "monitoring"
    assert _found(out) == {(renamed[s], r, code) for s, r, code in book.planted}


def _without_toilet_column(book: ns.Book, path, repeat_first: bool = False):  # type: ignore[no-untyped-def]
    """The workbook again without the member sheet's 是否有卫生厕所; `repeat_first` repeats
    the first 户信息 row with the opposite toilet answer. Returns 户信息's answers."""
    source = python_calamine.CalamineWorkbook.from_path(str(book.path))
    out_book = xlsxwriter.Workbook(str(path))
    wanted = {}
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        drop = rows[2].index("是否有卫生厕所") if name == "监测对象信息" else None
        if name == "户信息":
            wanted = {row[3]: row[14] == "是" for row in rows[3:]}
            if repeat_first:
                rows.append([*rows[3][:14], "否" if rows[3][14] == "是" else "是", *rows[3][15:]])
        ws = out_book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(x for i, x in enumerate(row) if i != drop):
                if v != "":
                    ws.write(r, c, v)
    out_book.close()
    return wanted


def test_household_sheet_fills_what_the_member_sheet_leaves_blank(tmp_path, cadre):
    """户信息's 是否有卫生户厕 is the household's toilet when the member sheet has no such column."""
    book = ns.build(tmp_path / "c.xlsx", 6, clean=True)
    wanted = _without_toilet_column(book, tmp_path / "f.xlsx")
    out = service.run(tmp_path / "f.xlsx", user=cadre, dry_run=False)
    assert out.errors == [] and out.committed
    assert dict(Household.objects.values_list("number", "sanitary_toilet")) == wanted


def test_household_sheet_rows_of_one_household_must_agree(tmp_path, cadre):
    book = ns.build(tmp_path / "c.xlsx", 6, clean=True)
    wanted = _without_toilet_column(book, tmp_path / "f.xlsx", repeat_first=True)
    out = service.run(tmp_path / "f.xlsx", user=cadre, dry_run=True)
    number = next(iter(wanted))
    first = "是" if wanted[number] else "否"
    assert [(e["sheet"], e["row"], e["column"], e["code"], e["message"]) for e in out.errors] == [
        ("户信息", 10, "是否有卫生户厕", "household_conflict",
         f"同一户（户编号 {number}）本表第 4 行填写为「{first}」，与本表不一致")]


@pytest.mark.parametrize("layout", ["monitoring", "national", "template"])
def test_round_trip_after_a_workbook_with_side_sheets_changes_nothing(tmp_path, officer, layout):
    book = ns.build(tmp_path / "c.xlsx", 12, clean=True)
    assert service.run(book.path, user=officer, dry_run=False, year=2023).committed
    again = service.run(book.path, user=officer, dry_run=False, year=2023)
    assert again.households == {"new": 0, "updated": 0, "unchanged": 12}
    assert again.members == {"new": 0, "updated": 0, "unchanged": book.members}
    name, data, count = do_export(officer, ExportRequest(layout=layout, year=2023, unmasked=True))
    (tmp_path / name).write_bytes(data)
    before = list(Member.objects.values_list("id", "work_place", "updated_at").order_by("id"))
    out = service.run(tmp_path / name, user=officer, dry_run=False, year=2023)
    assert out.errors == []
    assert out.households == {"new": 0, "updated": 0, "unchanged": 12}
    assert out.members == {"new": 0, "updated": 0, "unchanged": count}
    assert list(Member.objects.values_list("id", "work_place", "updated_at")
                .order_by("id")) == before


def test_commit_after_preview_reuses_what_the_side_sheets_gave(tmp_path, cadre):
    """The preview keeps the checked rows with the side sheets' contributions (work places,
    kept rows); confirming the same file uses them and writes the same as a cold commit."""
    book = ns.build(tmp_path / "c.xlsx", 12, clean=True)
    assert service.run(book.path, user=cadre, dry_run=True).errors == []
    out = service.run(book.path, user=cadre, dry_run=False)
    assert out.reused_preview and out.committed
    placed = Member.objects.filter(work_place__in=("深圳市宝安区", "东莞市长安镇", "宁波市鄞州区"))
    assert placed.count() == book.placed > 0
    assert WorkPeriod.objects.count() == book.rows["已外出务工信息"]


def test_household_sheet_sizes_are_checked_when_it_has_them(tmp_path, cadre):
    """The sources' 户信息 has no size column; a county sheet that adds 当前家庭人口数 has it
    checked against the member sheet."""
    book = ns.build(tmp_path / "c.xlsx", 4, clean=True)
    source = python_calamine.CalamineWorkbook.from_path(str(book.path))
    members = source.get_sheet_by_name("监测对象信息").to_python(skip_empty_area=False)
    size = {row[3]: row[members[2].index("当前家庭人口数")] for row in members[3:]}
    out_book = xlsxwriter.Workbook(str(tmp_path / "s.xlsx"))
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "户信息":      # the second household's size (Excel row 5) one too many
            rows = [[*row, "当前家庭人口数" if r == 2 else (size[row[3]] + (r == 4) if r > 2 else "")]
                    for r, row in enumerate(rows)]
            second = rows[4][3]
        ws = out_book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    out_book.close()
    out = service.run(tmp_path / "s.xlsx", user=cadre, dry_run=True)
    assert [(e["sheet"], e["row"], e["code"], e["message"]) for e in out.errors] == [
        ("户信息", 5, "size_mismatch",
         f"家庭人口填写为 {int(size[second]) + 1} 人，但成员表中该户有 {int(size[second])} 名成员")]
