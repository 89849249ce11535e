"""Helpers, pairings, one plan per household, measures and visits with photos."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jianpin.assistance import actions
from jianpin.assistance.models import Helper, Measure, Pairing, Plan, Visit, VisitPhoto
from jianpin.assistance.tests.factories import png_bytes
from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.regions.models import Region
from jianpin.workflows.actions import do_approve_data
from jianpin.workflows.tests.helpers import days_ago, make_household


@pytest.fixture
def helper(cadre) -> Helper:  # type: ignore[no-untyped-def]
    return actions.do_create_helper(cadre, Region.objects.get(pk=VILLAGE), name="周建国",
                                    work_unit="县农业农村局", position="科员")


def photo(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), "image/png")


def test_pair_once_and_end(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    p = actions.do_pair(cadre, helper, hh, since=days_ago(10))
    with pytest.raises(DomainError) as err:
        actions.do_pair(cadre, helper, hh)
    assert err.value.code == "already_paired"
    actions.do_end_pairing(cadre, p)
    assert Pairing.objects.get(pk=p.pk).until == timezone.localdate()
    again = actions.do_pair(cadre, helper, hh)
    assert Pairing.objects.filter(household=hh).count() == 2 and again.until is None


def test_pair_outside_area_refused(sibling_cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        actions.do_pair(sibling_cadre, helper, hh)
    assert Pairing.objects.count() == 0 and AuditEvent.objects.count() == before


def test_one_plan_per_household_and_version(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    plan = actions.do_save_plan(cadre, hh, goals="发展养殖")
    plan = actions.do_save_plan(cadre, hh, goals="发展养殖，稳定务工", version=plan.version)
    assert (Plan.objects.filter(household=hh).count(), plan.version, plan.goals) == (
        1, 2, "发展养殖，稳定务工")
    with pytest.raises(DomainError) as err:
        actions.do_save_plan(cadre, hh, goals="旧版本", version=1)
    assert err.value.code == "stale" and Plan.objects.get(household=hh).goals == "发展养殖，稳定务工"


def test_measure_creates_plan_and_checks_loan_limit(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    m = actions.do_add_measure(cadre, hh, category="健康", description="大病救助",
                               on=days_ago(3), amount="3,200.5", provider="县医保局")
    assert (m.amount, m.plan.household_id) == (Decimal("3200.50"), hh.pk)
    with pytest.raises(DomainError) as err:
        actions.do_add_measure(cadre, hh, category="金融", description="小额信贷",
                               on=days_ago(1), amount=60000, months=24)
    assert err.value.code == "loan_limit"
    with pytest.raises(DomainError):
        actions.do_add_measure(cadre, hh, category="金融", description="小额信贷",
                               on=days_ago(1), amount=50000, months=48)
    assert Measure.objects.filter(plan__household=hh).count() == 1


def test_visit_with_photos(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    actions.do_pair(cadre, helper, hh)
    v = actions.do_record_visit(cadre, hh, helper, visited_on=days_ago(1),
                                findings="务工收入稳定，住房安全", photos=[photo(), photo("门口.png")])
    assert [p.name for p in v.photos.all()] == ["现场.png", "门口.png"]
    assert all(len(p.sha256) == 64 and p.sha256 in p.file.name and p.file.name.endswith(".png")
               for p in v.photos.all())


def test_photo_is_served_as_an_image_whatever_its_name(cadre, helper):  # type: ignore[no-untyped-def]
    from django.test import Client

    hh = make_household(VILLAGE)
    actions.do_pair(cadre, helper, hh)
    v = actions.do_record_visit(cadre, hh, helper, visited_on=days_ago(1), findings="正常",
                                photos=[SimpleUploadedFile("x.html", png_bytes(), "text/html")])
    c = Client()
    c.force_login(cadre)
    r = c.get(f"/assistance/photos/{v.photos.get().pk}/")
    assert r["Content-Type"] == "image/png"


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"photos": [SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", "image/jpeg")]}, "bad_photo"),
    ({"visited_on": timezone.localdate() + dt.timedelta(days=1)}, "future_date"),
    ({"findings": "  "}, "empty"),
])
def test_bad_visit_refused(kwargs, code, cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    actions.do_pair(cadre, helper, hh)
    args = {"visited_on": days_ago(1), "findings": "正常", **kwargs}
    with pytest.raises(DomainError) as err:
        actions.do_record_visit(cadre, hh, helper, **args)
    assert err.value.code == code
    assert Visit.objects.count() == 0 and VisitPhoto.objects.count() == 0


def test_visit_needs_pairing(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    with pytest.raises(DomainError) as err:
        actions.do_record_visit(cadre, hh, helper, visited_on=days_ago(1), findings="正常")
    assert err.value.code == "not_paired" and Visit.objects.count() == 0


def test_approved_period_is_locked(cadre, helper):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    actions.do_pair(cadre, helper, hh)
    on = days_ago(1)
    do_approve_data(cadre, Region.objects.get(pk=VILLAGE), str(on.year))
    with pytest.raises(DomainError) as err:
        actions.do_record_visit(cadre, hh, helper, visited_on=on, findings="正常")
    assert err.value.code == "locked"
    with pytest.raises(DomainError) as err:
        actions.do_add_measure(cadre, hh, category="就业", description="转移就业", on=on)
    assert err.value.code == "locked"
    assert Visit.objects.count() == 0 and Measure.objects.count() == 0
