"""Reconstructions of the national systems' exports, built from public sources only.

Headers are spelled as the sources show them (docs/import-export.md lists each source): the
2021- monitoring-object sheet as the provincial data-quality checkers read it (title and
export-time rows, header on row 3), the 2014-2020 建档立卡 member-per-row export as county
tools list its 28 columns. Values are the systems' display values (户主, 之子, 学龄前儿童, 七年级,
YYYYMM months...). Defects are planted by name; `clean=True` gives the defect-free twin.

Nothing here comes from jianpin's own layouts: a header or value the importer does not know
fails these files.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from jianpin.conftest import VILLAGE
from jianpin.registry.io.sample import GIVEN, SURNAMES, make_id, unique_id

COUNTY, TOWN, VILLAGE_NAME = "五华县", "水寨镇", "协和村委会"
RELATIONS = ("配偶", "之子", "之女", "之儿媳", "之孙子", "之孙女", "之父", "之母")
RISKS = ("因病", "因残", "因学", "因安全住房", "缺劳动力", "因务工就业不稳", "因安全饮水")
KINDS = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")

# The monitoring-object sheet: columns the Guizhou checker (Gzuwkj/fuping) reads, in groups.
MONITORING_HEADER = [
    "县", "乡", "村", "户编号", "人编号", "姓名", "性别", "证件类型", "证件号码", "与户主关系", "民族",
    "出生日期", "家庭成员联系电话", "户联系电话", "户主姓名", "户主证件号码", "文化程度", "在校生状况",
    "义务教育阶段未上学原因", "失学或辍学原因", "健康状况", "劳动技能", "务工时间（月）", "务工所在地",
    "务工企业名称", "公益性岗位", "公益性岗位(月数)", "是否参加城乡居民基本医疗保险",
    "是否参加城镇职工基本医疗保险", "是否参加大病保险", "是否参加城乡居民基本养老保险",
    "是否参加城镇职工基本养老保险", "享受低保政策情况", "享受特困供养政策情况", "户类型", "监测对象类别",
    "当前家庭人口数", "年度家庭人口数", "致贫/返贫风险1", "致贫/返贫风险2", "致贫/返贫风险3",
    "致贫/返贫风险4", "致贫/返贫风险5", "风险是否已消除", "风险消除方式", "识别监测时间", "消除监测时间",
    "整户无劳动能力兜底保障户", "是否危房户", "住房面积", "是否解决安全饮用水", "是否有卫生厕所",
    "是否通生活用电", "入户道路是否硬化", "与村主干路距离", "耕地面积（亩）", "林地面积（亩）",
    "退耕还林面积（亩）", "林果面积（亩）", "牧草地面积", "水面面积", "工资性收入", "生产经营性收入",
    "生产经营性支出", "财产性收入", "转移性收入", "计划生育金", "最低生活保障金", "特困人员救助供养金",
    "养老金或离退休金", "生态补偿金", "其他转移性收入", "纯收入（元）", "人均纯收入（元）", "合规自付支出",
    "产业帮扶", "就业帮扶", "健康帮扶", "教育帮扶", "综合保障", "金融帮扶", "社会帮扶", "搬迁",
    "公益岗位帮扶", "饮水安全保障", "住房安全保障", "义务教育保障", "实施开发式帮扶措施情况",
    "信息采集人", "信息采集人联系电话",
]
# How the export prints some of them: line breaks and stray spaces inside header cells.
MONITORING_AS_PRINTED = {"风险是否已消除": "风险是否\n已消除", "证件号码": " 证件号码 ",
                         "识别监测时间": "识别监测\n时间", "致贫/返贫风险1": "致贫/返贫风险１",
                         "人均纯收入（元）": "人均纯收入\n（元）"}
# The 2014-2020 member-per-row export as county tools list it (国办数据-贫困户数据), plus 性别.
NATIONAL_HEADER = [
    "序号", "县(市、区、旗)", "乡(镇)", "行政村", "自然村", "户编号", "人编号", "姓名", "性别", "证件号码",
    "人数", "与户主关系", "民族", "文化程度", "在校生状况", "健康状况", "劳动技能", "务工状况",
    "务工时间（月）", "参加大病医疗", "脱贫属性", "脱贫年度", "贫困户属性", "主要致贫原因", "危房户",
    "饮水安全", "饮水困难", "人均纯收入", "联系电话",
]
# The 2014-2020 system's 在校生状况 list names grades without 普通/高职高专 and has no 学龄前儿童.
NATIONAL_SCHOOL = {"学龄前儿童": "非在校生", "普通高中一年级": "高中一年级", "高职高专一年级": "高职一年级"}
NATIONAL_AS_PRINTED = {"县(市、区、旗)": "县（市、区、旗）", "务工时间（月）": "务工时间\n（月）",
                       "贫困户属性": "贫困户属性 "}


@dataclass
class Built:
    path: Path
    households: int
    rows: int
    planted: set[tuple[int, str]] = field(default_factory=set)   # (row, error code)


def _education(age: int, rng: random.Random) -> tuple[str, str]:
    """(文化程度, 在校生状况) fitting the age, as the monitoring system spells them."""
    if age < 3:
        return "学龄前儿童", "学龄前儿童"
    if age < 6:
        return "学龄前儿童", "学前教育"
    if age < 12:
        return "小学", "非在校生" if rng.random() < 0.05 else "小学"
    if age < 15:
        return "小学", ("七年级", "八年级", "九年级")[age - 12]
    if age < 18:
        return "初中", rng.choice(("普通高中一年级", "中职二年级"))
    if age < 22 and rng.random() < 0.5:
        return "高中", "高职高专一年级"
    return rng.choice(("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上")), "非在校生"


def _members(rng: random.Random, i: int, size: int) -> list[dict[str, Any]]:
    head = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    out = []
    for k in range(size):
        relation = "户主" if k == 0 else RELATIONS[(i + k) % len(RELATIONS)]
        sex = "男" if relation in ("户主", "之子", "之孙子", "之父") else \
            "女" if relation != "配偶" else "女"
        ident = unique_id(VILLAGE[:4], i * 8 + k, sex)
        age = 2024 - int(ident[6:10])
        edu, school = _education(age, rng)
        health = rng.choice(("健康", "健康", "健康", "长期慢性病", "患有大病", "残疾"))
        id_type, number = "居民身份证", ident
        if health == "残疾" and rng.random() < 0.5:
            id_type, number = "残疾人证", ident + "4" + str(rng.randrange(1, 5))  # 20 digits
        name = head if k == 0 else head[0] + rng.choice(GIVEN) + rng.choice(GIVEN)
        out.append({"姓名": name, "性别": sex, "证件类型": id_type, "证件号码": number, "id": ident,
                    "与户主关系": relation, "民族": "汉族", "出生日期": ident[6:14],
                    "文化程度": edu, "在校生状况": school, "健康状况": health,
                    "劳动技能": "无劳动力" if age < 16 or age > 70 else
                    rng.choice(("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力")),
                    "务工时间（月）": rng.randrange(0, 12) if 18 <= age <= 60 else 0,
                    "家庭成员联系电话": f"13{rng.randrange(10**8, 10**9)}",
                    "是否参加城乡居民基本医疗保险": "是", "是否参加城镇职工基本医疗保险": "否",
                    "是否参加大病保险": "是", "是否参加城乡居民基本养老保险": "是" if age >= 16 else "否",
                    "是否参加城镇职工基本养老保险": "否",
                    "享受低保政策情况": rng.choice(("未享受", "未享受", "享受")),
                    "享受特困供养政策情况": "不享受", "age": age})
    for m in out:
        if m["务工时间（月）"]:
            m["务工所在地"] = rng.choice(("广东省深圳市", "广东省东莞市", "浙江省宁波市"))
            m["务工企业名称"] = rng.choice(("某电子厂", "某制衣厂", ""))
    return out


def _household(rng: random.Random, i: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    size = rng.choice((1, 2, 3, 4, 4, 5, 5, 6))
    members = _members(rng, i, size)
    monitored = i % 3 == 0
    hh: dict[str, Any] = {
        "县": COUNTY, "乡": TOWN, "村": VILLAGE_NAME, "户编号": f"{VILLAGE}{i:07d}",
        "户联系电话": f"159{rng.randrange(10**7, 10**8)}", "户主姓名": members[0]["姓名"],
        "户主证件号码": members[0]["id"], "户类型": rng.choice(("脱贫户", "脱贫户", "一般农户")),
        "监测对象类别": KINDS[i % 3] if monitored else "",
        # a member who left during the year still counts in the year's size (1 in 5 households)
        "当前家庭人口数": size, "年度家庭人口数": size + (i % 5 == 1),
        "是否危房户": "否", "住房面积": rng.randrange(40, 160), "是否解决安全饮用水": "是",
        "是否有卫生厕所": rng.choice(("是", "否")), "是否通生活用电": "是", "入户道路是否硬化": "是",
        "与村主干路距离": round(rng.random() * 3, 1), "耕地面积（亩）": rng.randrange(0, 8),
        "林地面积（亩）": rng.randrange(0, 20), "退耕还林面积（亩）": 0, "林果面积（亩）": 0,
        "牧草地面积": 0, "水面面积": 0,
    }
    if monitored:
        since = f"{rng.choice((2021, 2022, 2023))}{rng.randrange(1, 13):02d}"
        risks = rng.sample(RISKS, rng.choice((1, 1, 2)))
        for k, risk in enumerate(risks, 1):
            hh[f"致贫/返贫风险{k}"] = risk
        hh["识别监测时间"] = since
        if i % 2 == 0:
            hh.update({"风险是否已消除": "是", "风险消除方式": rng.choice(("帮扶消除", "自然消除")),
                       "消除监测时间": str(int(since) + 100 if since[4:] < "13" else since)})
        else:
            hh["风险是否已消除"] = "否"
        hh.update({"产业帮扶": "产业奖补", "就业帮扶": "外出务工补贴", "综合保障": "低保",
                   "信息采集人": "张某", "信息采集人联系电话": "13800000000"})
    wage = Decimal(rng.randrange(0, 40000))
    business, cost = Decimal(rng.randrange(0, 8000)), Decimal(rng.randrange(0, 2000))
    prop = Decimal(rng.randrange(0, 800))
    parts = {"计划生育金": Decimal(0), "最低生活保障金": Decimal(rng.choice((0, 0, 3600))),
             "特困人员救助供养金": Decimal(0), "养老金或离退休金": Decimal(rng.choice((0, 1800))),
             "生态补偿金": Decimal(rng.randrange(0, 300)), "其他转移性收入": Decimal(rng.randrange(0, 500))}
    transfer = sum(parts.values(), Decimal(0))
    net = wage + business - cost + prop + transfer
    hh.update({"工资性收入": wage, "生产经营性收入": business, "生产经营性支出": cost, "财产性收入": prop,
               "转移性收入": transfer, **parts, "纯收入（元）": net,
               "人均纯收入（元）": (net / hh["年度家庭人口数"]).quantize(Decimal("0.01")),
               "合规自付支出": 0})
    return hh, members


Defect = Callable[[dict[str, Any], list[dict[str, Any]]], tuple[int, str]]


def _m(k: int, key: str, value: Any, code: str) -> Defect:
    def plant(hh: dict[str, Any], members: list[dict[str, Any]]) -> tuple[int, str]:
        members[min(k, len(members) - 1)][key] = value
        return min(k, len(members) - 1), code
    return plant


def _h(key: str, value: Any, code: str, **more: Any) -> Defect:
    def plant(hh: dict[str, Any], members: list[dict[str, Any]]) -> tuple[int, str]:
        hh[key] = value
        hh.update(more)
        return 0, code
    return plant


def _bad_check_digit(hh: dict[str, Any], members: list[dict[str, Any]]) -> tuple[int, str]:
    m = members[0]
    m["证件号码"] = m["id"][:17] + ("0" if m["id"][17] != "0" else "1")
    m["证件类型"] = "居民身份证"
    hh["户主证件号码"] = ""
    return 0, "id_checksum"


def _no_head(hh: dict[str, Any], members: list[dict[str, Any]]) -> tuple[int, str]:
    members[0]["与户主关系"] = "配偶" if len(members) == 1 else "之父"
    return 0, "no_head"


def _conflict(key: str, value: Any) -> Defect:
    """A household column whose value differs in the household's last row."""
    def plant(hh: dict[str, Any], members: list[dict[str, Any]]) -> tuple[int, str]:
        members[-1][key] = value
        return len(members) - 1, "household_conflict"
    return plant


# Monitoring defects: each (name, defect, wants a monitored household, wants 2+ members).
MONITORING_DEFECTS: list[tuple[str, Defect, bool, bool]] = [
    ("bad check digit", _bad_check_digit, False, False),
    ("relation not in any list", _m(1, "与户主关系", "之侄子", "bad_code"), False, True),
    ("eliminated without method", _h("风险消除方式", "", "eliminated_without_method",
                                     风险是否已消除="是", 消除监测时间="202405"), True, False),
    ("eliminated without date", _h("消除监测时间", "", "eliminated_without_date",
                                   风险是否已消除="是", 风险消除方式="帮扶消除"), True, False),
    ("eliminated before identified", _h("消除监测时间", "202101", "eliminated_before_identified",
                                        风险是否已消除="是", 风险消除方式="帮扶消除",
                                        识别监测时间="202203"), True, False),
    ("method while not eliminated", _h("风险消除方式", "帮扶消除", "elimination_while_not_eliminated",
                                       风险是否已消除="否", 消除监测时间=""), True, False),
    ("risk types without category", _h("监测对象类别", "", "risks_without_category",
                                       **{"致贫/返贫风险1": "因病"}), False, False),
    ("household column differs", _conflict("户联系电话", "15900000000"), False, True),
    ("identified in the future", _h("识别监测时间", "209901", "future_date", 风险是否已消除="否",
                                    风险消除方式="", 消除监测时间=""), True, False),
    ("month 13", _h("识别监测时间", "202313", "bad_date"), True, False),
    ("current size wrong", _h("当前家庭人口数", 9, "size_mismatch"), False, False),
    ("annual size zero", _h("年度家庭人口数", 0, "annual_size_mismatch"), False, False),
    ("per-capita income wrong", _h("人均纯收入（元）", Decimal("99999.00"), "income_mismatch"),
     False, False),
    ("no head", _no_head, False, False),
    ("head ID differs", _h("户主证件号码", make_id("110105", "19491231", 2, "女"),
                           "head_id_mismatch"), False, False),
    ("unknown education", _m(0, "文化程度", "研究僧", "bad_code"), False, False),
    ("unknown risk type", _h("致贫/返贫风险1", "因懒", "bad_code"), True, False),
]


def _rows_for(header: list[str], hh: dict[str, Any], members: list[dict[str, Any]],
              extra: dict[str, Any] | None = None) -> list[list[Any]]:
    """One row per member: household columns repeated, a member's own values win."""
    rows = []
    for m in members:
        values = {**hh, **m, **(extra or {})}
        rows.append(["" if values.get(h) is None else values.get(h, "") for h in header])
    return rows


def _write(path: Path, sheet: str, title: str, printed: list[str],
           rows: Iterable[list[Any]]) -> None:
    """A title row (merged), an export-time row, the header on row 3, then the rows (streamed);
    numbers as numbers, text as text, line breaks kept in header cells."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "constant_memory": True})
    ws = book.add_worksheet(sheet)
    wrap = book.add_format({"text_wrap": True, "bold": True})
    ws.merge_range(0, 0, 0, 10, title)
    ws.write_string(1, 0, "导出时间：2024-05-06 10:21:33    导出单位：五华县乡村振兴局")
    for c, name in enumerate(printed):
        ws.write_string(2, c, name, wrap)
    for r, row in enumerate(rows, 3):
        for c, value in enumerate(row):
            if isinstance(value, Decimal):
                ws.write_number(r, c, float(value))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value)
            elif value != "":
                ws.write_string(r, c, str(value))
    book.close()


def monitoring(path: Path, n: int, *, clean: bool = False, seed: int = 11,
               defects: list[tuple[str, Defect, bool, bool]] | None = None,
               more: list[str] | None = None) -> Built:
    """A monitoring-object sheet of n households (one row per person); `more` adds columns
    (left blank) to reach the full export's width."""
    rng = random.Random(seed)
    todo = [] if clean else list(defects if defects is not None else MONITORING_DEFECTS)
    planted: set[tuple[int, str]] = set()
    header = MONITORING_HEADER + (more or [])
    count = [0]

    def body() -> Iterator[list[Any]]:
        for i in range(1, n + 1):
            yield from _monitoring_household(rng, i, header, todo, planted, count)
    printed = [MONITORING_AS_PRINTED.get(h, h) for h in header]
    _write(path, "监测对象信息", "防止返贫监测对象信息（自定义查询）", printed, body())
    assert not todo, f"not planted: {[t[0] for t in todo]}"
    return Built(path, n, count[0], planted)


def _monitoring_household(rng: random.Random, i: int, header: list[str],
                          todo: list[tuple[str, Defect, bool, bool]],
                          planted: set[tuple[int, str]], count: list[int]) -> list[list[Any]]:
    """One household's rows; plants the next pending defect that fits it."""
    hh, members = _household(rng, i)
    for k, m in enumerate(members):
        m["人编号"] = f"{hh['户编号']}{k + 1:02d}"
    for j, (_name, plant, monitored, several) in enumerate(todo):
        if (not monitored or hh["监测对象类别"]) and (not several or len(members) > 1):
            k, code = plant(hh, members)
            planted.add((3 + count[0] + 1 + k, code))
            del todo[j]
            break
    count[0] += len(members)
    return _rows_for(header, hh, members)


NATIONAL_DEFECTS: list[tuple[str, Defect, bool, bool]] = [
    ("bad check digit", _bad_check_digit, False, False),
    ("relation not in any list", _m(1, "与户主关系", "之侄子", "bad_code"), False, True),
    ("no head", _no_head, False, False),
    ("size wrong", _h("人数", 9, "size_mismatch"), False, False),
    ("unknown school status", _m(0, "在校生状况", "十年级", "bad_code"), False, False),
    ("unknown attribute", _h("贫困户属性", "特别贫困户", "bad_code"), False, False),
    ("household column differs", _conflict("人均纯收入", Decimal("1.00")), False, True),
]


def national(path: Path, n: int, *, clean: bool = False, seed: int = 5) -> Built:
    """A 2014-2020 建档立卡 member-per-row export of n households."""
    rng = random.Random(seed)
    todo = [] if clean else list(NATIONAL_DEFECTS)
    rows: list[list[Any]] = []
    planted: set[tuple[int, str]] = set()
    seq = 0
    for i in range(1, n + 1):
        hh, members = _household(rng, i)
        hh.update({"县(市、区、旗)": COUNTY, "乡(镇)": TOWN, "行政村": VILLAGE_NAME, "自然村": "上村",
                   "人数": len(members), "脱贫属性": rng.choice(("已脱贫", "已脱贫", "未脱贫")),
                   "脱贫年度": rng.choice(("2016", "2018", "2019")),
                   "贫困户属性": rng.choice(("一般贫困户", "低保贫困户", "五保贫困户")),
                   "主要致贫原因": rng.choice(("因病", "缺劳动力", "缺住房", "缺技术", "自身发展动力不足")),
                   "危房户": "否", "饮水安全": "是", "饮水困难": "否", "人均纯收入": hh["人均纯收入（元）"]})
        for k, m in enumerate(members):
            m["人编号"] = f"{hh['户编号']}{k + 1:02d}"
            m["证件号码"], m["证件类型"] = m["id"], "居民身份证"
            m["性别"] = "1" if m["性别"] == "男" else "2"
            m["联系电话"] = m["家庭成员联系电话"]
            m["参加大病医疗"] = "是"
            m["务工状况"] = "省外务工" if m["务工时间（月）"] else ""
            m["在校生状况"] = NATIONAL_SCHOOL.get(m["在校生状况"], m["在校生状况"])
            if m["文化程度"] in ("大专", "本科及以上"):
                m["文化程度"] = "大专及以上"
        for j, (_name, plant, _mon, several) in enumerate(todo):
            if not several or len(members) > 1:
                k, code = plant(hh, members)
                planted.add((3 + len(rows) + 1 + k, code))
                del todo[j]
                break
        for m in members:
            seq += 1
            rows += _rows_for(NATIONAL_HEADER, hh, [m], {"序号": seq})
    assert not todo, f"not planted: {[t[0] for t in todo]}"
    printed = [NATIONAL_AS_PRINTED.get(h, h) for h in NATIONAL_HEADER]
    _write(path, "贫困人口", "全国扶贫开发信息系统 贫困人口信息", printed, rows)
    return Built(path, n, len(rows), planted)


# Held out: a county's "全县全字段" table of the monitoring system (household and member columns
# as a county tool selects them). Built after the importer was written, not tuned to.
COUNTY_FULL_HEADER = [
    "县", "镇", "村", "户联系电话", "户类型", "监测对象类别", "是否军烈属", "工资性收入", "转移性收入",
    "养老金或离退休金", "生产经营性收入", "计划生育金", "生态补偿金", "财产性收入", "最低生活保障金",
    "其他转移性收入", "资产收益扶贫分红收入", "特困人员救助供养金", "其他财产性收入（旧指标）",
    "生产经营性支出", "纯收入（元）", "当前家庭人口数", "人均纯收入（元）", "年度家庭人口数",
    "耕地面积（亩）", "牧草地面积", "水面面积", "林地面积（亩）", "退耕还林面积（亩）", "林果面积（亩）",
    "入户路类型", "与村主干路距离", "是否加入农民专业合作组织", "是否危房户", "住房面积", "主要燃料类型",
    "是否有龙头企业带动", "是否有创业致富带头人带动", "是否通生活用电", "是否通广播电视", "到户产业帮扶类型",
    "是否解决安全饮用水", "是否通生产用电", "户编号", "人口编号", "姓名", "证件号码", "与户主关系",
    "公益性岗位收入", "其他工资性收入", "产业奖励", "就业奖励", "生产经营性支出（合计）",
    "专项用于减少生产经营性支出的补贴", "年收入（元）", "是否有卫生厕所", "户主姓名", "户主证件号码",
    "性别", "证件类型", "出生日期", "民族", "家庭成员联系电话", "文化程度", "在校生状况", "劳动技能",
    "务工时间（月）", "健康状况", "政治面貌", "是否参加城乡居民基本医疗保险", "是否参加城乡居民基本养老保险",
    "是否会讲普通话", "义务教育阶段未上学原因", "是否享受人身意外保险补贴", "是否参加商业补充医疗保险",
    "是否国外务工", "是否接受医疗救助", "是否接受其他健康扶贫", "是否参加城镇职工基本医疗保险",
    "大专或本科毕业生未就业原因", "务工所在地", "务工企业名称", "是否享受农村居民最低生活保障",
    "是否参加城镇职工基本养老保险", "是否参加大病保险", "是否特困供养人员", "公益性岗位",
    "公益性岗位(月数)", "残疾证办证年度", "是否事实无人抚养儿童",
]
COUNTY_FULL_DEFECTS: list[tuple[str, Defect, bool, bool]] = [
    ("bad check digit", _bad_check_digit, False, False),
    ("relation not in any list", _m(1, "与户主关系", "之侄子", "bad_code"), False, True),
    ("current size wrong", _h("当前家庭人口数", 9, "size_mismatch"), False, False),
    ("per-capita income wrong", _h("人均纯收入（元）", Decimal("99999.00"), "income_mismatch"),
     False, False),
    ("household column differs", _conflict("户联系电话", "15900000000"), False, True),
    ("no head", _no_head, False, False),
    ("head ID differs", _h("户主证件号码", make_id("110105", "19491231", 2, "女"),
                           "head_id_mismatch"), False, False),
    ("unknown education", _m(0, "文化程度", "研究僧", "bad_code"), False, False),
]


def county_full(path: Path, n: int, *, clean: bool = False, seed: int = 23) -> Built:
    """The held-out file: 性别 as 1/2, birth dates as numbers, 镇 for the township."""
    rng = random.Random(seed)
    todo = [] if clean else list(COUNTY_FULL_DEFECTS)
    rows: list[list[Any]] = []
    planted: set[tuple[int, str]] = set()
    for i in range(1, n + 1):
        hh, members = _household(rng, i)
        hh.update({"镇": TOWN, "是否军烈属": "否", "资产收益扶贫分红收入": 0, "其他财产性收入（旧指标）": 0,
                   "入户路类型": "水泥路", "是否加入农民专业合作组织": "否", "主要燃料类型": "柴草",
                   "是否通广播电视": "是", "是否通生产用电": "是", "公益性岗位收入": 0,
                   "其他工资性收入": hh["工资性收入"], "产业奖励": 0, "就业奖励": 0,
                   "生产经营性支出（合计）": hh["生产经营性支出"], "专项用于减少生产经营性支出的补贴": 0,
                   "年收入（元）": hh["纯收入（元）"] + hh["生产经营性支出"]})
        for k, m in enumerate(members):
            m.update({"人口编号": f"{hh['户编号']}{k + 1:02d}", "性别": "1" if m["性别"] == "男" else "2",
                      "出生日期": int(m["出生日期"]), "政治面貌": "群众", "是否会讲普通话": "是",
                      "是否享受人身意外保险补贴": "否", "是否参加商业补充医疗保险": "否",
                      "是否国外务工": "否", "是否接受医疗救助": "否", "是否接受其他健康扶贫": "否",
                      "是否享受农村居民最低生活保障": "是" if m["享受低保政策情况"] == "享受" else "否",
                      "是否特困供养人员": "否", "是否事实无人抚养儿童": "否"})
        for j, (_name, plant, _mon, several) in enumerate(todo):
            if not several or len(members) > 1:
                k, code = plant(hh, members)
                planted.add((3 + len(rows) + 1 + k, code))
                del todo[j]
                break
        rows += _rows_for(COUNTY_FULL_HEADER, hh, members)
    assert not todo, f"not planted: {[t[0] for t in todo]}"
    _write(path, "全县全字段", "全县全字段信息", list(COUNTY_FULL_HEADER), rows)
    return Built(path, n, len(rows), planted)
