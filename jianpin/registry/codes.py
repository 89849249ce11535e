"""Code lists of the household registry (domain guide §2, §4).

The values are the national codes, stored and exported as they are; the labels are Chinese
msgids, shown in the reader's language (the relation to the head has its own context: 女 as a
relation is a daughter, as a sex female). Code that reads labels as data (an import's accepted
spellings) reads them in Chinese (`registry.io.coerce.code_table`).
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HouseholdStatus(models.TextChoices):
    ORDINARY = "一般农户", _("一般农户")
    POOR = "贫困户", _("贫困户")
    EXITED = "脱贫户", _("脱贫户")


class MonitoringKind(models.TextChoices):
    NONE = "", _("非监测对象")
    UNSTABLE = "脱贫不稳定户", _("脱贫不稳定户")
    MARGINAL = "边缘易致贫户", _("边缘易致贫户")
    SUDDEN = "突发严重困难户", _("突发严重困难户")


class Attribute(models.TextChoices):
    GENERAL = "一般户", _("一般户")
    DIBAO = "低保户", _("低保户")
    TEKUN = "特困供养户", _("特困供养户")


class Cause(models.TextChoices):
    ILLNESS = "因病", _("因病")
    DISABILITY = "因残", _("因残")
    SCHOOLING = "因学", _("因学")
    DISASTER = "因灾", _("因灾")
    NO_LAND = "缺土地", _("缺土地")
    NO_WATER = "缺水", _("缺水")
    NO_SKILLS = "缺技术", _("缺技术")
    NO_LABOUR = "缺劳力", _("缺劳力")
    NO_CAPITAL = "缺资金", _("缺资金")
    TRANSPORT = "交通条件落后", _("交通条件落后")
    MOTIVATION = "自身发展动力不足", _("自身发展动力不足")
    NO_HOUSING = "缺住房", _("缺住房")          # 2014-2020 national list
    NO_ELECTRICITY = "缺电", _("缺电")          # 2014-2020 national list
    OTHER = "其他", _("其他")


class RiskType(models.TextChoices):
    ILLNESS = "因病", _("因病")
    DISABILITY = "因残", _("因残")
    SCHOOLING = "因学", _("因学")
    DISASTER = "因灾", _("因灾")
    ACCIDENT = "因意外事故", _("因意外事故")
    INDUSTRY = "因产业失败", _("因产业失败")
    EMPLOYMENT = "因务工就业不稳", _("因务工就业不稳")
    NO_LABOUR = "因缺劳动力", _("因缺劳动力")
    HOUSING = "因住房安全", _("因住房安全")
    WATER = "因饮水安全", _("因饮水安全")
    OTHER = "其他", _("其他")


class EliminationMethod(models.TextChoices):
    """风险消除方式 in the 2021- monitoring system."""
    ASSISTED = "帮扶消除", _("帮扶消除")
    NATURAL = "自然消除", _("自然消除")


class IdType(models.TextChoices):
    """证件类型: a disability certificate number is the ID number plus two digits."""
    ID_CARD = "居民身份证", _("居民身份证")
    DISABILITY = "残疾人证", _("残疾人证")
    OTHER = "其他", _("其他")


class HousingGrade(models.TextChoices):
    A = "A", _("A级")
    B = "B", _("B级")
    C = "C", _("C级（危房）")
    D = "D", _("D级（危房）")


class Sex(models.TextChoices):
    MALE = "男", _("男")
    FEMALE = "女", _("女")


class Relation(models.TextChoices):
    HEAD = "本人", pgettext_lazy("与户主关系", "本人（户主）")
    SPOUSE = "配偶", pgettext_lazy("与户主关系", "配偶")
    SON = "子", pgettext_lazy("与户主关系", "子")
    DAUGHTER = "女", pgettext_lazy("与户主关系", "女")
    GRANDCHILD = "孙子女", pgettext_lazy("与户主关系", "孙子女")
    PARENT = "父母", pgettext_lazy("与户主关系", "父母")
    GRANDPARENT = "祖父母", pgettext_lazy("与户主关系", "祖父母")
    SIBLING = "兄弟姐妹", pgettext_lazy("与户主关系", "兄弟姐妹")
    OTHER = "其他", pgettext_lazy("与户主关系", "其他")


class Education(models.TextChoices):
    ILLITERATE = "文盲或半文盲", _("文盲或半文盲")
    PRIMARY = "小学", _("小学")
    JUNIOR = "初中", _("初中")
    SENIOR = "高中", _("高中")
    VOCATIONAL = "中专/职高", _("中专/职高")
    COLLEGE = "大专及以上", _("大专及以上")
    PRESCHOOL = "学龄前", _("学龄前")


class SchoolStatus(models.TextChoices):
    PRESCHOOL = "学前教育", _("学前教育")
    PRIMARY = "小学", _("在校-小学")
    JUNIOR = "初中", _("在校-初中")
    SENIOR = "高中", _("在校-高中")
    VOCATIONAL = "中职", _("在校-中职")
    HIGHER = "高等教育", _("在校-高等教育")
    DROPOUT = "辍学", _("辍学")
    NOT_IN_SCHOOL = "非在校生", _("非在校生")


IN_SCHOOL = (SchoolStatus.PRIMARY, SchoolStatus.JUNIOR, SchoolStatus.SENIOR,
             SchoolStatus.VOCATIONAL, SchoolStatus.HIGHER, SchoolStatus.PRESCHOOL)


class Health(models.TextChoices):
    HEALTHY = "健康", pgettext_lazy("健康状况", "健康")
    CHRONIC = "长期慢性病", pgettext_lazy("健康状况", "长期慢性病")
    SERIOUS = "大病", pgettext_lazy("健康状况", "大病")
    DISABLED = "残疾", pgettext_lazy("健康状况", "残疾")


class LabourAbility(models.TextChoices):
    ORDINARY = "普通劳动力", _("普通劳动力")
    SKILLED = "技能劳动力", _("技能劳动力")
    WEAK = "弱劳动力或半劳动力", _("弱劳动力或半劳动力")
    LOST = "丧失劳动力", _("丧失劳动力")
    NONE = "无劳动力", _("无劳动力")


WITH_LABOUR = (LabourAbility.ORDINARY, LabourAbility.SKILLED, LabourAbility.WEAK)


class WorkStatus(models.TextChoices):
    NONE = "", _("未务工")
    LOCAL = "乡镇内务工", _("乡镇内务工")
    COUNTY = "县内务工", _("县内乡外务工")
    PROVINCE = "省内务工", _("省内县外务工")
    OUT_OF_PROVINCE = "省外务工", _("省外务工")
