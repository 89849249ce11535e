"""Lines and thresholds per (year, region), inherited down the division tree.

National rows use region code `000000000000` (prefix ''). A value applies to a household when
its region prefix starts the household's village code. A row is in force from its `year` to
its `valid_until` (open-ended when empty); of the rows in force, the most recent start year
wins, and within that year the most local region.

A row is an amount (`basis = amount`) or a share of a referenced yearly figure
(`basis = share`: value 0.45 of the provincial rural per-capita disposable income), the figure
of the applying year (`reference_lag` years before it) or of a fixed `reference_year`.
Income lines name the income concept they are measured in (纯收入 or 可支配收入).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL = "000000000000"


class StandardKey(models.TextChoices):
    POVERTY_LINE = "poverty_line", _("贫困线（元/人·年）")
    MONITORING_LINE = "monitoring_line", _("防止返贫监测线（元/人·年）")
    EXIT_INCOME = "exit_income", _("脱贫收入标准（元/人·年）")
    RELATIVE_LINE = "relative_line", _("相对贫困线（元/人·年）")
    LABOUR_EXIT_INCOME = "labour_exit_income", _("有劳动力户脱贫收入线（元/人·年）")
    INCOME_DROP_RATIO = "income_drop_ratio", _("收入骤减比例（较上年下降）")
    WAGE_DROP_RATIO = "wage_drop_ratio", _("务工收入骤减比例（较上年下降）")
    RIGID_SHARE = "rigid_share", _("刚性支出占家庭纯收入比例上限")
    MEDICAL_OOP_LARGE = "medical_oop_large", _("大额自付医疗支出（元/户·年）")
    DISASTER_LOSS_LARGE = "disaster_loss_large", _("重大灾害损失（元/户·年）")
    ELIMINATION_MIN_MONTHS = "elimination_min_months", _("风险消除最短监测月数")
    VILLAGE_EXIT_INCIDENCE = "village_exit_incidence", _("贫困村出列贫困发生率上限")
    VILLAGE_EXIT_INCOME = "village_exit_income", _("贫困村出列人均收入线（元/人·年）")
    RELATIVE_VILLAGE_INCOME = "relative_village_income", _("相对贫困村人均收入线（元/人·年）")
    RELATIVE_VILLAGE_POOR_SHARE = "relative_village_poor_share", _("相对贫困村贫困人口占比下限")
    NOTICE_MIN_DAYS = "notice_min_days", _("村内公示最少天数")
    CASE_DEADLINE_DAYS = "case_deadline_days", _("识别办结时限（天）")
    GRIEVANCE_DEADLINE_DAYS = "grievance_deadline_days", _("信访投诉答复时限（天）")
    VISIT_INTERVAL_DAYS = "visit_interval_days", _("监测户走访间隔上限（天）")
    TRANSITION_PERIOD = "transition_period", _("巩固拓展脱贫攻坚成果过渡期")
    VILLAGE_COLLECTIVE_INCOME = "village_collective_income", _("村集体经济收入达标线（元/年）")
    VILLAGE_COLLECTIVE_INCOME_HIGH = ("village_collective_income_high",
                                      _("村集体经济收入较高线（元/年）"))
    FUND_INDUSTRY_SHARE = ("fund_industry_share",
                           _("中央衔接资金用于产业发展的比重下限"))


class Basis(models.TextChoices):
    AMOUNT = "amount", _("数额")
    SHARE = "share", _("参照数的比例")


class IncomeConcept(models.TextChoices):
    NET = "net", _("人均纯收入")
    DISPOSABLE = "disposable", _("人均可支配收入")


class ReferenceKey(models.TextChoices):
    RURAL_DISPOSABLE_INCOME = ("rural_disposable_income",
                               _("农村居民人均可支配收入（元/人·年）"))


class Standard(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    region_code = models.CharField("适用区划代码", max_length=12)
    region_prefix = models.CharField("区划前缀", max_length=12, blank=True, db_index=True)
    key = models.CharField("标准项", max_length=32, choices=StandardKey.choices)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    valid_until = models.PositiveSmallIntegerField("有效至（年度）", null=True, blank=True)
    basis = models.CharField("数值类型", max_length=8, choices=Basis.choices,
                             default=Basis.AMOUNT)
    reference = models.CharField("参照数", max_length=32, blank=True,
                                 choices=ReferenceKey.choices)
    reference_year = models.PositiveSmallIntegerField("参照年度（固定）", null=True, blank=True)
    reference_lag = models.PositiveSmallIntegerField("参照滞后年数", default=0)
    income_concept = models.CharField("收入口径", max_length=12, blank=True,
                                      choices=IncomeConcept.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)
    editable = models.BooleanField("可修改", default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key", "year", "region_code"]
        verbose_name = "标准"
        verbose_name_plural = "标准"
        constraints = [
            models.UniqueConstraint(fields=["year", "region_code", "key"],
                                    name="one_standard_per_year_region_key"),
            models.CheckConstraint(
                name="standard_share_names_reference",
                condition=models.Q(basis="amount", reference="")
                | (models.Q(basis="share") & ~models.Q(reference=""))),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_code} {self.key}={self.value}"


class ReferenceFigure(models.Model):
    """A yearly figure that lines may be a share of (e.g. a province's rural per-capita
    disposable income), per region and year; edited like standards and audited."""

    key = models.CharField("参照数", max_length=32, choices=ReferenceKey.choices)
    year = models.PositiveSmallIntegerField("年度")
    region_code = models.CharField("区划代码", max_length=12)
    region_prefix = models.CharField("区划前缀", max_length=12, blank=True, db_index=True)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key", "-year", "region_code"]
        verbose_name = "参照数"
        verbose_name_plural = "参照数"
        constraints = [
            models.UniqueConstraint(fields=["key", "year", "region_code"],
                                    name="one_reference_per_key_year_region"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_code} {self.key}={self.value}"
