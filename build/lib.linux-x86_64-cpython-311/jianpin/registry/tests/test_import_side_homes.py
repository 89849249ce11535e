"""Where the monitoring workbook's other sheets go: 户信息 living conditions onto households,
已外出务工信息 periods onto members (and their months into 务工时间（月）), 计划外出务工信息 answers
onto members, 行政村信息 figures onto the matched villages; rows no village matches are kept
whole and reported. The full workbook exported and imported again changes nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import python_calamine
import xlsxwriter

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.regions.models import Region
from jianpin.registry.io import service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.io.models import ImportBatch, KeptRow
from jianpin.registry.io.periods import months_in_year
from jianpin.registry.models import Household, Member, VillageFacts, WorkPeriod
from jianpin.registry.tests import national_sheets as ns

pytestmark = pytest.mark.django_db
YES = {"是": True, "否": False, "": None}


def _sheet(path, name):  # type: ignore[no-untyped-def]
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name) \
        .to_python(skip_empty_area=False)


def _rows(path, name):  # type: ignore[no-untyped-def]
    rows = _sheet(path, name)
    return [dict(zip(["".join(str(h).split()) for h in rows[2]], r, strict=True))
            for r in rows[3:]]


def test_household_sheet_living_conditions_are_stored(tmp_path, cadre):
    book = ns.build(tmp_path / "c.xlsx", 8, clean=True)
    assert service.run(book.path, user=cadre, dry_run=False).committed
    for row in _rows(book.path, "户信息"):
        hh = Household.objects.get(number=row["户编号"])
        assert (hh.tap_water, hh.clean_energy, hh.clean_energy_type, hh.shower, hh.toilet_type,
                hh.toilet_usable, hh.toilet_in_yard, hh.yard_beautified, hh.road_hardened,
                hh.water_interval_ok, hh.dilapidated, hh.toilet_indoor) == (
            YES[row["是否通自来水"]], YES[row["是否使用清洁能源"]], row["使用清洁能源的类型"],
            YES[row["是否有淋浴设施"]], row["卫生厕所类型"], YES[row["卫生厕所是否能正常使用"]],
            YES[row["卫生户厕是否入院"]], YES[row["是否进行过庭院美化"]], True,
            False, False, False)


def test_periods_planned_work_and_village_figures_are_stored(tmp_path, cadre):
    book = ns.build(tmp_path / "c.xlsx", 10, clean=True, year=2024)
    out = service.run(book.path, user=cadre, dry_run=False, year=2024)
    assert out.committed and out.errors == []
    migrant = _rows(book.path, "已外出务工信息")
    assert WorkPeriod.objects.count() == len(migrant)
    for row in migrant:
        p = WorkPeriod.objects.get(member__id_number=row["证件号码"][:18],   # 20: 残疾人证
                                   start=dt.date(int(row["开始时间"][:4]), int(row["开始时间"][4:]), 1))
        assert (p.working, p.county, p.channel, p.monthly_income, p.travel_subsidy) == (
            True, row["务工所在县"], row["就业渠道"], Decimal(str(row["务工月收入"])),
            Decimal(str(row["年度交通费补助"])))
        assert p.end == (None if row["结束时间"] == "" else dt.date(2024, 12, 1) if
                         row["结束时间"].startswith("2024") else dt.date(2023, 10, 1))
    # a member whose sheet left 务工时间（月） blank got the months of their 2024 period
    members = {r["证件号码"]: r for r in _rows(book.path, "监测对象信息")}
    filled = 0
    for row in migrant:
        if row["开始时间"].startswith("2024"):
            months = 13 - int(row["开始时间"][4:])
            assert Member.objects.get(id_number=row["证件号码"][:18]).work_months == months
            filled += members[row["证件号码"]]["务工时间（月）"] == ""
    assert filled > 0
    assert f"{filled} 人的务工时间（月）按已外出务工信息的开始、结束时间计算（成员表未填写的）" in out.notes
    for row in _rows(book.path, "计划外出务工信息"):
        m = Member.objects.get(id_number=row["证件号码"][:18])
        assert (m.plans_work, m.work_service_need) == (True, row["就业服务需求"])
    facts = VillageFacts.objects.get()
    assert (facts.village_id, facts.year, facts.exited, facts.households, facts.people,
            facts.dibao_households, facts.unsafe_houses, facts.road, facts.schools,
            facts.collective_income, facts.waste_points) == (
        VILLAGE, 2024, True, 412, 1530, 21, 0, True, 1, Decimal("12.60"), 4)
    assert AuditEvent.objects.filter(action="registry.village_facts.import",
                                     region_code=VILLAGE).count() == 1
    assert AuditEvent.objects.filter(action="registry.import.work_periods").count() == len(
        {r["户编号"] for r in migrant})


def _with_village_rows(book: ns.Book, path, extra: list[list]):  # type: ignore[no-untyped-def]
    source = python_calamine.CalamineWorkbook.from_path(str(book.path))
    out_book = xlsxwriter.Workbook(str(path))
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "行政村信息":
            rows += [[*r, *[""] * (len(rows[2]) - len(r))] for r in extra]
        ws = out_book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    out_book.close()
    return path


def test_village_rows_no_village_matches_are_kept_whole_and_reported(tmp_path, cadre):
    """A village outside the cadre's area and one jianpin does not know: reported, kept whole,
    not written; the rest of the workbook imports."""
    book = ns.build(tmp_path / "c.xlsx", 4, clean=True)
    sibling = Region.objects.get(code=SIBLING_VILLAGE).name
    path = _with_village_rows(book, tmp_path / "v.xlsx", [
        ["五华县", "水寨镇", sibling, "否", 300, 1100],
        ["五华县", "水寨镇", "没有这个村", "否", 200, 800]])
    out = service.run(path, user=cadre, dry_run=False)
    assert out.errors == [] and out.committed
    assert out.side["villages"] == {"new": 1, "updated": 0, "unchanged": 0, "unmatched": 2}
    assert [(u["row"], u["village"], u["reason"]) for u in out.side["unmatched"]] == [
        (5, sibling, "不在您的管辖区域内"), (6, "没有这个村", "找不到该行政村")]
    assert out.notes[-1] == ("行政村信息中有 2 行未能对应到本系统的行政村（如第 5 行"
                             f"「{sibling}」：不在您的管辖区域内），这些行整行保存在导入批次上，未导入")
    assert list(VillageFacts.objects.values_list("village_id", flat=True)) == [VILLAGE]
    batch = ImportBatch.objects.get(sha256=out.sha256)
    kept = KeptRow.objects.filter(sheet__batch=batch, whole=True).order_by("row")
    header = kept[0].sheet.header
    assert [(k.row, k.reason, dict(zip(header, k.values, strict=True))["村"]) for k in kept] == [
        (5, "不在您的管辖区域内", sibling), (6, "找不到该行政村", "没有这个村")]
    assert kept[0].values[:6] == ["五华县", "水寨镇", sibling, "否", 300.0, 1100.0]


def test_months_in_year():
    p = [{"start": dt.date(2023, 3, 1), "end": dt.date(2023, 12, 1)},
         {"start": dt.date(2023, 11, 1), "end": dt.date(2024, 2, 1)},     # overlaps: once
         {"start": dt.date(2023, 5, 1), "end": None, "working": False}]    # 否: not counted
    today = dt.date(2024, 6, 15)
    assert months_in_year(p, 2023, today) == 10
    assert months_in_year(p, 2024, today) == 2
    assert months_in_year(p, 2022, today) is None       # says nothing about 2022
    open_ = [{"start": dt.date(2024, 4, 1), "end": None}]
    assert months_in_year(open_, 2024, today) == 3      # April to this month
    assert months_in_year(open_, 2023, today) is None
    assert months_in_year([{"start": dt.date(2022, 4, 1), "end": None}], 2023, today) == 12
    reversed_ = [{"start": dt.date(2023, 8, 1), "end": dt.date(2023, 3, 1)}]
    assert months_in_year(reversed_, 2023, today) is None


def test_full_county_workbook_round_trip_with_side_sheets_changes_nothing(tmp_path, officer):
    book = ns.build(tmp_path / "c.xlsx", 12, clean=True, year=2023)
    assert service.run(book.path, user=officer, dry_run=False, year=2023).committed
    name, data, count = do_export(officer, ExportRequest(layout="monitoring", year=2023,
                                                         unmasked=True))
    path = tmp_path / name
    path.write_bytes(data)
    sheets = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    assert sheets == ["监测对象信息", "户信息", "已外出务工信息", "计划外出务工信息", "行政村信息"]
    for sheet, (_title, header) in ns.SHEETS.items():
        assert _sheet(path, sheet)[1] == header       # title row, then the national header
        assert len(_sheet(path, sheet)) - 2 == book.rows[sheet]
    before = [list(m.objects.values().order_by("id")) for m in (
        Household, Member, WorkPeriod, VillageFacts)]
    events = AuditEvent.objects.count()
    out = service.run(path, user=officer, dry_run=False, year=2023)
    assert out.errors == [] and out.committed
    assert out.households == {"new": 0, "updated": 0, "unchanged": 12}
    assert out.members == {"new": 0, "updated": 0, "unchanged": count}
    assert out.side["work_periods"] == {"new": 0, "removed": 0,
                                        "unchanged": book.rows["已外出务工信息"]}
    assert out.side["villages"] == {"new": 0, "updated": 0, "unchanged": 1, "unmatched": 0}
    assert [list(m.objects.values().order_by("id")) for m in (
        Household, Member, WorkPeriod, VillageFacts)] == before
    assert AuditEvent.objects.count() == events      # nothing written, nothing audited


def test_masked_export_masks_the_side_sheets_ids(tmp_path, officer):
    book = ns.build(tmp_path / "c.xlsx", 4, clean=True)
    assert service.run(book.path, user=officer, dry_run=False).committed
    name, data, _count = do_export(officer, ExportRequest(layout="monitoring"))
    path = tmp_path / name
    path.write_bytes(data)
    for sheet in ("户信息", "已外出务工信息", "计划外出务工信息"):
        ids = [r[r and _sheet(path, sheet)[1].index("证件号码")] for r in _sheet(path, sheet)[2:]]
        assert ids and all(len(i) == 18 and i.endswith("*" * 12) for i in ids), sheet


def test_a_member_listed_again_gets_exactly_the_listed_periods(tmp_path, cadre):
    """The sheet lists a member's periods: one dropped from the sheet is removed, one changed
    is replaced; members the sheet no longer lists keep theirs. Audited per household."""
    book = ns.build(tmp_path / "c.xlsx", 6, clean=True, year=2024)
    assert service.run(book.path, user=cadre, dry_run=False, year=2024).committed
    source = python_calamine.CalamineWorkbook.from_path(str(book.path))
    migrant = source.get_sheet_by_name("已外出务工信息").to_python(skip_empty_area=False)
    ids = [r[5] for r in migrant[3:]]
    twice = next(i for i in ids if ids.count(i) == 2)      # earlier year and this year
    first, *others = dict.fromkeys(i for i in ids if i != twice)
    keep_rows = [r for r in migrant[3:] if r[5] != first]   # first member: no longer listed
    dropped = next(r for r in keep_rows if r[5] == twice and r[10].startswith("2023"))
    keep_rows.remove(dropped)                              # twice: the 2023 period dropped
    out_book = xlsxwriter.Workbook(str(tmp_path / "again.xlsx"))
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "已外出务工信息":
            rows = rows[:3] + keep_rows
        ws = out_book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    out_book.close()
    before = {i: WorkPeriod.objects.filter(member__id_number=i[:18]).count() for i in set(ids)}
    events = AuditEvent.objects.filter(action="registry.import.work_periods").count()
    out = service.run(tmp_path / "again.xlsx", user=cadre, dry_run=False, year=2024)
    assert out.committed and out.errors == []
    assert out.side["work_periods"] == {"new": 0, "removed": 1, "unchanged": len(keep_rows)}
    assert WorkPeriod.objects.filter(member__id_number=twice[:18]).count() == 1
    assert WorkPeriod.objects.get(member__id_number=twice[:18]).start.year == 2024
    assert WorkPeriod.objects.filter(member__id_number=first[:18]).count() == before[first] > 0
    assert all(WorkPeriod.objects.filter(member__id_number=i[:18]).count() == before[i]
               for i in others)
    event = AuditEvent.objects.filter(action="registry.import.work_periods").latest("id")
    assert AuditEvent.objects.filter(action="registry.import.work_periods").count() == events + 1
    assert list(event.diff["members"].values()) == [{"务工时段数": [2, 1]}]


def test_a_period_with_blank_cells_is_stored_blank(tmp_path, cadre):
    book = ns.build(tmp_path / "c.xlsx", 3, clean=True)
    source = python_calamine.CalamineWorkbook.from_path(str(book.path))
    out_book = xlsxwriter.Workbook(str(tmp_path / "b.xlsx"))
    for name in source.sheet_names:
        rows = source.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == "已外出务工信息":
            rows[3][8:10] = ["", ""]            # 务工所在县, 就业渠道
            rows[3][12:14] = ["", ""]           # 务工月收入, 年度交通费补助
            person = rows[3][5][:18]
        ws = out_book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    out_book.close()
    out = service.run(tmp_path / "b.xlsx", user=cadre, dry_run=False)
    assert out.committed and out.errors == []
    blank = WorkPeriod.objects.filter(member__id_number=person).order_by("start").first()
    assert (blank.county, blank.channel, blank.monthly_income, blank.travel_subsidy) == (
        "", "", None, None)
