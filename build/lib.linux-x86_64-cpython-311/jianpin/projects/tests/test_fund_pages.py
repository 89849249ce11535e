"""Funds pages over HTTP: report and warnings, issuing, allocating, paying with a voucher."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, VILLAGE
from jianpin.projects.models import Disbursement, FundBatch, Status
from jianpin.projects.tests.factories import make_project
from jianpin.projects.tests.fund_factories import make_allocation, make_batch, pay

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_report_page_shows_figures_and_a_warning(auditor) -> None:  # type: ignore[no-untyped-def]
    batch = make_batch(COUNTY, amount="1000.00", year=2025, doc="五财农〔2025〕7号")
    project = make_project(VILLAGE, status=Status.IMPLEMENTING, name="协和村百香果基地",
                           category="industry")
    pay(make_allocation(batch, project, "800.00"), "200.00")
    body = client_for(auditor).get(reverse("projects:funds") + "?year=2025").content.decode()
    assert "已安排到项目 800.00 元，已支出 200.00 元，支出进度 <strong>25.00%</strong>" in body
    assert "中央衔接资金用于产业发展比重：100.00%（各级衔接资金合计：100.00%）" in body
    assert "五财农〔2025〕7号" in body and "资金闲置（未安排）" in body   # 200 left since January
    assert "登记资金下达" not in body                                     # the auditor only reads


def test_officer_issues_allocates_and_pays(officer) -> None:  # type: ignore[no-untyped-def]
    c = client_for(officer)
    r = c.post(reverse("projects:batch_new"), {
        "region": COUNTY, "year": 2025, "source": "east_west", "doc_number": "东西部协作〔2025〕3号",
        "issued_on": "2025-03-01", "amount": "50000"})
    batch = FundBatch.objects.get()
    assert r["Location"] == reverse("projects:batch", args=[batch.pk])
    project = make_project(VILLAGE, status=Status.PLANNED)
    c.post(reverse("projects:allocate", args=[batch.pk]),
           {"project": project.pk, "amount": "30000", "allocated_on": "2025-03-05"})
    allocation = project.allocations.get()
    assert allocation.amount == Decimal("30000.00")
    voucher = SimpleUploadedFile("拨付凭证.pdf", b"%PDF-1.7 paid", "application/pdf")
    c.post(reverse("projects:pay", args=[allocation.pk]),
           {"kind": "transfer", "amount": "12000", "paid_on": "2025-04-01",
            "voucher_number": "付-12", "voucher": voucher})
    row = Disbursement.objects.get()
    body = c.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "已安排 30,000.00 元，已支出 12,000.00 元，支出进度 40.00%" in body
    download = c.get(reverse("projects:voucher", args=[row.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 paid"  # type: ignore[attr-defined]
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "projects.funds.issue", "projects.funds.allocate", "projects.funds.disburse"]


def test_cadre_cannot_pay(cadre) -> None:  # type: ignore[no-untyped-def]
    allocation = make_allocation(make_batch(VILLAGE), make_project(VILLAGE, status=Status.PLANNED),
                                 "100.00")
    r = client_for(cadre).post(reverse("projects:pay", args=[allocation.pk]),
                               {"kind": "transfer", "amount": "1", "paid_on": "2025-04-01"})
    assert (r.status_code, Disbursement.objects.count(), AuditEvent.objects.count()) == (403, 0, 0)
