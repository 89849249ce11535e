"""Funds (衔接资金): batches issued (下达) by source, their allocation to projects, payments.

Money is in yuan with two decimals. Sums are kept within bounds by the actions (a batch is
never allocated beyond its amount, an allocation never paid beyond its amount), which lock the
parent row first; the constraints here hold what one row alone must satisfy.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jianpin.projects.codes import FundSource, PaymentKind
from jianpin.projects.models.library import Project

USER = settings.AUTH_USER_MODEL
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class FundBatch(models.Model):
    """One issue of funds (资金下达) to an area by a document (文号)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("下达地区"),
                               on_delete=models.PROTECT, related_name="+",
                               db_column="region_code")
    year = models.PositiveSmallIntegerField(_("资金年度"))
    source = models.CharField(_("资金来源"), max_length=16, choices=FundSource.choices)
    doc_number = models.CharField(_("下达文号"), max_length=100)
    issued_on = models.DateField(_("下达日期"))
    amount = models.DecimalField(_("下达金额（元）"), **MONEY)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("资金下达批次")
        verbose_name_plural = _("资金下达批次")
        indexes = [models.Index(fields=["region", "year"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="batch_positive"),
            models.UniqueConstraint(fields=["region", "source", "doc_number"],
                                    name="batch_one_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.get_source_display()}"


class Allocation(models.Model):
    """Money of one batch arranged for one project (资金安排)."""

    batch = models.ForeignKey(FundBatch, on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(_("安排金额（元）"), **MONEY)
    allocated_on = models.DateField(_("安排日期"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_positive"),
            models.UniqueConstraint(fields=["batch", "project"], name="allocation_one_per_batch"),
        ]


class Disbursement(models.Model):
    """A payment (拨付) or reimbursement (报账) against an allocation, with its voucher."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT,
                                   related_name="disbursements")
    kind = models.CharField(_("支付方式"), max_length=12, choices=PaymentKind.choices,
                            default=PaymentKind.TRANSFER)
    paid_on = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("支付金额（元）"), **MONEY)
    voucher_number = models.CharField(_("凭证号"), max_length=50, blank=True)
    voucher = models.FileField(upload_to="projects/vouchers/%Y/", blank=True)
    voucher_name = models.CharField(_("凭证文件名"), max_length=200, blank=True)
    voucher_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="disbursement_positive"),
        ]
