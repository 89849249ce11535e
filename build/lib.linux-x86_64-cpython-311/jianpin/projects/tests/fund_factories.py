"""Batches, allocations and payments for the funds tests and the URL matrix."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile

from jianpin.accounts.models import Role, User
from jianpin.projects.models import Allocation, Disbursement, FundBatch, Project, Status
from jianpin.projects.tests.factories import make_project

_N = itertools.count(1)


def _user(code: str) -> User:
    return User.objects.create(username=f"fund_factory_{next(_N)}", role=Role.COUNTY_OFFICER,
                               region_id=code)


def make_batch(code: str, *, source: str = "central", year: int = 2025,
               amount: str = "1000000.00", issued_on: dt.date = dt.date(2025, 1, 10),
               doc: str = "") -> FundBatch:
    return FundBatch.objects.create(region_id=code, year=year, source=source,
                                    doc_number=doc or f"粤财农〔2025〕{next(_N)}号",
                                    issued_on=issued_on, amount=Decimal(amount),
                                    created_by=_user(code))


def make_allocation(batch: FundBatch, project: Project, amount: str,
                    on: dt.date = dt.date(2025, 2, 1)) -> Allocation:
    return Allocation.objects.create(batch=batch, project=project, amount=Decimal(amount),
                                     allocated_on=on, created_by=batch.created_by)


def pay(allocation: Allocation, amount: str, on: dt.date = dt.date(2025, 3, 1)) -> Disbursement:
    return Disbursement.objects.create(allocation=allocation, amount=Decimal(amount), paid_on=on,
                                       created_by=allocation.created_by)


def _batch(code: str) -> dict[str, object]:
    return {"pk": make_batch(code).pk}


def _allocation(code: str) -> dict[str, object]:
    project = make_project(code, status=Status.IMPLEMENTING)
    return {"pk": make_allocation(make_batch(code), project, "1000.00").pk}


def _disbursement(code: str) -> dict[str, object]:
    project = make_project(code, status=Status.IMPLEMENTING)
    row = pay(make_allocation(make_batch(code), project, "1000.00"), "10.00")
    row.voucher.save("voucher.pdf", ContentFile(b"%PDF-1.4 test voucher"))
    row.voucher_name = "凭证.pdf"
    row.save(update_fields=["voucher_name"])
    return {"pk": row.pk}


AREA_FACTORIES = {"batch": _batch, "allocation": _allocation, "disbursement": _disbursement}
