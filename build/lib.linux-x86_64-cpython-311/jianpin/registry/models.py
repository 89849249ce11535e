"""Households, members and yearly income records (建档立卡)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianpin.registry import codes, monitoring

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0.00")}


class Household(models.Model):
    number = models.CharField(_("户编号"), max_length=32, unique=True)
    # Indexed by hh_village_number_id (village first), so no index of its own.
    village = models.ForeignKey("regions.Region", verbose_name=_("行政村"), on_delete=models.PROTECT,
                                related_name="households", db_column="village_code",
                                db_index=False)
    group = models.ForeignKey("regions.Region", verbose_name=_("村民小组"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", db_column="group_code")
    head_name = models.CharField(_("户主姓名"), max_length=50, db_index=True)
    size = models.PositiveSmallIntegerField(_("家庭人口"), default=0)
    annual_size = models.PositiveSmallIntegerField(_("年度家庭人口数"), null=True, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    bank_account = models.CharField(_("银行账号"), max_length=32, blank=True)
    bank_name = models.CharField(_("开户行"), max_length=50, blank=True)
    attribute = models.CharField(_("户属性"), max_length=8, choices=codes.Attribute.choices,
                                 default=codes.Attribute.GENERAL)
    status = models.CharField(_("户类型"), max_length=8, choices=codes.HouseholdStatus.choices,
                              default=codes.HouseholdStatus.ORDINARY)   # hh_status_village
    monitoring_kind = models.CharField(_("监测对象类型"), max_length=8, blank=True,
                                       choices=codes.MonitoringKind.choices, db_index=True)
    risk_types = models.JSONField(_("风险类型"), default=list, blank=True)
    main_cause = models.CharField(_("主要致贫原因"), max_length=16, blank=True,
                                  choices=codes.Cause.choices, db_index=True)
    other_causes = models.JSONField(_("其他致贫原因"), default=list, blank=True)
    housing_area = models.DecimalField(_("住房面积(㎡)"), max_digits=8, decimal_places=2,
                                       null=True, blank=True)
    housing_grade = models.CharField(_("住房安全等级"), max_length=1, blank=True,
                                     choices=codes.HousingGrade.choices)
    relocated = models.BooleanField(_("易地扶贫搬迁户"), default=False)
    water_safe = models.BooleanField(_("饮水安全"), null=True, blank=True)
    water_note = models.CharField(_("饮水情况说明"), max_length=100, blank=True)
    electricity = models.BooleanField(_("通生活用电"), default=True)
    road_to_house = models.BooleanField(_("通入户路"), default=True)
    sanitary_toilet = models.BooleanField(_("卫生厕所"), default=False)
    farmland_mu = models.DecimalField(_("耕地面积(亩)"), max_digits=8, decimal_places=2,
                                      null=True, blank=True)
    forest_mu = models.DecimalField(_("林地面积(亩)"), max_digits=8, decimal_places=2,
                                    null=True, blank=True)
    cooperative_member = models.BooleanField(_("加入合作社"), default=False)
    # Living conditions as the monitoring system's 户信息 (乡村建设) sheet records them; None:
    # not recorded. Sources in docs/import-export.md.
    road_hardened = models.BooleanField(_("入户道路是否硬化"), null=True, blank=True)
    tap_water = models.BooleanField(_("是否通自来水"), null=True, blank=True)
    water_interval_ok = models.BooleanField(_("供水间隔是否低于24小时"), null=True, blank=True)
    clean_energy = models.BooleanField(_("是否使用清洁能源"), null=True, blank=True)
    clean_energy_type = models.CharField(_("清洁能源类型"), max_length=30, blank=True)
    dilapidated = models.BooleanField(_("是否危房"), null=True, blank=True)
    shower = models.BooleanField(_("是否有淋浴设施"), null=True, blank=True)
    toilet_type = models.CharField(_("卫生厕所类型"), max_length=30, blank=True)
    toilet_usable = models.BooleanField(_("卫生厕所是否能正常使用"), null=True, blank=True)
    toilet_indoor = models.BooleanField(_("卫生户厕是否入室"), null=True, blank=True)
    toilet_in_yard = models.BooleanField(_("卫生户厕是否入院"), null=True, blank=True)
    yard_beautified = models.BooleanField(_("是否进行过庭院美化"), null=True, blank=True)
    identified_on = models.DateField(_("识别时间"), null=True, blank=True)
    monitoring_since = models.DateField(_("纳入监测时间"), null=True, blank=True)
    risk_eliminated = models.BooleanField(_("风险是否已消除"), null=True, blank=True)
    elimination_method = models.CharField(_("风险消除方式"), max_length=8, blank=True,
                                          choices=codes.EliminationMethod.choices)
    risk_eliminated_on = models.DateField(_("消除监测时间"), null=True, blank=True)
    exited_on = models.DateField(_("脱贫时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("农户")
        verbose_name_plural = _("农户")
        indexes = [
            # id last: the list's page of ids is an index-only scan (registry.paging)
            models.Index(fields=["village", "number", "id"], name="hh_village_number_id"),
            models.Index(fields=["status", "village"], name="hh_status_village"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.head_name}"

    @property
    def monitored(self) -> bool:
        """A monitoring object now (registry.monitoring: a kind, risk not eliminated)."""
        return monitoring.is_monitored(self)

    @property
    def current_kind(self) -> str:
        return monitoring.current_kind(self)


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    person_number = models.CharField(_("人编号"), max_length=32, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=8, blank=True, choices=codes.IdType.choices)
    id_number = models.CharField(_("身份证号"), max_length=18, null=True, blank=True, unique=True)
    sex = models.CharField(_("性别"), max_length=1, choices=codes.Sex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    relation = models.CharField(_("与户主关系"), max_length=8, choices=codes.Relation.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, default="汉族", blank=True)
    education = models.CharField(_("文化程度"), max_length=16, blank=True,
                                 choices=codes.Education.choices)
    school_status = models.CharField(_("在校生状况"), max_length=16, blank=True,
                                     choices=codes.SchoolStatus.choices)
    health = models.CharField(_("健康状况"), max_length=8, choices=codes.Health.choices,
                              default=codes.Health.HEALTHY)
    disability_grade = models.PositiveSmallIntegerField(_("残疾等级"), null=True, blank=True)
    labour_ability = models.CharField(_("劳动技能"), max_length=16, blank=True,
                                      choices=codes.LabourAbility.choices)
    work_status = models.CharField(_("务工状况"), max_length=16, blank=True,
                                   choices=codes.WorkStatus.choices)
    work_months = models.PositiveSmallIntegerField(_("务工时间(月)"), default=0)
    work_place = models.CharField(_("务工地点"), max_length=100, blank=True)
    work_industry = models.CharField(_("务工行业"), max_length=50, blank=True)
    employer = models.CharField(_("务工单位"), max_length=100, blank=True)
    medical_insurance = models.BooleanField(_("参加城乡居民基本医疗保险"), default=True)
    serious_illness_insurance = models.BooleanField(_("参加大病保险"), default=True)
    pension_insurance = models.BooleanField(_("参加城乡居民基本养老保险"), default=False)
    dibao = models.BooleanField(_("享受低保"), default=False)
    tekun = models.BooleanField(_("特困供养"), default=False)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # From the monitoring system's 计划外出务工信息 sheet; None: not recorded.
    plans_work = models.BooleanField(_("是否计划外出务工"), null=True, blank=True)
    work_service_need = models.CharField(_("就业服务需求"), max_length=50, blank=True)
    deceased_on = models.DateField(_("死亡日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "id"]
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")

    def __str__(self) -> str:
        return self.name

    @property
    def alive(self) -> bool:
        return self.deceased_on is None


class IncomeRecord(models.Model):
    """One household's income and rigid spending for one year; years are never overwritten."""

    # one_income_per_year (household first) indexes it.
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="incomes",
                                  db_index=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    persons = models.PositiveSmallIntegerField(_("计算人口"))
    wage_income = models.DecimalField(_("工资性收入"), **MONEY)
    business_income = models.DecimalField(_("生产经营性收入"), **MONEY)
    business_cost = models.DecimalField(_("生产经营性支出"), **MONEY)
    property_income = models.DecimalField(_("财产性收入"), **MONEY)
    family_planning = models.DecimalField(_("计划生育金"), **MONEY)
    dibao_amount = models.DecimalField(_("低保金"), **MONEY)
    tekun_amount = models.DecimalField(_("特困供养金"), **MONEY)
    pension = models.DecimalField(_("养老保险金"), **MONEY)
    eco_compensation = models.DecimalField(_("生态补偿金"), **MONEY)
    other_transfer = models.DecimalField(_("其他转移性收入"), **MONEY)
    medical_oop = models.DecimalField(_("合规自付医疗支出"), **MONEY)
    education_spending = models.DecimalField(_("教育支出"), **MONEY)
    disaster_loss = models.DecimalField(_("灾害损失"), **MONEY)
    # Derived by registry.income.compute, stored for fast queries and reports.
    transfer_income = models.DecimalField(_("转移性收入"), **MONEY)
    net_income = models.DecimalField(_("家庭纯收入"), **MONEY)
    per_capita_net = models.DecimalField(_("人均纯收入"), **MONEY)
    rigid_spending = models.DecimalField(_("刚性支出"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["household_id", "year"]
        verbose_name = _("年度收入")
        verbose_name_plural = _("年度收入")
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="one_income_per_year"),
            models.CheckConstraint(condition=models.Q(year__gte=1990, year__lte=2100),
                                   name="income_year_range"),
        ]
        indexes = [models.Index(fields=["year", "per_capita_net"], name="income_year_pc")]

    @property
    def business_net(self) -> Decimal:
        return self.business_income - self.business_cost


class WorkPeriod(models.Model):
    """One period of migrant work of a member (the monitoring system's 已外出务工信息 row)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="work_periods")
    working = models.BooleanField(_("是否已务工"), null=True, blank=True)
    county = models.CharField(_("务工所在县"), max_length=100, blank=True)
    channel = models.CharField(_("就业渠道"), max_length=30, blank=True)
    start = models.DateField(_("开始时间"), null=True, blank=True)
    end = models.DateField(_("结束时间"), null=True, blank=True)
    monthly_income = models.DecimalField(_("务工月收入"), max_digits=10, decimal_places=2,
                                         null=True, blank=True)
    travel_subsidy = models.DecimalField(_("年度交通费补助"), max_digits=10, decimal_places=2,
                                         null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member_id", "start", "id"]
        verbose_name = _("外出务工时段")
        verbose_name_plural = _("外出务工时段")

    def __str__(self) -> str:
        return f"{self.member_id} {self.start}-{self.end}"


class VillageFacts(models.Model):
    """A village's figures for a year as the monitoring system's 行政村信息 sheet gives them
    (imported with a county workbook, matched by township and village name; sources in
    docs/import-export.md). None: not given. The villages app shows them with its records."""

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                db_constraint=False, verbose_name=_("行政村"))
    year = models.PositiveSmallIntegerField(_("年度"))
    exited = models.BooleanField(_("是否出列"), null=True, blank=True)
    households = models.PositiveIntegerField(_("总户数"), null=True, blank=True)
    people = models.PositiveIntegerField(_("总人口数"), null=True, blank=True)
    dibao_households = models.PositiveIntegerField(_("低保户数"), null=True, blank=True)
    dibao_people = models.PositiveIntegerField(_("低保人口数"), null=True, blank=True)
    tekun_people = models.PositiveIntegerField(_("特困供养人口数"), null=True, blank=True)
    disabled_people = models.PositiveIntegerField(_("残疾人口数"), null=True, blank=True)
    unsafe_houses = models.PositiveIntegerField(_("危房户数"), null=True, blank=True)
    unsafe_water = models.PositiveIntegerField(_("未实现饮水安全户数"), null=True, blank=True)
    pension_people = models.PositiveIntegerField(_("参加城乡居民基本养老保险人数"), null=True,
                                                 blank=True)
    road = models.BooleanField(_("到乡镇是否通沥青（水泥）路"), null=True, blank=True)
    bus = models.BooleanField(_("是否通客运班车"), null=True, blank=True)
    schools = models.PositiveIntegerField(_("村小学（个数）"), null=True, blank=True)
    collective_income = models.DecimalField(_("村级集体经济收入（万元）"), max_digits=12,
                                            decimal_places=2, null=True, blank=True)
    public_toilets = models.PositiveIntegerField(_("行政村公共卫生厕所个数"), null=True, blank=True)
    clinics = models.PositiveIntegerField(_("行政村卫生室个数"), null=True, blank=True)
    doctors = models.PositiveIntegerField(_("行政村执业（助理）医师（人）"), null=True, blank=True)
    culture_rooms = models.PositiveIntegerField(_("行政村文化（图书）室个数"), null=True, blank=True)
    waste_points = models.PositiveIntegerField(_("行政村生产生活垃圾集中堆放点个数（个）"), null=True,
                                               blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["village_id", "-year"]
        verbose_name = _("行政村监测信息")
        verbose_name_plural = _("行政村监测信息")
        constraints = [models.UniqueConstraint(fields=["village", "year"],
                                               name="one_village_facts_per_year")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}"


# Import batches live with the import code; Django finds models through this module.
from jianpin.registry.io.models import (  # noqa: E402,F401
    BatchStatus,
    ImportBatch,
    KeptRow,
    KeptSheet,
    VocabularyEntry,
)


class Verification(models.Model):
    """需县级核实: an ID or household number already held outside the actor's area.

    The actor is told only that the county must verify; the county sees the request here.
    """

    class Kind(models.TextChoices):
        ID_NUMBER = "id_number", _("身份证号")
        HOUSEHOLD_NUMBER = "household_number", _("户编号")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    value = models.CharField(_("号码"), max_length=32)
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("申请登记的行政村"))
    holder_village = models.CharField(_("已登记的行政村"), max_length=15)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("申请人"))
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("核实人"))
    note = models.CharField(_("核实说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("县级核实")
