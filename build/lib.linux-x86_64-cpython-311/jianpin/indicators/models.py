"""Indicators as data, and the snapshot of their values per region and year.

An indicator is a numerator and an optional denominator, each an aggregation (count, sum,
median) of one household-year feature over the rows that pass a filter written in the rule
language (`jianpin.rules`), times a factor. Dashboards read `IndicatorValue` rows only.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from jianpin.standards.models import IncomeConcept, StandardKey


class Aggregation(models.TextChoices):
    COUNT = "count", "计数"
    SUM = "sum", "求和"
    MEDIAN = "median", "中位数"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Factor(models.IntegerChoices):
    ONE = 1, "1"
    PERCENT = 100, "%"
    PERMILLE = 1000, "‰"


class Subject(models.TextChoices):
    HOUSEHOLD = "household", "农户"
    VILLAGE = "village", "行政村"
    FUNDS = "funds", "项目资金"


class Indicator(models.Model):
    code = models.SlugField("编码", max_length=64, unique=True)
    # What is counted: household-years (filters in the rule language) or village records
    # (filters as in `jianpin.indicators.villages`).
    subject = models.CharField("统计对象", max_length=10, choices=Subject.choices,
                               default=Subject.HOUSEHOLD)
    name = models.CharField("名称", max_length=100)
    name_en = models.CharField("英文名称", max_length=100)
    unit = models.CharField("单位", max_length=16, blank=True)
    numerator_agg = models.CharField("分子汇总方式", max_length=8, choices=Aggregation.choices)
    numerator_feature = models.CharField("分子特征", max_length=64, blank=True)
    numerator_filter = models.TextField("分子筛选条件", blank=True)
    # Blank: no denominator, the value is the numerator.
    denominator_agg = models.CharField("分母汇总方式", max_length=8, blank=True,
                                       choices=Aggregation.choices)
    denominator_feature = models.CharField("分母特征", max_length=64, blank=True)
    denominator_filter = models.TextField("分母筛选条件", blank=True)
    factor = models.PositiveIntegerField("系数", choices=Factor.choices, default=Factor.ONE)
    direction = models.CharField("方向", max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER)
    threshold = models.DecimalField("阈值", max_digits=14, decimal_places=4, null=True,
                                    blank=True)
    # A threshold read from the standards table for the region and year (a share, shown
    # times the factor), e.g. the industry share of central 衔接资金 (≥ 60%); overrides
    # `threshold` where that standard is in force.
    threshold_standard = models.CharField("阈值标准项", max_length=32, blank=True,
                                          choices=StandardKey.choices)
    # The income concept an indicator measures (blank when it reads no income).
    income_concept = models.CharField("收入口径", max_length=12, blank=True,
                                      choices=IncomeConcept.choices)
    position = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "指标"
        verbose_name_plural = "指标"
        constraints = [
            # A median of medians is not a median: medians never divide or roll up by sums.
            models.CheckConstraint(
                name="indicator_median_has_no_denominator",
                condition=~models.Q(numerator_agg="median") | models.Q(denominator_agg="")),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               db_constraint=False)
    year = models.PositiveSmallIntegerField("年度")
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=4)
    denominator = models.DecimalField("分母", max_digits=20, decimal_places=4, null=True,
                                      blank=True)
    value = models.DecimalField("值", max_digits=20, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "指标值"
        verbose_name_plural = "指标值"
        constraints = [models.UniqueConstraint(fields=["indicator", "region", "year"],
                                               name="indicator_value_once")]
        indexes = [models.Index(fields=["region", "year"])]


class Target(models.Model):
    """An annual target of an area for one indicator (e.g. 脱贫人口占比 ≥ 70% by the end of
    2017, 贫困发生率 ≤ 2%, 集体经济收入达标村占比 ≥ 80%). Whether a value meets it follows the
    indicator's direction: at least the target for 'higher', at most for 'lower'."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               db_constraint=False)
    year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    note = models.CharField("依据", max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "year", "indicator__position"]
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        constraints = [models.UniqueConstraint(fields=["indicator", "region", "year"],
                                               name="one_target_per_indicator_area_year")]


class TargetProgress(models.Model):
    """The indicator's value for a target's area, as of a month (written by each refresh of
    that year: the current month, or December for a past year)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="progress")
    month = models.PositiveSmallIntegerField("月份")
    value = models.DecimalField("值", max_digits=20, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        ordering = ["target_id", "month"]
        constraints = [models.UniqueConstraint(fields=["target", "month"],
                                               name="one_progress_per_target_month")]


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel"
    PDF = "pdf", "PDF"


class Report(models.Model):
    """A generated report kept for download: built by a job from the snapshot."""

    kind = models.CharField("报表", max_length=32)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               db_constraint=False)
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    format = models.CharField("格式", max_length=8, choices=ReportFormat.choices)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    file_name = models.CharField("文件", max_length=200, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    title = models.CharField("标题", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Generated by a schedule (`indicators.monthly_report`), not on request.
    scheduled = models.BooleanField("定时生成", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "报表"
        verbose_name_plural = "报表"
