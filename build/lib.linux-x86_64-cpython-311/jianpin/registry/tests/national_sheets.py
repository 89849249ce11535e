"""A county workbook of the 2021- monitoring system with all its sheets, built from public
sources only (docs/import-export.md): the monitoring-object sheet (see national_files), and
beside it 户信息, 已外出务工信息, 计划外出务工信息 and 行政村信息, each with the system's title and
export-time rows above a header on row 3.

Headers as the sources spell them: the Guizhou checker (Gzuwkj/fuping, `main.py`, `rules/`,
`countryside/`) for the columns it reads from each sheet, and a userscript that fills the
system's 乡村建设 form (Greasy Fork 456341 「信息采集」) for the 户信息 columns. Some header
cells are printed with line breaks, full-width digits and stray spaces. Defects are planted
per sheet; `clean=True` gives the twin without them.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from jianpin.registry.io.sample import unique_id
from jianpin.registry.tests import national_files as nf

HOUSEHOLD_HEADER = [
    "县(市、区、旗)", "乡(镇)", "行政村", "户编号", "证件号码", "户类型", "入户道路是否硬化", "是否通自来水",
    "间隔是否低于24小时", "是否饮水安全", "是否使用清洁能源", "使用清洁能源的类型", "是否危房",
    "是否有淋浴设施", "是否有卫生户厕", "卫生厕所类型", "卫生厕所是否能正常使用", "卫生户厕是否入室",
    "卫生户厕是否入院", "是否进行过庭院美化",
]
MIGRANT_HEADER = ["县", "乡", "行政村", "户编号", "人编号", "证件号码", "户类型", "是否已务工",
                  "务工所在县", "就业渠道", "开始时间", "结束时间", "务工月收入", "年度交通费补助"]
PLANNED_HEADER = ["县", "乡", "行政村", "户编号", "证件号码", "户类型", "是否计划务工", "就业服务需求"]
VILLAGE_HEADER = [
    "县", "乡", "村", "是否出列", "总户数", "总人口数", "低保户数", "低保人口数", "特困供养人口数",
    "残疾人口数", "危房户数", "未实现饮水安全户数", "参加城乡居民基本养老保险人数",
    "到乡镇是否通沥青（水泥）路", "是否通客运班车", "村小学（个数）", "村级集体经济收入（万元）",
    "行政村公共卫生厕所个数", "行政村卫生室个数", "行政村执业（助理）医师（人）",
    "行政村文化（图书）室个数", "行政村生产生活垃圾集中堆放点个数（个）",
]
AS_PRINTED = {"卫生厕所是否能正常使用": "卫生厕所是否能\n正常使用",
              "间隔是否低于24小时": "间隔是否低于２４小时",
              "户编号": " 户编号", "年度交通费补助": "年度交通费\n补助", "是否计划务工": "是否计划务工 ",
              "村级集体经济收入（万元）": "村级集体经济收入\n（万元）"}
SHEETS = {"户信息": ("（乡村建设）户信息", HOUSEHOLD_HEADER),
          "已外出务工信息": ("（务工月监测）已外出务工信息", MIGRANT_HEADER),
          "计划外出务工信息": ("（务工月监测）计划外出务工信息", PLANNED_HEADER),
          "行政村信息": ("（自定义）行政村信息", VILLAGE_HEADER)}
OUTSIDER = unique_id("4414", 99_001, "男")      # nobody in the member sheet


@dataclass
class Book:
    path: Path
    households: int
    members: int
    rows: dict[str, int] = field(default_factory=dict)                 # sheet → data rows
    planted: set[tuple[str, int, str]] = field(default_factory=set)    # (sheet, row, code)
    placed: int = 0        # members whose work place comes from 务工所在县


Sheets = dict[str, list[dict[str, Any]]]
Defect = Callable[[Sheets, list[tuple[dict[str, Any], list[dict[str, Any]]]]],
                  tuple[str, int, str]]


def _set(sheet: str, k: int, code: str, **values: Any) -> Defect:
    def plant(rows: Sheets, _hh: Any) -> tuple[str, int, str]:
        rows[sheet][k].update(values)
        return sheet, k, code
    return plant


def _add(sheet: str, code: str, **values: Any) -> Defect:
    def plant(rows: Sheets, _hh: Any) -> tuple[str, int, str]:
        rows[sheet].append({**rows[sheet][0], **values})
        return sheet, len(rows[sheet]) - 1, code
    return plant


def _other_household(sheet: str, k: int) -> Defect:
    """A person filed under another household than the member sheet's: in 户信息 the head's
    证件号码 is the next household's head's, elsewhere the 户编号 is another household's."""
    def plant(rows: Sheets, _hh: Any) -> tuple[str, int, str]:
        row = rows[sheet][k]
        if sheet == "户信息":
            row["证件号码"] = rows[sheet][k + 1]["证件号码"]
        else:
            row["户编号"] = next(r["户编号"] for r in rows["户信息"] if r["户编号"] != row["户编号"])
        return sheet, k, "side_household_mismatch"
    return plant


def _flip(sheet: str, k: int, column: str) -> Defect:
    def plant(rows: Sheets, _hh: Any) -> tuple[str, int, str]:
        row = rows[sheet][k]
        row[column] = {"是": "否", "否": "是", "脱贫户": "一般农户"}.get(row[column], "脱贫户")
        return sheet, k, "household_conflict"
    return plant


DEFECTS: list[Defect] = [
    _add("户信息", "household_without_members", 户编号="4414241000099999", 证件号码=""),
    _flip("户信息", 1, "户类型"),
    _flip("户信息", 2, "是否有卫生户厕"),
    _other_household("户信息", 3),
    _set("户信息", 4, "bad_code", 是否饮水安全="不知道"),
    _add("已外出务工信息", "side_member_missing", 证件号码=OUTSIDER, 人编号=""),
    _other_household("已外出务工信息", 1),
    _set("已外出务工信息", 2, "work_dates_reversed", 开始时间="202408", 结束时间="202403"),
    _set("已外出务工信息", 3, "bad_date", 开始时间="202413"),
    _set("已外出务工信息", 4, "future_date", 开始时间="209901", 结束时间=""),
    _flip("已外出务工信息", 5, "户类型"),
    lambda rows, households: _months_mismatch(rows, households),
    _add("计划外出务工信息", "side_member_missing", 证件号码=OUTSIDER),
    _set("行政村信息", 0, "village_count_exceeds", 危房户数=999),
    _add("行政村信息", "village_without_people", 村="大坪村", 总户数=0, 总人口数=0, 低保户数=0,
         低保人口数=0, 特困供养人口数=0, 残疾人口数=0, 危房户数=0, 未实现饮水安全户数=0,
         参加城乡居民基本养老保险人数=0),
    _set("行政村信息", 0, "not_number", 总人口数="一千二"),
]


def _household_row(hh: dict[str, Any], members: list[dict[str, Any]],
                   rng: random.Random) -> dict[str, Any]:
    yes_no = ("是", "否")
    return {"县(市、区、旗)": nf.COUNTY, "乡(镇)": nf.TOWN, "行政村": nf.VILLAGE_NAME,
            "户编号": hh["户编号"], "证件号码": members[0]["证件号码"], "户类型": hh["户类型"],
            "入户道路是否硬化": "是", "是否通自来水": rng.choice(yes_no), "间隔是否低于24小时": "否",
            "是否饮水安全": hh["是否解决安全饮用水"], "是否使用清洁能源": rng.choice(yes_no),
            "使用清洁能源的类型": rng.choice(("液化气", "电", "")), "是否危房": "否",
            "是否有淋浴设施": rng.choice(yes_no), "是否有卫生户厕": hh["是否有卫生厕所"],
            "卫生厕所类型": "三格化粪池式" if hh["是否有卫生厕所"] == "是" else "",
            "卫生厕所是否能正常使用": hh["是否有卫生厕所"], "卫生户厕是否入室": "否",
            "卫生户厕是否入院": hh["是否有卫生厕所"], "是否进行过庭院美化": rng.choice(yes_no)}


def _migrant_rows(hh: dict[str, Any], members: list[dict[str, Any]],
                  rng: random.Random, year: int) -> list[dict[str, Any]]:
    """Half the members worked away: one period in `year` that agrees with their 务工时间（月）
    (a third leave that column blank, for the periods to fill), some also one the year before
    (which says nothing about `year`). Periods of 12 months are still open."""
    rows = []
    for m in members:       # the generator's people are born around 1950: ages not used
        if rng.random() < 0.5:
            continue
        months = rng.randrange(1, 13)
        m["务工时间（月）"] = "" if rng.random() < 0.34 else months
        base = {"县": nf.COUNTY, "乡": nf.TOWN, "行政村": nf.VILLAGE_NAME, "户编号": hh["户编号"],
                "人编号": m["人编号"], "证件号码": m["证件号码"], "户类型": hh["户类型"],
                "是否已务工": "是",
                "务工所在县": rng.choice(("深圳市宝安区", "东莞市长安镇", "宁波市鄞州区")),
                "就业渠道": rng.choice(("自主务工", "有组织劳务输出", "公益性岗位")),
                "务工月收入": rng.randrange(1800, 6000), "年度交通费补助": rng.choice((0, 200, 500))}
        if rng.random() < 0.4:        # an earlier period, the year before
            rows.append({**base, "开始时间": f"{year - 1}03", "结束时间": f"{year - 1}10"})
        rows.append({**base, "开始时间": f"{year}{13 - months:02d}",
                     "结束时间": "" if months == 12 else f"{year}12"})
    return rows


def _months_mismatch(rows: Sheets, households: list[tuple[dict[str, Any], list[dict[str, Any]]]]
                     ) -> tuple[str, int, str]:
    """The member sheet's 务工时间（月） of a worker (none of whose periods carry another defect)
    one month off what the periods give: reported at the member's row."""
    people = [m for _hh, ms in households for m in ms]
    early = {r["证件号码"] for r in rows["已外出务工信息"][:10]}
    target = next(r["证件号码"] for r in rows["已外出务工信息"][10:] if r["证件号码"] not in early)
    k, member = next((k, m) for k, m in enumerate(people) if m["证件号码"] == target)
    periods = [r for r in rows["已外出务工信息"] if r["证件号码"] == target]
    start = periods[-1]["开始时间"]
    worked = 12 - int(start[4:]) + 1
    member["务工时间（月）"] = worked - 1 if worked == 12 else worked + 1
    return "监测对象信息", k, "work_months_mismatch"


def build(path: Path, n: int, *, clean: bool = False, seed: int = 31,
          year: int | None = None) -> Book:
    """`year`: the import year the work periods agree with (default last year, as an import)."""
    year = year or dt.date.today().year - 1
    rng = random.Random(seed)
    households = []
    for i in range(1, n + 1):
        hh, members = nf._household(rng, i)
        for k, m in enumerate(members):
            m["人编号"] = f"{hh['户编号']}{k + 1:02d}"
        households.append((hh, members))
    rows: Sheets = {"户信息": [], "已外出务工信息": [], "计划外出务工信息": [], "行政村信息": []}
    for hh, members in households:
        rows["户信息"].append(_household_row(hh, members, rng))
        rows["已外出务工信息"] += _migrant_rows(hh, members, rng, year)
        for m in members[:1]:
            if rng.random() < 0.5:
                rows["计划外出务工信息"].append({
                    "县": nf.COUNTY, "乡": nf.TOWN, "行政村": nf.VILLAGE_NAME, "户编号": hh["户编号"],
                    "证件号码": m["证件号码"], "户类型": hh["户类型"], "是否计划务工": "是",
                    "就业服务需求": rng.choice(("职业介绍", "技能培训", "无"))})
    people = sum(len(m) for _, m in households)
    rows["行政村信息"].append({
        "县": nf.COUNTY, "乡": nf.TOWN, "村": nf.VILLAGE_NAME, "是否出列": "是", "总户数": 412,
        "总人口数": 1530, "低保户数": 21, "低保人口数": 48, "特困供养人口数": 6, "残疾人口数": 37,
        "危房户数": 0, "未实现饮水安全户数": 0, "参加城乡居民基本养老保险人数": 903,
        "到乡镇是否通沥青（水泥）路": "是", "是否通客运班车": "是", "村小学（个数）": 1,
        "村级集体经济收入（万元）": Decimal("12.60"), "行政村公共卫生厕所个数": 2, "行政村卫生室个数": 1,
        "行政村执业（助理）医师（人）": 1, "行政村文化（图书）室个数": 1,
        "行政村生产生活垃圾集中堆放点个数（个）": 4})
    book = Book(path, n, people)
    if not clean:
        for plant in DEFECTS:
            sheet, k, code = plant(rows, households)
            book.planted.add((sheet, 4 + k, code))
    _write(path, households, rows)
    book.rows = {name: len(r) for name, r in rows.items()}
    unplaced = _no_place(households)
    book.placed = len({r["证件号码"] for r in rows["已外出务工信息"] if r["证件号码"] in unplaced})
    return book


def _no_place(households: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> set[str]:
    return {m["证件号码"] for _, ms in households for m in ms if not m.get("务工所在地")}


def _write(path: Path, households: list[tuple[dict[str, Any], list[dict[str, Any]]]],
           rows: Sheets) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    members = [r for hh, ms in households for r in nf._rows_for(nf.MONITORING_HEADER, hh, ms)]
    _sheet(book, "监测对象信息", "防止返贫监测对象信息（自定义查询）",
           [nf.MONITORING_AS_PRINTED.get(h, h) for h in nf.MONITORING_HEADER], members)
    for name, (title, header) in SHEETS.items():
        _sheet(book, name, title, [AS_PRINTED.get(h, h) for h in header],
               [[r.get(h, "") for h in header] for r in rows[name]])
    book.close()


def _sheet(book: Any, name: str, title: str, printed: list[str], body: list[list[Any]]) -> None:
    ws = book.add_worksheet(name)
    wrap = book.add_format({"text_wrap": True, "bold": True})
    ws.merge_range(0, 0, 0, 6, title)
    ws.write_string(1, 0, "导出时间：2024-05-06 10:21:33    导出单位：五华县乡村振兴局")
    for c, head in enumerate(printed):
        ws.write_string(2, c, head, wrap)
    for r, row in enumerate(body, 3):
        for c, value in enumerate(row):
            if isinstance(value, Decimal):
                ws.write_number(r, c, float(value))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value)
            elif value not in ("", None):
                ws.write_string(r, c, str(value))
