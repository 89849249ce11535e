"""Column layouts: the national systems' member-per-row exports and the project template.

Each field names its target (`hh` household, `m` member, `inc` yearly income, `meta` row
context, `chk` a figure only checked against the others, `skip` read and ignored), its value
kind, the header it has in each layout (None: not in that layout) and the synonyms accepted
on import. Value spellings of the national systems live in data/national_vocab.json.

Layouts: `national` is the 2014-2020 全国扶贫开发信息系统 (建档立卡) member-per-row export,
`monitoring` the 2021- 全国防返贫监测信息系统 monitoring-object sheet (one row per person, household
columns repeated, header on row 3), `template` the project's own import template. Sources of
every header are listed in docs/import-export.md.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_noop

from jianpin.registry import codes
from jianpin.registry.fields import LIVING

NATIONAL, MONITORING, TEMPLATE = "national", "monitoring", "template"
LAYOUTS = {NATIONAL: gettext_noop("建档立卡导出格式（2014-2020，每人一行）"),
           MONITORING: gettext_noop("防返贫监测导出格式（2021起，监测对象每人一行）"),
           TEMPLATE: gettext_noop("本系统导入模板")}  # shown through {% translate %}
VOCAB_FILE = Path(__file__).parent / "data" / "national_vocab.json"
VOCAB: dict[str, dict[str, str]] = {
    k: v for k, v in json.loads(VOCAB_FILE.read_text(encoding="utf-8")).items()
    if not k.startswith("_")}
RISK_COLUMNS = 5        # 致贫/返贫风险1..5


@dataclass(frozen=True)
class Field:
    key: str                      # "<target>.<name>", e.g. "m.id_number"
    kind: str                     # text code bool int date money signed id
    national: str | None
    template: str | None
    synonyms: tuple[str, ...] = ()
    choices: type[models.TextChoices] | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # extra code spellings → value
    monitoring: str | None = None

    @property
    def target(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    def header(self, layout: str) -> str | None:
        if layout == MONITORING:
            return self.monitoring
        return self.national if layout == NATIONAL else self.template

    @property
    def vocabulary_key(self) -> str:
        """The key its spellings are kept under (致贫/返贫风险2-5 share 风险1's)."""
        return _VOCAB_OF.get(self.key, self.key)

    def vocabulary(self) -> dict[str, str]:
        """National display values and their variants → this field's code values."""
        return {**VOCAB.get(self.vocabulary_key, {}), **self.aliases}


_VOCAB_OF = {f"hh.risk_{i}": "hh.risk_1" for i in range(2, RISK_COLUMNS + 1)}


def _risks() -> tuple[Field, ...]:
    return tuple(
        Field(f"hh.risk_{i}", "code", None, f"风险类型{i}", (f"致贫返贫风险{i}", f"返贫致贫风险{i}",
              *(("致贫返贫风险", "致贫/返贫风险", "风险类型") if i == 1 else ())),
              codes.RiskType, monitoring=f"致贫/返贫风险{i}")
        for i in range(1, RISK_COLUMNS + 1))


# 户信息 living-condition columns: household field → (kind, spellings as the sources print them).
LIVING_SPELLINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "road_hardened": ("bool", ("入户道路是否硬化",)),
    "tap_water": ("bool", ("是否通自来水",)),
    "water_interval_ok": ("bool", ("间隔是否低于24小时", "供水间隔是否低于24小时")),
    "clean_energy": ("bool", ("是否使用清洁能源",)),
    "clean_energy_type": ("text", ("使用清洁能源的类型", "清洁能源类型")),
    "dilapidated": ("bool", ("是否危房",)),
    "shower": ("bool", ("是否有淋浴设施",)),
    "toilet_type": ("text", ("卫生厕所类型", "卫生户厕类型")),
    "toilet_usable": ("bool", ("卫生厕所是否能正常使用",)),
    "toilet_indoor": ("bool", ("卫生户厕是否入室",)),
    "toilet_in_yard": ("bool", ("卫生户厕是否入院",)),
    "yard_beautified": ("bool", ("是否进行过庭院美化",)),
}

F = Field
FIELDS: tuple[Field, ...] = (
    F("skip.seq", "text", "序号", None, (), monitoring="序号"),
    F("meta.county_name", "text", "县(市、区、旗)", None, ("县", "县（市、区）", "县(市、区)", "县名称"),
      monitoring="县"),
    F("meta.village_code", "text", None, "行政区划代码", ("村代码", "村级区划代码", "区划代码")),
    F("meta.township_name", "text", "乡(镇)", None, ("乡镇", "乡镇(街道)", "乡", "镇", "乡镇名称", "镇(乡)"),
      monitoring="乡"),
    F("meta.village_name", "text", "行政村", "行政村", ("村", "村名", "行政村名称", "村委会"),
      monitoring="村"),
    F("skip.natural_village", "text", "自然村", None, ("自然村(组)", "村民小组")),
    F("hh.number", "text", "户编号", "户编号", ("户编码", "户号", "家庭编号"), monitoring="户编号"),
    F("hh.head_name", "text", "户主姓名", "户主姓名", ("户主",), monitoring="户主姓名"),
    F("m.person_number", "text", "人编号", "人编号", ("人口编号", "人员编号", "成员编号"),
      monitoring="人编号"),
    F("chk.head_id", "id", None, None, ("户主证件号码", "户主身份证号", "户主身份证号码"),
      monitoring="户主证件号码"),
    F("m.name", "text", "姓名", "姓名", ("成员姓名", "人员姓名"), monitoring="姓名"),
    F("m.sex", "code", "性别", "性别", (), codes.Sex, monitoring="性别"),
    F("m.id_type", "code", "证件类型", "证件类型", (), codes.IdType, monitoring="证件类型"),
    F("m.id_number", "id", "证件号码", "身份证号", ("身份证号码", "身份证", "公民身份号码", "证件号"),
      monitoring="证件号码"),
    F("chk.size", "int", "家庭人口数", "家庭人口", ("家庭人数", "人数", "户人数", "当前家庭人口数"),
      monitoring="当前家庭人口数"),
    # not a 2014-2020 column: jianpin's national-layout export adds it so that its per-capita
    # income (divided by the year's size) checks out on re-import
    F("hh.annual_size", "int", "年度家庭人口数", "年度家庭人口数", ("年度家庭人口",),
      monitoring="年度家庭人口数"),
    F("m.relation", "code", "与户主关系", "与户主关系", ("与户主的关系", "关系"), codes.Relation,
      monitoring="与户主关系"),
    F("m.birth_date", "date", None, "出生日期", ("出生年月",), monitoring="出生日期"),
    F("m.ethnicity", "text", "民族", "民族", (), monitoring="民族"),
    F("m.education", "code", "文化程度", "文化程度", ("学历",), codes.Education, monitoring="文化程度"),
    F("m.school_status", "code", "在校生状况", "在校生状况", ("在校情况", "在校状况"),
      codes.SchoolStatus, monitoring="在校生状况"),
    F("m.health", "code", "健康状况", "健康状况", (), codes.Health, monitoring="健康状况"),
    F("m.disability_grade", "int", None, "残疾等级", ()),
    F("m.labour_ability", "code", "劳动技能", "劳动技能", ("劳动能力",), codes.LabourAbility,
      monitoring="劳动技能"),
    F("m.work_status", "code", "务工状况", "务工状况", ("务工情况",), codes.WorkStatus),
    F("m.work_months", "int", "务工时间（月）", "务工时间(月)", ("务工时间", "务工月数"),
      monitoring="务工时间（月）"),
    F("m.work_place", "text", None, "务工地点", ("务工所在地",), monitoring="务工所在地"),
    F("m.employer", "text", None, "务工单位", ("务工企业名称", "务工单位名称"),
      monitoring="务工企业名称"),
    F("m.medical_insurance", "bool", "是否参加城乡居民基本医疗保险", "参加城乡居民基本医疗保险",
      ("是否参加城乡居民基本医疗保险", "是否参加医保", "是否参加基本医疗保险", "参加医保",
       "是否参加城乡居民医疗保险"), monitoring="是否参加城乡居民基本医疗保险"),
    F("m.serious_illness_insurance", "bool", "参加大病医疗", "参加大病保险", ("大病保险", "是否参加大病保险"),
      monitoring="是否参加大病保险"),
    F("m.pension_insurance", "bool", "是否参加城乡居民基本养老保险", "参加城乡居民基本养老保险",
      ("是否参加城乡居民基本养老保险", "是否参加养老保险", "参加养老保险"),
      monitoring="是否参加城乡居民基本养老保险"),
    F("m.dibao", "bool", "是否享受低保", "享受低保", ( "是否低保", "是否享受农村居民最低生活保障"),
      monitoring="享受低保政策情况"),
    F("m.tekun", "bool", "是否特困供养", "特困供养", ( "是否特困", "是否特困供养人员"),
      monitoring="享受特困供养政策情况"),
    F("m.phone", "text", "联系电话", "联系电话", ("手机号码", "电话", "成员联系电话"),
      monitoring="家庭成员联系电话"),
    F("hh.phone", "text", None, "户联系电话", ("户主联系电话",), monitoring="户联系电话"),
    F("hh.status", "code", "户类型", "户类型", ("农户类型", "户状态", "脱贫属性"),
      codes.HouseholdStatus, monitoring="户类型"),
    F("skip.exit_year", "text", "脱贫年度", None, ("脱贫年份",)),
    F("hh.attribute", "code", "贫困户属性", "户属性", ("贫困户类型",), codes.Attribute),
    F("hh.monitoring_kind", "code", None, "监测对象类型", ("监测对象类别", "检测对象类别"),
      codes.MonitoringKind, monitoring="监测对象类别"),
    F("hh.main_cause", "code", "主要致贫原因", "主要致贫原因", ("致贫原因", "致贫原因1"), codes.Cause),
    *_risks(),
    F("hh.risk_eliminated", "bool", None, "风险是否已消除", (), monitoring="风险是否已消除"),
    F("hh.elimination_method", "code", None, "风险消除方式", (), codes.EliminationMethod,
      monitoring="风险消除方式"),
    F("hh.monitoring_since", "date", None, "识别监测时间", ("纳入监测时间",), monitoring="识别监测时间"),
    F("hh.risk_eliminated_on", "date", None, "消除监测时间", ("风险消除时间",),
      monitoring="消除监测时间"),
    F("hh.address", "text", None, "住址", ("家庭住址",)),
    F("hh.housing_grade", "code", None, "住房安全等级", ("危房等级",), codes.HousingGrade),
    F("hh.relocated", "bool", None, "易地扶贫搬迁户", ("是否易地扶贫搬迁户", "是否易地搬迁")),
    F("hh.water_safe", "bool", "饮水安全", "饮水安全", ("是否饮水安全", "是否解决安全饮用水"),
      monitoring="是否解决安全饮用水"),
    F("hh.sanitary_toilet", "bool", None, "卫生厕所", ("是否有卫生厕所", "是否有卫生户厕"),
      monitoring="是否有卫生厕所"),
    F("hh.farmland_mu", "money", None, "耕地面积(亩)", ("耕地面积（亩）", "耕地面积"),
      monitoring="耕地面积（亩）"),
    F("hh.forest_mu", "money", None, "林地面积(亩)", ("林地面积（亩）", "林地面积"),
      monitoring="林地面积（亩）"),
    F("hh.housing_area", "money", None, "住房面积(㎡)", ("住房面积（㎡）", "住房面积"),
      monitoring="住房面积"),
    F("hh.electricity", "bool", None, "通生活用电", ("是否通生活用电",), monitoring="是否通生活用电"),
    # The monitoring system's 户信息 (乡村建设) columns: read from that sheet (or a member sheet
    # that has them), written by the monitoring export's 户信息 sheet.
    *(F(f"hh.{name}", LIVING_SPELLINGS[name][0], None, None, LIVING_SPELLINGS[name][1])
      for name in LIVING),
    F("meta.year", "int", "年度", "年度", ("收入年度", "年份"), monitoring="年度"),
    F("inc.wage_income", "money", "工资性收入", "工资性收入", ("工资性收入(元)",), monitoring="工资性收入"),
    F("inc.business_income", "money", "生产经营性收入", "生产经营性收入", ("经营性收入",),
      monitoring="生产经营性收入"),
    F("inc.business_cost", "money", "生产经营性支出", "生产经营性支出", ("经营性支出",),
      monitoring="生产经营性支出"),
    F("inc.property_income", "money", "财产性收入", "财产性收入", (), monitoring="财产性收入"),
    F("inc.transfer_total", "money", "转移性收入", None, ("转移性收入合计",), monitoring="转移性收入"),
    F("inc.family_planning", "money", None, "计划生育金", (), monitoring="计划生育金"),
    F("inc.dibao_amount", "money", None, "低保金", ("最低生活保障金",), monitoring="最低生活保障金"),
    F("inc.tekun_amount", "money", None, "特困供养金", ("特困人员救助供养金",),
      monitoring="特困人员救助供养金"),
    F("inc.pension", "money", None, "养老保险金", ("养老金", "养老金或离退休金"),
      monitoring="养老金或离退休金"),
    F("inc.eco_compensation", "money", None, "生态补偿金", (), monitoring="生态补偿金"),
    F("inc.other_transfer", "money", None, "其他转移性收入", (), monitoring="其他转移性收入"),
    F("inc.medical_oop", "money", None, "合规自付医疗支出", ("合规自付支出",)),
    F("inc.education_spending", "money", None, "教育支出", ()),
    F("inc.disaster_loss", "money", None, "灾害损失", ()),
    F("chk.net_income", "signed", "家庭纯收入", None, ("纯收入", "家庭年纯收入"),
      monitoring="纯收入（元）"),
    F("chk.per_capita_net", "signed", "人均纯收入", "人均纯收入", ("家庭人均纯收入",),
      monitoring="人均纯收入（元）"),
)

BY_KEY = {f.key: f for f in FIELDS}

REQUIRED = {
    NATIONAL: ("hh.number", "m.name", "m.id_number", "m.relation"),
    MONITORING: ("hh.number", "m.name", "m.id_number", "m.relation"),
    TEMPLATE: ("meta.village_code", "hh.number", "m.name", "m.id_number", "m.relation"),
}


def columns(layout: str) -> list[Field]:
    """The fields written, in order, by an export in this layout."""
    return [f for f in FIELDS if f.header(layout) and f.target != "skip"]


def label(key: str) -> str:
    f = BY_KEY[key]
    return f.template or f.national or f.monitoring or (f.synonyms[0] if f.synonyms else key)
