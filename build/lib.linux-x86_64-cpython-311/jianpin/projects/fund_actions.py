"""Writes of the funds: issue a batch (下达), allocate it to projects, record payments.

Each call checks MANAGE_FUNDS in the area it writes, locks the parent row whose total it must
keep (batch for allocations, allocation for payments) and writes one audit event.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError
from jianpin.projects.codes import FundSource, PaymentKind
from jianpin.projects.machine import FUNDABLE
from jianpin.projects.models import Allocation, Disbursement, FundBatch, Project
from jianpin.projects.vouchers import check_voucher
from jianpin.regions.models import Region

CENT = Decimal("0.01")


def _money(amount: Decimal) -> Decimal:
    if amount is None or amount <= 0:
        raise DomainError("bad_amount", _("金额须大于零"))
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise DomainError("future_date", _("日期不能晚于今天"))


@transaction.atomic
def do_issue_batch(actor: Any, region: Region, *, year: int, source: str, doc_number: str,
                   issued_on: dt.date, amount: Decimal, note: str = "") -> FundBatch:
    """Record funds issued to `region` by one document (资金下达)."""
    check_can(actor, Cap.MANAGE_FUNDS, region.code)
    if source not in FundSource.values:
        raise DomainError("bad_source", _("资金来源不在代码表内"))
    if not doc_number.strip():
        raise DomainError("no_document", _("请填写下达文号"))
    _not_future(issued_on)
    if FundBatch.objects.filter(region=region, source=source,
                                doc_number=doc_number.strip()).exists():
        raise DomainError("duplicate_batch", _("该文号的同一来源资金已登记"))
    batch = FundBatch.objects.create(region=region, year=year, source=source,
                                     doc_number=doc_number.strip(), issued_on=issued_on,
                                     amount=_money(amount), note=note.strip()[:200],
                                     created_by=actor)
    record(actor, "projects.funds.issue", batch, region_code=region.code,
           diff=snapshot(batch, ["region_id", "year", "source", "doc_number", "issued_on",
                                 "amount"]))
    return batch


def _sum(qs: Any) -> Decimal:
    return qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def do_allocate(actor: Any, batch: FundBatch, project: Project, *, amount: Decimal,
                allocated_on: dt.date) -> Allocation:
    """Arrange part of a batch for a project in the batch's area, within what is left."""
    check_can(actor, Cap.MANAGE_FUNDS, project.region_id)
    check_can(actor, Cap.MANAGE_FUNDS, batch.region_id)
    amount = _money(amount)
    if not project.region_id.startswith(batch.region.prefix):
        raise DomainError("outside_batch", _("项目不在该批资金的下达地区内"))
    if project.status not in FUNDABLE:
        raise DomainError("not_planned", _("列入年度计划后方可安排资金"))
    _not_future(allocated_on)
    if allocated_on < batch.issued_on:
        raise DomainError("before_issue", _("安排日期不能早于资金下达日期"))
    locked = FundBatch.objects.select_for_update().get(pk=batch.pk)
    left = locked.amount - _sum(locked.allocations.all())
    if amount > left:
        raise DomainError("over_batch", _("超出该批资金未安排余额（%(left)s元）") % {"left": left})
    if Allocation.objects.filter(batch=batch, project=project).exists():
        raise DomainError("duplicate_allocation", _("该批资金已安排给此项目"))
    allocation = Allocation.objects.create(batch=batch, project=project, amount=amount,
                                           allocated_on=allocated_on, created_by=actor)
    record(actor, "projects.funds.allocate", allocation, region_code=project.region_id,
           diff=snapshot(allocation, ["batch_id", "project_id", "amount", "allocated_on"]))
    return allocation


@transaction.atomic
def do_disburse(actor: Any, allocation: Allocation, *, amount: Decimal, paid_on: dt.date,
                kind: str = PaymentKind.TRANSFER, voucher_number: str = "",
                voucher: UploadedFile[Any] | None = None) -> Disbursement:
    """Record a payment (拨付) or reimbursement (报账), never beyond the allocation."""
    project = allocation.project
    check_can(actor, Cap.MANAGE_FUNDS, project.region_id)
    amount = _money(amount)
    if kind not in PaymentKind.values:
        raise DomainError("bad_kind", _("支付方式不在代码表内"))
    _not_future(paid_on)
    if paid_on < allocation.allocated_on:
        raise DomainError("before_allocation", _("支付日期不能早于资金安排日期"))
    locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
    left = locked.amount - _sum(locked.disbursements.all())
    if amount > left:
        raise DomainError("over_allocation", _("超出该项资金未支付余额（%(left)s元）") % {"left": left})
    row = Disbursement(allocation=locked, amount=amount, paid_on=paid_on, kind=kind,
                       voucher_number=voucher_number.strip()[:50], created_by=actor)
    if voucher is not None:
        ext = check_voucher(voucher)
        digest = hashlib.sha256()
        for chunk in voucher.chunks():
            digest.update(chunk)
        voucher.seek(0)
        row.voucher_name = (voucher.name or "voucher")[-200:]
        row.voucher_sha256 = digest.hexdigest()
        voucher.name = f"{row.voucher_sha256}.{ext}"  # stored under its digest, never its name
        row.voucher = voucher
    row.save()
    record(actor, "projects.funds.disburse", row, region_code=project.region_id,
           diff=snapshot(row, ["allocation_id", "kind", "amount", "paid_on", "voucher_number",
                               "voucher_sha256"]))
    return row
