"""Reconstructed national exports (see national_files): every planted defect is caught with
its stable code at its row, nothing else is reported, and the clean twins commit whole."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F

from jianpin.registry.io import service
from jianpin.registry.io.models import ImportBatch
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.tests import national_files as nf

pytestmark = pytest.mark.django_db
N = 60


def _found(out: service.Outcome) -> set[tuple[int, str]]:
    return {(e["row"], e["code"]) for e in out.errors}


@pytest.mark.parametrize("layout", ["monitoring", "national"])
def test_planted_defects_are_caught_and_nothing_else(tmp_path, cadre, layout):
    built = getattr(nf, layout)(tmp_path / "d.xlsx", N)
    out = service.run(built.path, user=cadre, dry_run=True)
    assert out.layout == layout
    assert out.rows == built.rows
    assert len(built.planted) == len(getattr(nf, f"{layout.upper()}_DEFECTS"))
    assert _found(out) == built.planted
    assert not out.committed and Household.objects.count() == 0


@pytest.mark.parametrize("layout", ["monitoring", "national"])
def test_clean_twin_commits_every_household(tmp_path, cadre, layout):
    built = getattr(nf, layout)(tmp_path / "c.xlsx", N, clean=True)
    out = service.run(built.path, user=cadre, dry_run=False)
    assert out.errors == []
    assert out.committed
    assert out.households == {"new": N, "updated": 0, "unchanged": 0}
    assert out.members == {"new": built.rows, "updated": 0, "unchanged": 0}
    assert Member.objects.count() == built.rows


def test_monitoring_values_land_in_their_homes(tmp_path, cadre):
    nf.monitoring(tmp_path / "c.xlsx", 12, clean=True)
    service.run(tmp_path / "c.xlsx", user=cadre, dry_run=False, year=2023)
    # household 12: monitored (12 % 3 == 0), risk eliminated (12 % 2 == 0), annual size = size
    hh = Household.objects.get(number=f"{nf.VILLAGE}0000012")
    assert hh.monitoring_kind == nf.KINDS[0]
    assert hh.risk_eliminated is True
    assert hh.elimination_method in ("帮扶消除", "自然消除")
    assert hh.monitoring_since is not None and hh.monitoring_since.day == 1
    assert hh.risk_eliminated_on == dt.date(hh.monitoring_since.year + 1,
                                            hh.monitoring_since.month, 1)
    assert hh.risk_types and set(hh.risk_types) <= {
        "因病", "因残", "因学", "因住房安全", "因缺劳动力", "因务工就业不稳", "因饮水安全"}
    assert hh.phone.startswith("159") and hh.annual_size == hh.size
    left = Household.objects.get(number=f"{nf.VILLAGE}0000011")     # 11 % 5 == 1: one left
    assert left.annual_size == left.size + 1
    head = hh.members.get(relation="本人")
    assert head.person_number == f"{hh.number}01"
    assert head.id_type == "居民身份证"
    not_monitored = Household.objects.get(number=f"{nf.VILLAGE}0000004")
    assert not_monitored.monitoring_kind == "" and not_monitored.risk_types == []
    assert not_monitored.risk_eliminated is None
    relations = set(Member.objects.values_list("relation", flat=True))
    assert relations <= {"本人", "配偶", "子", "女", "其他", "孙子女", "父母"}
    assert "学龄前" in set(Member.objects.values_list("education", flat=True)) or \
        not Member.objects.filter(birth_date__year__gte=2021).exists()


def test_monitoring_income_parts_and_annual_size(tmp_path, cadre):
    nf.monitoring(tmp_path / "c.xlsx", 12, clean=True)
    service.run(tmp_path / "c.xlsx", user=cadre, dry_run=False, year=2023)
    for inc in IncomeRecord.objects.select_related("household"):
        parts = (inc.family_planning + inc.dibao_amount + inc.tekun_amount + inc.pension +
                 inc.eco_compensation + inc.other_transfer)
        assert inc.transfer_income == parts
        assert inc.per_capita_net == (inc.net_income / inc.household.annual_size).quantize(
            Decimal("0.01"))
    assert IncomeRecord.objects.filter(household__annual_size__gt=F("household__size")).count() == 3


def test_disability_certificate_number_in_the_id_column(tmp_path, cadre):
    built = nf.monitoring(tmp_path / "c.xlsx", N, clean=True)
    service.run(built.path, user=cadre, dry_run=False)
    certified = Member.objects.filter(id_type="残疾人证")
    assert certified.exists()
    for m in certified:
        assert len(m.id_number) == 18 and m.health == "残疾"
        assert m.disability_grade in (1, 2, 3, 4)


def test_columns_without_a_home_are_kept_with_the_batch(tmp_path, cadre):
    built = nf.monitoring(tmp_path / "c.xlsx", 9, clean=True)
    out = service.run(built.path, user=cadre, dry_run=False)
    names = out.contract()["unmapped"]["columns"]["监测对象信息"]
    assert "就业帮扶" in names and "是否危房户" in names and "信息采集人" in names
    assert "户编号" not in names and "人编号" not in names
    batch = ImportBatch.objects.get(sha256=out.sha256)
    kept = batch.kept()
    assert kept["columns"] == {"监测对象信息": names}
    rows = {row: dict(zip(names, values, strict=True)) for _sheet, row, values in kept["rows"]}
    assert len(rows) == built.rows          # every row has values there (是否危房户 = 否)
    assert rows[4]["是否危房户"] == "否"


def test_unknown_value_names_column_value_and_closest(tmp_path, cadre):
    built = nf.monitoring(tmp_path / "d.xlsx", N)
    out = service.run(built.path, user=cadre, dry_run=True)
    [err] = [e for e in out.errors if e["value"] == "之侄子"]
    assert err["column"] == "与户主关系" and err["code"] == "bad_code"
    assert "最接近的可选值" in err["message"] and "之子" in err["message"]
    [edu] = [e for e in out.errors if e["value"] == "研究僧"]
    assert edu["column"] == "文化程度"


def test_held_out_county_table_defects_and_clean_twin(tmp_path, cadre):
    """The held-out reconstruction (built after the importer, not tuned to): 300 households."""
    built = nf.county_full(tmp_path / "d.xlsx", 300)
    out = service.run(built.path, user=cadre, dry_run=True)
    assert _found(out) == built.planted and len(built.planted) == 8
    assert "是否军烈属" in out.unknown_columns and "人口编号" not in out.unknown_columns
    clean = nf.county_full(tmp_path / "c.xlsx", 300, clean=True)
    out = service.run(clean.path, user=cadre, dry_run=False)
    assert out.errors == []
    assert out.households == {"new": 300, "updated": 0, "unchanged": 0}
    assert Member.objects.filter(sex="女").exists() and Member.objects.filter(sex="男").exists()


def test_a_wide_monitoring_export_is_read(tmp_path, cadre):
    """The full export runs to 170+ columns; the sources name about 130 of them, so the sheet
    is padded with suffixed copies of real names (unknown columns, kept with the batch)."""
    more = [h for h in nf.COUNTY_FULL_HEADER if h not in nf.MONITORING_HEADER]
    more += [f"{h}（上年）" for h in nf.MONITORING_HEADER[:60]]
    built = nf.monitoring(tmp_path / "w.xlsx", 20, clean=True, more=more)
    assert len(nf.MONITORING_HEADER) + len(more) > 170
    out = service.run(built.path, user=cadre, dry_run=False)
    assert out.errors == [] and out.households["new"] == 20


def test_a_repeated_column_is_kept_with_the_batch(tmp_path, cadre):
    """Both sources' spellings of 低保 in one file: the first is read, the second kept."""
    built = nf.monitoring(tmp_path / "c.xlsx", 3, clean=True, more=["是否享受农村居民最低生活保障"])
    out = service.run(built.path, user=cadre, dry_run=False)
    assert out.errors == [] and out.committed
    names = ImportBatch.objects.get(sha256=out.sha256).kept()["columns"]["监测对象信息"]
    assert names[-1] == "是否享受农村居民最低生活保障"
    assert "是否享受农村居民最低生活保障" not in out.unknown_columns


def test_a_migrant_work_sheet_beside_the_members_is_read_not_refused(tmp_path, cadre):
    """A county workbook may carry the 已外出务工信息 sheet (columns as the Guizhou checker
    reads them) beside the monitoring-object sheet: the members import, the other sheet is
    read against them and named in a note."""
    import python_calamine
    import xlsxwriter

    built = nf.monitoring(tmp_path / "m.xlsx", 4, clean=True)
    rows = python_calamine.CalamineWorkbook.from_path(str(built.path)).get_sheet_by_index(0) \
        .to_python(skip_empty_area=False)
    book = xlsxwriter.Workbook(str(tmp_path / "both.xlsx"))
    first = book.add_worksheet("监测对象信息")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v != "":
                first.write(r, c, v)
    work = book.add_worksheet("已外出务工信息")
    work.write_row(2, 0, ["县", "乡", "行政村", "户编号", "人编号", "证件号码", "姓名", "是否已务工",
                          "务工所在县", "就业渠道", "开始时间", "结束时间", "年度交通费补助"])
    work.write_row(3, 0, [nf.COUNTY, nf.TOWN, nf.VILLAGE_NAME, rows[3][3], rows[3][4], rows[3][8],
                          rows[3][5], "是", "深圳市宝安区", "自主务工", "202402", "202411", "0"])
    book.close()
    out = service.run(tmp_path / "both.xlsx", user=cadre, dry_run=False)
    assert out.errors == [] and out.households["new"] == 4
    assert out.notes == ["工作表「已外出务工信息」按已外出务工信息读取 1 行，已与成员表核对；"
                         "1 人的务工所在县记为务工地点（成员表未填写的）"]
    from jianpin.registry.models import WorkPeriod

    assert list(WorkPeriod.objects.values_list("member__name", "county", "start", "end")) == [
        (rows[3][5], "深圳市宝安区", dt.date(2024, 2, 1), dt.date(2024, 11, 1))]
