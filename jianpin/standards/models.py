"""Lines and thresholds per (year, region), inherited down the division tree.

National rows use region code `000000000000` (prefix ''). A value applies to a household when
its region prefix starts the household's village code; the most recent year not after the
screening year wins, and within that year the most local region.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

NATIONAL = "000000000000"


class StandardKey(models.TextChoices):
    POVERTY_LINE = "poverty_line", "贫困线（元/人·年）"
    MONITORING_LINE = "monitoring_line", "防止返贫监测线（元/人·年）"
    EXIT_INCOME = "exit_income", "脱贫收入标准（元/人·年）"
    RELATIVE_LINE = "relative_line", "相对贫困线（元/人·年）"
    LABOUR_EXIT_INCOME = "labour_exit_income", "有劳动力户脱贫收入线（元/人·年）"
    INCOME_DROP_RATIO = "income_drop_ratio", "收入骤减比例（较上年下降）"
    WAGE_DROP_RATIO = "wage_drop_ratio", "务工收入骤减比例（较上年下降）"
    RIGID_SHARE = "rigid_share", "刚性支出占家庭纯收入比例上限"
    MEDICAL_OOP_LARGE = "medical_oop_large", "大额自付医疗支出（元/户·年）"
    DISASTER_LOSS_LARGE = "disaster_loss_large", "重大灾害损失（元/户·年）"
    ELIMINATION_MIN_MONTHS = "elimination_min_months", "风险消除最短监测月数"
    VILLAGE_EXIT_INCIDENCE = "village_exit_incidence", "贫困村出列贫困发生率上限"
    VILLAGE_EXIT_INCOME = "village_exit_income", "贫困村出列人均收入线（元/人·年）"
    RELATIVE_VILLAGE_INCOME = "relative_village_income", "相对贫困村人均收入线（元/人·年）"
    RELATIVE_VILLAGE_POOR_SHARE = "relative_village_poor_share", "相对贫困村贫困人口占比下限"
    NOTICE_MIN_DAYS = "notice_min_days", "村内公示最少天数"
    CASE_DEADLINE_DAYS = "case_deadline_days", "识别办结时限（天）"
    GRIEVANCE_DEADLINE_DAYS = "grievance_deadline_days", "信访投诉答复时限（天）"
    VISIT_INTERVAL_DAYS = "visit_interval_days", "监测户走访间隔上限（天）"


class Standard(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    region_code = models.CharField("适用区划代码", max_length=12)
    region_prefix = models.CharField("区划前缀", max_length=12, blank=True, db_index=True)
    key = models.CharField("标准项", max_length=32, choices=StandardKey.choices)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
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
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_code} {self.key}={self.value}"
