"""The monitoring system's other sheets a county workbook may carry beside the member sheet.

Kinds (sources in docs/import-export.md): 户信息 (one row per household, household columns and
the head's 证件号码), 已外出务工信息 (one row per person and period of migrant work),
计划外出务工信息 (one row per person planning to work away), 行政村信息 (one row per village).
A sheet's kind is decided by its header - columns only that kind has - and only then by the
sheet's name, so a renamed or merged workbook still reads. Column spellings here are those the
sources show; `headers.norm` folds spaces, line breaks and full-width forms.
"""
from __future__ import annotations

from dataclasses import dataclass

from jianpin.registry.io.headers import HeaderMap, norm
from jianpin.registry.io.layouts import LIVING_SPELLINGS

HOUSEHOLDS, MIGRANT, PLANNED, VILLAGES = "households", "migrant", "planned", "villages"
KIND_LABELS = {HOUSEHOLDS: "户信息", MIGRANT: "已外出务工信息", PLANNED: "计划外出务工信息",
               VILLAGES: "行政村信息"}


@dataclass(frozen=True)
class Column:
    name: str                 # what the value is called below
    kind: str                 # text bool int date money
    headers: tuple[str, ...]  # spellings as the sources print them


C = Column
# Columns read from each kind beyond those `layouts.FIELDS` already names (户编号, 证件号码 ...).
COLUMNS: dict[str, tuple[Column, ...]] = {
    MIGRANT: (
        C("working", "bool", ("是否已务工", "是否务工")),
        C("county", "text", ("务工所在县", "务工地点（县）", "务工所在县（市、区）")),
        C("channel", "text", ("就业渠道", "务工就业渠道")),
        C("start", "date", ("开始时间", "务工开始时间", "外出务工开始时间")),
        C("end", "date", ("结束时间", "务工结束时间", "外出务工结束时间")),
        C("monthly_income", "money", ("务工月收入", "月收入（元）", "务工月收入（元）")),
        C("travel_subsidy", "money", ("年度交通费补助", "交通费补助")),
    ),
    PLANNED: (
        C("planning", "bool", ("是否计划务工", "是否计划外出务工")),
        C("service_need", "text", ("就业服务需求",)),
    ),
    # household fields (`layouts.LIVING_SPELLINGS`): read as such, listed here to tell the kind
    HOUSEHOLDS: tuple(C(name, kind, spellings)
                      for name, (kind, spellings) in LIVING_SPELLINGS.items()),
    VILLAGES: (
        C("exited", "bool", ("是否出列", "是否已出列", "是否脱贫出列")),
        C("households", "int", ("总户数", "户数")),
        C("people", "int", ("总人口数", "总人口", "人口数")),
        C("dibao_households", "int", ("低保户数",)),
        C("dibao_people", "int", ("低保人口数",)),
        C("tekun_people", "int", ("特困供养人口数",)),
        C("disabled_people", "int", ("残疾人口数",)),
        C("unsafe_houses", "int", ("危房户数",)),
        C("unsafe_water", "int", ("未实现饮水安全户数",)),
        C("pension_people", "int", ("参加城乡居民基本养老保险人数",)),
        C("road", "bool", ("到乡镇是否通沥青（水泥）路", "是否通沥青（水泥）路")),
        C("bus", "bool", ("是否通客运班车",)),
        C("schools", "int", ("村小学（个数）", "村小学个数")),
        C("collective_income", "money", ("村级集体经济收入（万元）", "村集体经济收入（万元）")),
        C("public_toilets", "int", ("行政村公共卫生厕所个数",)),
        C("clinics", "int", ("行政村卫生室个数", "村卫生室个数")),
        C("doctors", "int", ("行政村执业（助理）医师（人）",)),
        C("culture_rooms", "int", ("行政村文化（图书）室个数",)),
        C("waste_points", "int", ("行政村生产生活垃圾集中堆放点个数（个）",
                                  "行政村生产生活垃圾集中堆放点个数")),
    ),
}
# What the monitoring export writes on each sheet, in the sources' order: a layout field key
# ("hh.number"), one of the kind's own columns (its name) or, for 户信息, a living field.
EXPORT: dict[str, tuple[tuple[str, str], ...]] = {
    HOUSEHOLDS: (("meta.county_name", "县(市、区、旗)"), ("meta.township_name", "乡(镇)"),
                 ("meta.village_name", "行政村"), ("hh.number", "户编号"), ("chk.head_id", "证件号码"),
                 ("hh.status", "户类型"), ("hh.road_hardened", "入户道路是否硬化"),
                 ("hh.tap_water", "是否通自来水"), ("hh.water_interval_ok", "间隔是否低于24小时"),
                 ("hh.water_safe", "是否饮水安全"), ("hh.clean_energy", "是否使用清洁能源"),
                 ("hh.clean_energy_type", "使用清洁能源的类型"), ("hh.dilapidated", "是否危房"),
                 ("hh.shower", "是否有淋浴设施"), ("hh.sanitary_toilet", "是否有卫生户厕"),
                 ("hh.toilet_type", "卫生厕所类型"), ("hh.toilet_usable", "卫生厕所是否能正常使用"),
                 ("hh.toilet_indoor", "卫生户厕是否入室"), ("hh.toilet_in_yard", "卫生户厕是否入院"),
                 ("hh.yard_beautified", "是否进行过庭院美化")),
    MIGRANT: (("meta.county_name", "县"), ("meta.township_name", "乡"), ("meta.village_name", "行政村"),
              ("hh.number", "户编号"), ("m.person_number", "人编号"), ("m.id_number", "证件号码"),
              ("hh.status", "户类型"), ("working", "是否已务工"), ("county", "务工所在县"),
              ("channel", "就业渠道"), ("start", "开始时间"), ("end", "结束时间"),
              ("monthly_income", "务工月收入"), ("travel_subsidy", "年度交通费补助")),
    PLANNED: (("meta.county_name", "县"), ("meta.township_name", "乡"), ("meta.village_name", "行政村"),
              ("hh.number", "户编号"), ("m.id_number", "证件号码"), ("hh.status", "户类型"),
              ("planning", "是否计划务工"), ("service_need", "就业服务需求")),
    VILLAGES: (("meta.county_name", "县"), ("meta.township_name", "乡"), ("meta.village_name", "村"),
               *((c.name, c.headers[0]) for c in COLUMNS[VILLAGES])),
}
# Sub-counts of a village that cannot exceed its totals (the Guizhou checker's 3_03_001 family).
VILLAGE_PARTS = {"households": ("dibao_households", "unsafe_houses", "unsafe_water"),
                 "people": ("dibao_people", "tekun_people", "disabled_people", "pension_people")}
_NAME_HINTS = ((PLANNED, "计划外出务工"), (MIGRANT, "外出务工"), (VILLAGES, "行政村"),
               (HOUSEHOLDS, "户信息"))
_INDEX = {kind: {norm(h): c for c in cols for h in c.headers} for kind, cols in COLUMNS.items()}


def columns_of(kind: str, cells: list[str]) -> dict[str, tuple[Column, int]]:
    """This kind's own columns found in a header row: name → (column, 0-based position)."""
    index, found = _INDEX[kind], {}
    for i, cell in enumerate(cells):
        col = index.get(norm(cell))
        if col is not None and col.name not in found:
            found[col.name] = (col, i)
    return found


def classify(hm: HeaderMap, sheet_name: str) -> str | None:
    """The kind of a sheet that is not a member sheet, or None when nothing says which.

    Headers first: a kind's own columns (是否已务工, 是否计划务工, 是否出列 ...). Then the shape:
    户编号 without 与户主关系 is household-level; 村 without 户编号 is the village sheet. The
    sheet's name decides only between kinds the header allows."""
    scores = {kind: len(columns_of(kind, hm.cells)) for kind in COLUMNS}
    best = max(scores.values())
    if best:
        tied = [k for k, s in scores.items() if s == best]
        named = [k for k, hint in _NAME_HINTS if hint in sheet_name and k in tied]
        return (named or tied)[0]
    has_village = hm.has("meta.village_name") or hm.has("meta.village_code")
    if hm.has("hh.number") and not hm.has("m.relation"):
        return PLANNED if "计划外出务工" in sheet_name else (
            MIGRANT if "外出务工" in sheet_name else HOUSEHOLDS)
    if has_village and not hm.has("hh.number") and not hm.has("m.name"):
        return VILLAGES
    return None
