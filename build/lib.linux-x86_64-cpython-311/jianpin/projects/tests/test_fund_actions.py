"""Issuing, allocating and paying: who may, within which bounds, and what is recorded."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianpin.audit.models import AuditEvent
from jianpin.conftest import COUNTY, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.projects.fund_actions import do_allocate, do_disburse, do_issue_batch
from jianpin.projects.models import Allocation, Disbursement, FundBatch, Status
from jianpin.projects.tests.factories import make_project
from jianpin.projects.tests.fund_factories import make_allocation, make_batch, pay
from jianpin.regions.models import Region

D = dt.date


def counts() -> tuple[int, int, int, int]:
    return (FundBatch.objects.count(), Allocation.objects.count(), Disbursement.objects.count(),
            AuditEvent.objects.count())


@pytest.mark.django_db
def test_issue_batch_records_and_audits(officer) -> None:  # type: ignore[no-untyped-def]
    batch = do_issue_batch(officer, Region.objects.get(code=COUNTY), year=2025, source="central",
                           doc_number=" 梅市财农〔2025〕12号 ", issued_on=D(2025, 3, 2),
                           amount=Decimal("1200000.005"))
    assert (batch.doc_number, batch.amount) == ("梅市财农〔2025〕12号", Decimal("1200000.01"))
    event = AuditEvent.objects.get(action="projects.funds.issue")
    assert event.diff["amount"] == "1200000.01"
    with pytest.raises(DomainError) as exc:
        do_issue_batch(officer, Region.objects.get(code=COUNTY), year=2025, source="central",
                       doc_number="梅市财农〔2025〕12号", issued_on=D(2025, 3, 2),
                       amount=Decimal(1))
    assert exc.value.code == "duplicate_batch"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["cadre", "reviewer", "auditor"])
def test_only_finance_issues(persona, request) -> None:  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(persona)
    before = counts()
    with pytest.raises(PermissionDenied):
        do_issue_batch(user, Region.objects.get(code=COUNTY), year=2025, source="central",
                       doc_number="x", issued_on=D(2025, 3, 2), amount=Decimal(1))
    assert counts() == before


@pytest.mark.django_db
def test_other_county_officer_cannot_allocate(officer, outsiders) -> None:  # type: ignore[no-untyped-def]
    batch = make_batch(COUNTY)
    project = make_project(VILLAGE, status=Status.PLANNED)
    before = counts()
    with pytest.raises(PermissionDenied):
        do_allocate(outsiders["officer"], batch, project, amount=Decimal(1),
                    allocated_on=D(2025, 2, 1))
    assert counts() == before


@pytest.mark.django_db
def test_allocation_stays_within_the_batch(officer) -> None:  # type: ignore[no-untyped-def]
    batch = make_batch(COUNTY, amount="1000.00")
    first = make_project(VILLAGE, status=Status.PLANNED)
    second = make_project(VILLAGE, status=Status.IMPLEMENTING)
    do_allocate(officer, batch, first, amount=Decimal("600"), allocated_on=D(2025, 2, 1))
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_allocate(officer, batch, second, amount=Decimal("400.01"), allocated_on=D(2025, 2, 1))
    assert (exc.value.code, counts()) == ("over_batch", before)
    assert "400.00" in exc.value.message
    do_allocate(officer, batch, second, amount=Decimal("400"), allocated_on=D(2025, 2, 1))
    assert Allocation.objects.filter(batch=batch).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "code", "on", "where"), [
    (Status.IN_LIBRARY, "not_planned", D(2025, 2, 1), VILLAGE),
    (Status.PLANNED, "before_issue", D(2025, 1, 9), VILLAGE),
    (Status.PLANNED, "outside_batch", D(2025, 2, 1), "441424101001"),
])
def test_allocation_refusals(officer, status, code, on, where) -> None:  # type: ignore[no-untyped-def]
    batch = make_batch("441424100000")   # issued to the township on 2025-01-10
    project = make_project(where, status=status)
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_allocate(officer, batch, project, amount=Decimal(1), allocated_on=on)
    assert (exc.value.code, counts()) == (code, before)


@pytest.mark.django_db
def test_payments_stay_within_the_allocation(officer) -> None:  # type: ignore[no-untyped-def]
    allocation = make_allocation(make_batch(COUNTY), make_project(VILLAGE, status=Status.PLANNED),
                                 "500.00")
    pay(allocation, "300.00")
    pdf = SimpleUploadedFile("记账凭证 3月.pdf", b"%PDF-1.4 voucher", "application/pdf")
    row = do_disburse(officer, allocation, amount=Decimal("150"), paid_on=D(2025, 4, 1),
                      kind="reimburse", voucher_number="记-031", voucher=pdf)
    assert (row.voucher_name, str(row.voucher.name).endswith(f"{row.voucher_sha256}.pdf")) == \
        ("记账凭证 3月.pdf", True)
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_disburse(officer, allocation, amount=Decimal("50.01"), paid_on=D(2025, 4, 2))
    assert (exc.value.code, counts()) == ("over_allocation", before)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "code"), [
    ("凭证.pdf", b"MZ\x90\x00", "voucher_type"),
    ("凭证.exe", b"%PDF-1.4", "voucher_type"),
    ("凭证.png", b"\xff\xd8\xff\xe0", "voucher_type"),
    ("凭证.pdf", b"", "voucher_size"),
])
def test_voucher_checked_by_content(officer, name, content, code) -> None:  # type: ignore[no-untyped-def]
    allocation = make_allocation(make_batch(COUNTY), make_project(VILLAGE, status=Status.PLANNED),
                                 "500.00")
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_disburse(officer, allocation, amount=Decimal("1"), paid_on=D(2025, 4, 1),
                    voucher=SimpleUploadedFile(name, content))
    assert (exc.value.code, counts()) == (code, before)


@pytest.mark.django_db
def test_payment_cannot_be_future_or_precede_allocation(officer) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    allocation = make_allocation(make_batch(COUNTY), make_project(VILLAGE, status=Status.PLANNED),
                                 "500.00", on=D(2025, 2, 1))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for day, code in ((tomorrow, "future_date"), (D(2025, 1, 31), "before_allocation")):
        with pytest.raises(DomainError) as exc:
            do_disburse(officer, allocation, amount=Decimal("1"), paid_on=day)
        assert exc.value.code == code
    assert Disbursement.objects.count() == 0




def test_who_holds_the_finance_capability() -> None:
    from jianpin.accounts.models import Role
    from jianpin.accounts.policy import CAPABILITIES, Cap

    holders = {role for role, caps in CAPABILITIES.items() if Cap.MANAGE_FUNDS in caps}
    assert holders == {Role.COUNTY_OFFICER, Role.FINANCE_OFFICER, Role.ADMIN}
    # the finance role writes funds and nothing else; it reads the pages where funds are kept
    assert CAPABILITIES[Role.FINANCE_OFFICER] == {Cap.READ_PROJECTS, Cap.MANAGE_FUNDS}
    assert Cap.READ_PROJECTS in CAPABILITIES[Role.AUDITOR]   # the auditor reads the funds


@pytest.mark.django_db
def test_finance_officer_pays_in_its_area_and_does_nothing_else() -> None:
    from jianpin.accounts.models import Role
    from jianpin.conftest import SIBLING_TOWNSHIP, TOWNSHIP, make_user
    from jianpin.projects.actions import do_transition

    finance = make_user("pj_finance", Role.FINANCE_OFFICER, TOWNSHIP)
    elsewhere = make_user("pj_finance_sib", Role.FINANCE_OFFICER, SIBLING_TOWNSHIP)
    batch = do_issue_batch(finance, Region.objects.get(code=TOWNSHIP), year=2025,
                           source="county", doc_number="水财〔2025〕3号", issued_on=D(2025, 3, 2),
                           amount=Decimal("80000"))
    project = make_project(VILLAGE, status=Status.PLANNED)
    allocation = do_allocate(finance, batch, project, amount=Decimal("50000"),
                             allocated_on=D(2025, 3, 5))
    payment = do_disburse(finance, allocation, amount=Decimal("20000"), paid_on=D(2025, 4, 1),
                          kind="reimburse", voucher_number="记-17",
                          voucher=SimpleUploadedFile("v.pdf", b"%PDF-1.4 voucher"))
    assert (batch.region_id, allocation.amount, payment.amount) == (
        TOWNSHIP, Decimal("50000.00"), Decimal("20000.00"))
    before = counts()
    with pytest.raises(PermissionDenied):   # the county's money is above a township officer
        do_issue_batch(finance, Region.objects.get(code=COUNTY), year=2025, source="central",
                       doc_number="y", issued_on=D(2025, 3, 2), amount=Decimal(1))
    with pytest.raises(PermissionDenied):
        do_allocate(elsewhere, batch, project, amount=Decimal(1), allocated_on=D(2025, 3, 5))
    with pytest.raises(PermissionDenied):   # no lifecycle step: that is the project offices'
        do_transition(finance, project, "notice", version=project.version)
    assert counts() == before
