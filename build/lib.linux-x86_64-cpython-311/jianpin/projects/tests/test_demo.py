"""The demo project library: its size, that money and assets add up, late and idle warnings."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db.models import Sum

from jianpin.accounts.models import Role
from jianpin.conftest import COUNTY, VILLAGE, make_user
from jianpin.projects.demo import build, setup
from jianpin.projects.fund_warnings import fund_warnings
from jianpin.projects.funds import funds_report
from jianpin.projects.models import Allocation, Asset, Disbursement, FundBatch, Project
from jianpin.regions.models import Region
from jianpin.workflows.tests.helpers import make_household

TODAY = dt.date(2026, 11, 30)


@pytest.mark.django_db
def test_demo_library() -> None:
    make_user("xian", Role.COUNTY_OFFICER, COUNTY)
    for _ in range(20):
        make_household(VILLAGE)
    counts = build(seed=7, today=TODAY)
    assert counts["projects"] == Project.objects.count() == 300
    years = set(Project.objects.values_list("plan_year", flat=True))
    assert set(range(2021, 2027)) | {None} >= years >= set(range(2021, 2026))
    assert (counts["batches"], counts["assets"]) == (FundBatch.objects.count(), Asset.objects.count())
    # No batch is arranged, and no allocation paid, beyond its amount.
    for batch in FundBatch.objects.annotate(used=Sum("allocations__amount")):
        assert batch.used <= batch.amount
    for a in Allocation.objects.annotate(paid=Sum("disbursements__amount")):
        assert (a.paid or 0) <= a.amount
        assert all(d.paid_on >= a.allocated_on for d in a.disbursements.all())
    assert Disbursement.objects.filter(paid_on__gt=TODAY).count() == 0
    kinds = {w.kind for w in fund_warnings(Region.objects.get(code=COUNTY), TODAY)}
    assert kinds == {"behind", "idle_allocation", "idle_batch"}
    report = funds_report(Region.objects.get(code=COUNTY), 2023)
    assert report.total.rate == Decimal("1.0000")          # older years are paid in full
    assert report.industry_central is not None and report.industry_central > Decimal("0.45")
    assert build(seed=7, today=TODAY) == {}                # once only
    out = io.StringIO()
    setup(out)
    assert out.getvalue() == ""
