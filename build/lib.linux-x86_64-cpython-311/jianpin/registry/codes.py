"""Code lists of the household registry (domain guide §2, §4)."""
from __future__ import annotations

from django.db import models


class HouseholdStatus(models.TextChoices):
    ORDINARY = "一般农户", "一般农户"
    POOR = "贫困户", "贫困户"
    EXITED = "脱贫户", "脱贫户"


class MonitoringKind(models.TextChoices):
    NONE = "", "非监测对象"
    UNSTABLE = "脱贫不稳定户", "脱贫不稳定户"
    MARGINAL = "边缘易致贫户", "边缘易致贫户"
    SUDDEN = "突发严重困难户", "突发严重困难户"


class Attribute(models.TextChoices):
    GENERAL = "一般户", "一般户"
    DIBAO = "低保户", "低保户"
    TEKUN = "特困供养户", "特困供养户"


class Cause(models.TextChoices):
    ILLNESS = "因病", "因病"
    DISABILITY = "因残", "因残"
    SCHOOLING = "因学", "因学"
    DISASTER = "因灾", "因灾"
    NO_LAND = "缺土地", "缺土地"
    NO_WATER = "缺水", "缺水"
    NO_SKILLS = "缺技术", "缺技术"
    NO_LABOUR = "缺劳力", "缺劳力"
    NO_CAPITAL = "缺资金", "缺资金"
    TRANSPORT = "交通条件落后", "交通条件落后"
    MOTIVATION = "自身发展动力不足", "自身发展动力不足"
    NO_HOUSING = "缺住房", "缺住房"          # 2014-2020 national list
    NO_ELECTRICITY = "缺电", "缺电"          # 2014-2020 national list
    OTHER = "其他", "其他"


class RiskType(models.TextChoices):
    ILLNESS = "因病", "因病"
    DISABILITY = "因残", "因残"
    SCHOOLING = "因学", "因学"
    DISASTER = "因灾", "因灾"
    ACCIDENT = "因意外事故", "因意外事故"
    INDUSTRY = "因产业失败", "因产业失败"
    EMPLOYMENT = "因务工就业不稳", "因务工就业不稳"
    NO_LABOUR = "因缺劳动力", "因缺劳动力"
    HOUSING = "因住房安全", "因住房安全"
    WATER = "因饮水安全", "因饮水安全"
    OTHER = "其他", "其他"


class EliminationMethod(models.TextChoices):
    """风险消除方式 in the 2021- monitoring system."""
    ASSISTED = "帮扶消除", "帮扶消除"
    NATURAL = "自然消除", "自然消除"


class IdType(models.TextChoices):
    """证件类型: a disability certificate number is the ID number plus two digits."""
    ID_CARD = "居民身份证", "居民身份证"
    DISABILITY = "残疾人证", "残疾人证"
    OTHER = "其他", "其他"


class HousingGrade(models.TextChoices):
    A = "A", "A级"
    B = "B", "B级"
    C = "C", "C级（危房）"
    D = "D", "D级（危房）"


class Sex(models.TextChoices):
    MALE = "男", "男"
    FEMALE = "女", "女"


class Relation(models.TextChoices):
    HEAD = "本人", "本人（户主）"
    SPOUSE = "配偶", "配偶"
    SON = "子", "子"
    DAUGHTER = "女", "女"
    GRANDCHILD = "孙子女", "孙子女"
    PARENT = "父母", "父母"
    GRANDPARENT = "祖父母", "祖父母"
    SIBLING = "兄弟姐妹", "兄弟姐妹"
    OTHER = "其他", "其他"


class Education(models.TextChoices):
    ILLITERATE = "文盲或半文盲", "文盲或半文盲"
    PRIMARY = "小学", "小学"
    JUNIOR = "初中", "初中"
    SENIOR = "高中", "高中"
    VOCATIONAL = "中专/职高", "中专/职高"
    COLLEGE = "大专及以上", "大专及以上"
    PRESCHOOL = "学龄前", "学龄前"


class SchoolStatus(models.TextChoices):
    PRESCHOOL = "学前教育", "学前教育"
    PRIMARY = "小学", "在校-小学"
    JUNIOR = "初中", "在校-初中"
    SENIOR = "高中", "在校-高中"
    VOCATIONAL = "中职", "在校-中职"
    HIGHER = "高等教育", "在校-高等教育"
    DROPOUT = "辍学", "辍学"
    NOT_IN_SCHOOL = "非在校生", "非在校生"


IN_SCHOOL = (SchoolStatus.PRIMARY, SchoolStatus.JUNIOR, SchoolStatus.SENIOR,
             SchoolStatus.VOCATIONAL, SchoolStatus.HIGHER, SchoolStatus.PRESCHOOL)


class Health(models.TextChoices):
    HEALTHY = "健康", "健康"
    CHRONIC = "长期慢性病", "长期慢性病"
    SERIOUS = "大病", "大病"
    DISABLED = "残疾", "残疾"


class LabourAbility(models.TextChoices):
    ORDINARY = "普通劳动力", "普通劳动力"
    SKILLED = "技能劳动力", "技能劳动力"
    WEAK = "弱劳动力或半劳动力", "弱劳动力或半劳动力"
    LOST = "丧失劳动力", "丧失劳动力"
    NONE = "无劳动力", "无劳动力"


WITH_LABOUR = (LabourAbility.ORDINARY, LabourAbility.SKILLED, LabourAbility.WEAK)


class WorkStatus(models.TextChoices):
    NONE = "", "未务工"
    LOCAL = "乡镇内务工", "乡镇内务工"
    COUNTY = "县内务工", "县内乡外务工"
    PROVINCE = "省内务工", "省内县外务工"
    OUT_OF_PROVINCE = "省外务工", "省外务工"
