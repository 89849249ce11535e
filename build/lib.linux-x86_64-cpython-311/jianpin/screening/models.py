"""Department data, screening runs, warnings, and rules edited in the UI."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeptKind(models.TextChoices):
    VEHICLE = "vehicle", _("车辆登记（公安）")
    REAL_ESTATE = "real_estate", _("城镇房产商铺登记（自然资源）")
    BUSINESS = "business", _("工商登记（市场监管）")
    PAYROLL = "payroll", _("财政供养人员（人社、财政）")
    MEDICAL = "medical", _("医保报销（医保）")
    DISABILITY = "disability", _("残疾人证（残联）")
    EDUCATION = "education", _("学籍（教育）")
    HOUSING = "housing", _("住房安全鉴定（住建）")
    ASSISTANCE = "assistance", _("低保特困（民政）")
    DISASTER = "disaster", _("受灾（应急管理）")


class DeptUpload(models.Model):
    """One version of one department dataset for one area; the latest version is used."""

    kind = models.CharField(_("数据类型"), max_length=16, choices=DeptKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    region_code = models.CharField(_("适用区域"), max_length=12, db_index=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_matched = models.PositiveIntegerField(_("匹配到档案"), default=0)
    rows_unknown = models.PositiveIntegerField(_("档案中无此人"), default=0)
    rows_malformed = models.PositiveIntegerField(_("身份证号错误"), default=0)
    problems = models.JSONField(_("问题行"), default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("部门数据批次")
        constraints = [models.UniqueConstraint(fields=["kind", "region_code", "version"],
                                               name="one_dept_version")]


class DeptRecord(models.Model):
    upload = models.ForeignKey(DeptUpload, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=16, choices=DeptKind.choices)
    id_number = models.CharField(_("身份证号"), max_length=18, db_index=True)
    amount = models.DecimalField(_("金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.CharField(_("取值"), max_length=32, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["upload", "id_number"], name="dept_upload_id")]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ScreeningRun(models.Model):
    rule_set = models.CharField(_("规则集"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    area_code = models.CharField(_("筛查区域"), max_length=12, db_index=True)
    engine = models.CharField(_("引擎"), max_length=16)
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    households_screened = models.PositiveIntegerField(_("筛查户数"), default=0)
    hits = models.PositiveIntegerField(_("命中数"), default=0)
    new_warnings = models.PositiveIntegerField(_("新增预警"), default=0)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What a later incremental run builds on: the change clock when this run read the data,
    # a fingerprint of its rules and of the standards it applied, and the date months under
    # monitoring were counted to. A run carries over the active warnings of the households
    # it did not screen again (counted in `hits`) without writing them: a warning's
    # last_run/last_seen are the last run that screened its household.
    # `basis` has a database default too: code from before the column (a rolled-back
    # release) inserts runs without naming it.
    mark = models.BigIntegerField(null=True, blank=True)
    basis = models.CharField(max_length=64, blank=True, default="", db_default="")
    reference_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("筛查批次")


class WarningState(models.TextChoices):
    NEW = "new", _("新预警")
    ACKNOWLEDGED = "acknowledged", _("已确认")
    DISMISSED = "dismissed", _("已排除")
    CASE_OPENED = "case_opened", _("已转识别")
    # An import's held difference that a later file no longer shows (screening.import_held_store)
    RESOLVED = "resolved", _("已解决")


# The triage state machine: new → acknowledged → dismissed (with reason) | case_opened. No user
# moves a warning to or from resolved: the import that closed it (or reopens it) does.
TRANSITIONS: dict[str, frozenset[str]] = {
    WarningState.NEW: frozenset({WarningState.ACKNOWLEDGED}),
    WarningState.ACKNOWLEDGED: frozenset({WarningState.DISMISSED, WarningState.CASE_OPENED}),
    WarningState.DISMISSED: frozenset(),
    WarningState.CASE_OPENED: frozenset(),
    WarningState.RESOLVED: frozenset(),
}


class Warning(models.Model):
    """One rule hit on one household for one year and rule set, kept across runs."""

    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE,
                                  related_name="warnings")
    # The rule set of the runs that raise it (a run's `rule_set`); '' for the assistance
    # checks. Two sets sharing a rule code keep a warning each.
    rule_set = models.CharField(_("规则集"), max_length=200, blank=True, default="",
                                db_default="")
    village_code = models.CharField(_("行政村"), max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    rule_code = models.CharField(_("规则"), max_length=40)
    rule_name = models.CharField(_("规则名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=24)
    flag = models.CharField(_("提示"), max_length=60)
    severity = models.CharField(_("严重程度"), max_length=2)
    explanation = models.JSONField(_("命中依据"), default=dict)
    state = models.CharField(_("状态"), max_length=16, choices=WarningState.choices,
                             default=WarningState.NEW, db_index=True)
    reason = models.TextField(_("排除理由"), blank=True)
    active = models.BooleanField(_("最近一次筛查仍命中"), default=True)
    first_run = models.ForeignKey(ScreeningRun, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    last_run = models.ForeignKey(ScreeningRun, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["village_code", "household_id", "rule_code", "rule_set"]
        verbose_name = _("预警")
        constraints = [models.UniqueConstraint(
            fields=["household", "rule_set", "rule_code", "year"],
            name="one_warning_per_household_set_rule_year")]
        indexes = [models.Index(fields=["state", "village_code"], name="warning_state_village")]


class RuleRecord(models.Model):
    """A rule written or overridden in the UI; same fields as the shipped rule files."""

    set_code = models.CharField(_("规则集"), max_length=40)
    code = models.CharField(_("规则编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    severity = models.CharField(_("严重程度"), max_length=2)
    category = models.CharField(_("类别"), max_length=24)
    flag = models.CharField(_("提示"), max_length=60)
    condition = models.TextField(_("条件"))
    enabled = models.BooleanField(_("启用"), default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["set_code", "code"]
        verbose_name = _("自定义规则")


class HouseholdChange(models.Model):
    """The households whose screened inputs changed, with the change clock at the change.

    Kept by triggers on the tables the features read (registry households, members and
    incomes, assistance pairings, plans and measures, department uploads and records,
    standards, reference figures and the region tree; see `changes.TRIGGER_SOURCES`), so
    every write counts: the write layer, imports, the bulk generator and set-based SQL alike
    (an import marks the households it wrote itself, once, with those triggers paused for its
    transaction: `changes.bulk_registry_writes`). One row per household: a change sets its
    mark to the
    clock's current value. An incremental run screens the households whose mark is above the
    mark of the last run it builds on.
    """

    household_id = models.BigIntegerField(primary_key=True)
    mark = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("农户数据变更标记")


class ChangeClock(models.Model):
    """One row: the change clock. A run advances it before reading the data, so every change
    it does not see carries a mark above the one it records."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("变更时钟")
