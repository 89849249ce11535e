"""One uploaded file and what became of it: hash, layout, counts, errors, status."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    CHECKING = "checking", _("检查中")
    PREVIEWED = "previewed", _("待确认")
    INVALID = "invalid", _("有错误")
    COMMITTING = "committing", _("导入中")
    COMMITTED = "committed", _("已导入")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


class ImportBatch(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+", verbose_name=_("上传人"))
    region_code = models.CharField(_("上传人区划"), max_length=15, blank=True, db_index=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    stored_path = models.CharField(max_length=500, blank=True)
    layout = models.CharField(_("格式"), max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=BatchStatus.choices,
                              default=BatchStatus.UPLOADED, db_index=True)
    summary = models.JSONField(_("统计"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def kept(self) -> dict[str, Any]:
        """What the file left without a home, read back: {"columns": {sheet: [name]},
        "rows": [[sheet, row, [value, ...]]], "whole": [[sheet, row, {column: value}, reason]]}."""
        out: dict[str, Any] = {"columns": {}, "rows": [], "whole": []}
        for sheet in self.kept_sheets.prefetch_related("rows"):
            if sheet.kept:
                out["columns"][sheet.name] = sheet.columns
            for r in sheet.rows.all():
                if r.whole:
                    out["whole"].append([sheet.name, r.row, dict(zip(sheet.header, r.values,
                                                                     strict=False)), r.reason])
                else:
                    out["rows"].append([sheet.name, r.row, r.values])
        return out


class KeptSheet(models.Model):
    """A sheet of a committed file with columns that have no home in jianpin: its header as
    written and the positions of the kept columns; its rows are `KeptRow`s. Nothing from a
    file is lost."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="kept_sheets")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("工作表"), max_length=100)
    kind = models.CharField(_("种类"), max_length=16, blank=True)
    header = models.JSONField(_("表头"), default=list)
    kept = models.JSONField(_("保存的列"), default=list)    # 0-based positions in header

    class Meta:
        ordering = ["batch_id", "position"]
        verbose_name = _("保存的工作表")
        verbose_name_plural = _("保存的工作表")
        constraints = [models.UniqueConstraint(fields=["batch", "name"],
                                               name="one_kept_sheet_per_name")]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.name}"

    @property
    def columns(self) -> list[str]:
        return [self.header[i] for i in self.kept]


class KeptRow(models.Model):
    """One row's values in its sheet's kept columns; `whole` rows (e.g. a village the import
    could not match) hold every column of the header, with the reason."""

    sheet = models.ForeignKey(KeptSheet, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField(_("行号"))
    values = models.JSONField(_("内容"), default=list, encoder=DjangoJSONEncoder)
    whole = models.BooleanField(_("整行"), default=False)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["sheet_id", "row"]
        verbose_name = _("保存的行")
        verbose_name_plural = _("保存的行")
        constraints = [models.UniqueConstraint(fields=["sheet", "row"], name="one_kept_row")]

    def __str__(self) -> str:
        return f"{self.sheet_id}:{self.row}"


class VocabularyEntry(models.Model):
    """A national-system spelling a county officer added to a code list (besides the shipped
    data/national_vocab.json); written by `vocab.do_add_vocabulary_entry`, audited."""

    field_key = models.CharField(_("列"), max_length=40)
    value = models.CharField(_("国家系统取值"), max_length=50)
    code = models.CharField(_("本系统代码"), max_length=16, blank=True)
    region_code = models.CharField(_("添加人区划"), max_length=15, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("添加人"))
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        ordering = ["field_key", "value"]
        verbose_name = _("国家系统取值对照")
        verbose_name_plural = _("国家系统取值对照")
        constraints = [models.UniqueConstraint(fields=["field_key", "value"],
                                               name="one_spelling_per_field")]

    def __str__(self) -> str:
        return f"{self.field_key}: {self.value} → {self.code}"
