"""Column layouts: the national-system member-per-row export and the project template.

Each field names its target (`hh` household, `m` member, `inc` yearly income, `meta` row
context, `chk` a figure only checked against the others), its value kind, the header it has
in each layout (None: not in that layout) and the synonyms accepted on import.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from jianpin.registry import codes

NATIONAL, TEMPLATE = "national", "template"
LAYOUTS = {NATIONAL: "国家系统导出格式（每人一行）", TEMPLATE: "本系统导入模板"}


@dataclass(frozen=True)
class Field:
    key: str                      # "<target>.<name>", e.g. "m.id_number"
    kind: str                     # text code bool int date money signed id
    national: str | None
    template: str | None
    synonyms: tuple[str, ...] = ()
    choices: type[models.TextChoices] | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # extra code spellings → value

    @property
    def target(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    def header(self, layout: str) -> str | None:
        return self.national if layout == NATIONAL else self.template


RELATION_ALIASES = {"户主": "本人", "本人或户主": "本人", "妻": "配偶", "夫": "配偶", "妻子": "配偶",
                    "丈夫": "配偶", "之子": "子", "儿子": "子", "长子": "子", "次子": "子",
                    "之女": "女", "女儿": "女", "长女": "女", "次女": "女", "孙子": "孙子女",
                    "孙女": "孙子女", "外孙子女": "孙子女", "父亲": "父母", "母亲": "父母",
                    "祖父": "祖父母", "祖母": "祖父母", "兄弟": "兄弟姐妹", "姐妹": "兄弟姐妹",
                    "儿媳": "其他", "女婿": "其他"}
LABOUR_ALIASES = {"弱劳动力": "弱劳动力或半劳动力", "半劳动力": "弱劳动力或半劳动力",
                  "弱劳动力/半劳动力": "弱劳动力或半劳动力"}
SCHOOL_ALIASES = {"学前": "学前教育", "非在校": "非在校生", "在校生-小学": "小学",
                  "在校生-初中": "初中", "在校生-高中": "高中", "大专": "高等教育", "本科": "高等教育"}
EDU_ALIASES = {"文盲": "文盲或半文盲", "半文盲": "文盲或半文盲", "中专": "中专/职高", "职高": "中专/职高",
               "大专": "大专及以上", "本科及以上": "大专及以上", "本科": "大专及以上"}
WORK_ALIASES = {"未务工": "", "无": "", "乡镇内": "乡镇内务工", "县内": "县内务工", "省内": "省内务工",
                "省外": "省外务工", "县外省内务工": "省内务工"}
HEALTH_ALIASES = {"患有大病": "大病", "长期慢性病患者": "长期慢性病"}
STATUS_ALIASES = {"一般户": "一般农户", "农户": "一般农户", "已脱贫": "脱贫户", "未脱贫": "贫困户"}
MON_ALIASES = {"否": "", "无": "", "非监测对象": ""}

F = Field
FIELDS: tuple[Field, ...] = (
    F("meta.village_code", "text", None, "行政区划代码", ("村代码", "村级区划代码", "区划代码")),
    F("meta.township_name", "text", "乡镇", None, ("乡(镇)", "乡镇(街道)", "乡", "镇", "乡镇名称")),
    F("meta.village_name", "text", "行政村", "行政村", ("村", "村名", "行政村名称", "村委会")),
    F("hh.number", "text", "户编号", "户编号", ("户编码", "户号", "家庭编号")),
    F("hh.head_name", "text", "户主姓名", "户主姓名", ("户主",)),
    F("m.name", "text", "姓名", "姓名", ("成员姓名", "人员姓名")),
    F("m.id_number", "id", "证件号码", "身份证号", ("身份证号码", "身份证", "公民身份号码", "证件号")),
    F("m.relation", "code", "与户主关系", "与户主关系", ("与户主的关系", "关系"),
      codes.Relation, RELATION_ALIASES),
    F("m.sex", "code", "性别", "性别", (), codes.Sex, {"男性": "男", "女性": "女"}),
    F("m.birth_date", "date", None, "出生日期", ("出生年月",)),
    F("m.ethnicity", "text", "民族", "民族", ()),
    F("m.education", "code", "文化程度", "文化程度", ("学历",), codes.Education, EDU_ALIASES),
    F("m.school_status", "code", "在校生状况", "在校生状况", ("在校情况", "在校状况"),
      codes.SchoolStatus, SCHOOL_ALIASES),
    F("m.health", "code", "健康状况", "健康状况", (), codes.Health, HEALTH_ALIASES),
    F("m.disability_grade", "int", None, "残疾等级", ()),
    F("m.labour_ability", "code", "劳动技能", "劳动技能", ("劳动能力",), codes.LabourAbility,
      LABOUR_ALIASES),
    F("m.work_status", "code", "务工状况", "务工状况", ("务工情况",), codes.WorkStatus, WORK_ALIASES),
    F("m.work_months", "int", "务工时间", "务工时间(月)", ("务工时间（月）", "务工月数")),
    F("m.work_place", "text", None, "务工地点", ()),
    F("m.medical_insurance", "bool", "是否参加城乡居民基本医疗保险", "参加城乡居民基本医疗保险",
      ("是否参加医保", "是否参加基本医疗保险", "参加医保", "是否参加城乡居民医疗保险")),
    F("m.serious_illness_insurance", "bool", "是否参加大病保险", "参加大病保险", ("大病保险",)),
    F("m.pension_insurance", "bool", "是否参加城乡居民基本养老保险", "参加城乡居民基本养老保险",
      ("是否参加养老保险", "参加养老保险")),
    F("m.dibao", "bool", "是否享受低保", "享受低保", ("是否低保",)),
    F("m.tekun", "bool", "是否特困供养", "特困供养", ("是否特困",)),
    F("m.phone", "text", "联系电话", "联系电话", ("手机号码", "电话")),
    F("hh.status", "code", "户类型", "户类型", ("贫困户属性", "农户类型", "户状态"),
      codes.HouseholdStatus, STATUS_ALIASES),
    F("hh.attribute", "code", "户属性", "户属性", ("贫困户类型",), codes.Attribute, {}),
    F("hh.monitoring_kind", "code", "监测对象类型", "监测对象类型", ("监测对象类别",),
      codes.MonitoringKind, MON_ALIASES),
    F("hh.main_cause", "code", "主要致贫原因", "主要致贫原因", ("致贫原因",), codes.Cause, {}),
    F("hh.address", "text", None, "住址", ("家庭住址",)),
    F("hh.housing_grade", "code", None, "住房安全等级", ("危房等级",), codes.HousingGrade,
      {"A级": "A", "B级": "B", "C级": "C", "D级": "D"}),
    F("hh.relocated", "bool", None, "易地扶贫搬迁户", ("是否易地扶贫搬迁户", "是否易地搬迁")),
    F("hh.water_safe", "bool", None, "饮水安全", ("是否饮水安全",)),
    F("hh.sanitary_toilet", "bool", None, "卫生厕所", ("是否有卫生厕所",)),
    F("hh.farmland_mu", "money", None, "耕地面积(亩)", ("耕地面积（亩）", "耕地面积")),
    F("chk.size", "int", "家庭人口数", "家庭人口", ("家庭人数", "家庭人口数", "户人数")),
    F("meta.year", "int", "年度", "年度", ("收入年度", "年份")),
    F("inc.wage_income", "money", "工资性收入", "工资性收入", ("工资性收入(元)",)),
    F("inc.business_income", "money", "生产经营性收入", "生产经营性收入", ("经营性收入",)),
    F("inc.business_cost", "money", "生产经营性支出", "生产经营性支出", ("经营性支出",)),
    F("inc.property_income", "money", "财产性收入", "财产性收入", ()),
    F("inc.transfer_total", "money", "转移性收入", None, ("转移性收入合计",)),
    F("inc.family_planning", "money", None, "计划生育金", ()),
    F("inc.dibao_amount", "money", None, "低保金", ()),
    F("inc.tekun_amount", "money", None, "特困供养金", ()),
    F("inc.pension", "money", None, "养老保险金", ("养老金",)),
    F("inc.eco_compensation", "money", None, "生态补偿金", ()),
    F("inc.other_transfer", "money", None, "其他转移性收入", ()),
    F("inc.medical_oop", "money", None, "合规自付医疗支出", ()),
    F("inc.education_spending", "money", None, "教育支出", ()),
    F("inc.disaster_loss", "money", None, "灾害损失", ()),
    F("chk.net_income", "signed", "家庭纯收入", None, ("纯收入", "家庭年纯收入")),
    F("chk.per_capita_net", "signed", "人均纯收入", "人均纯收入", ("家庭人均纯收入",)),
)
BY_KEY = {f.key: f for f in FIELDS}

REQUIRED = {
    NATIONAL: ("hh.number", "m.name", "m.id_number", "m.relation"),
    TEMPLATE: ("meta.village_code", "hh.number", "m.name", "m.id_number", "m.relation"),
}


def columns(layout: str) -> list[Field]:
    """The fields written, in order, by an export in this layout."""
    return [f for f in FIELDS if f.header(layout)]


def label(key: str) -> str:
    f = BY_KEY[key]
    return f.template or f.national or key
