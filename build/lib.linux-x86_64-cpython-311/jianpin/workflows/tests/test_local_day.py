"""Officials' days are Shanghai days: at 17:30 UTC on 31 March it is already 1 April in China,
so deadlines, notices and approval locks must all count from 1 April."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from unittest import mock

import pytest
from django.utils import timezone

from jianpin.conftest import TOWNSHIP, VILLAGE
from jianpin.kernel import ids
from jianpin.kernel.errors import DomainError
from jianpin.registry import actions as registry_actions
from jianpin.registry.io import coerce
from jianpin.registry.io.layouts import Field
from jianpin.registry.models import Member
from jianpin.workflows.models import Case, DataApproval, Notice
from jianpin.workflows.tests.helpers import make_household
from jianpin.workflows.tests.test_grievance import open_grievance
from jianpin.workflows.tests.test_identification import to_notice

pytestmark = pytest.mark.django_db

UTC_NOW = dt.datetime(2026, 3, 31, 17, 30, tzinfo=dt.UTC)
SHANGHAI_DAY = dt.date(2026, 4, 1)


@pytest.fixture
def frozen() -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=UTC_NOW):
        yield


def test_the_frozen_clock_is_a_day_ahead_in_shanghai(frozen: None) -> None:
    assert (timezone.now().date(), timezone.localdate()) == (dt.date(2026, 3, 31), SHANGHAI_DAY)


def test_grievance_deadline_counts_from_the_shanghai_day(frozen, cadre):  # type: ignore[no-untyped-def]
    g = open_grievance(cadre)
    assert (g.opened_at, timezone.localdate(g.opened_at)) == (UTC_NOW, SHANGHAI_DAY)
    assert g.due_on == dt.date(2026, 4, 16)


def test_notice_dates_are_shanghai_days(frozen, cadre):  # type: ignore[no-untyped-def]
    case = to_notice(cadre)
    notice = Notice.objects.get(pk=case.notice_id)
    assert (notice.period, notice.starts_on, notice.ends_on) == (
        "2026-04", SHANGHAI_DAY, dt.date(2026, 4, 6))
    assert Case.objects.get(pk=case.pk).notice_from == SHANGHAI_DAY


def test_approval_lock_is_judged_on_the_shanghai_day(frozen, cadre):  # type: ignore[no-untyped-def]
    member = Member.objects.filter(household=make_household(VILLAGE)).first()
    assert member is not None
    DataApproval.objects.create(region_id=TOWNSHIP, period="2026-03", status="approved")
    registry_actions.do_update_member(cadre, member, name="改名一")   # March is over in China
    DataApproval.objects.create(region_id=TOWNSHIP, period="2026-04", status="approved")
    with pytest.raises(DomainError) as err:
        registry_actions.do_update_member(cadre, Member.objects.get(pk=member.pk), name="改名二")
    assert (err.value.code, err.value.message) == (
        "locked", "2026年04月数据已审批锁定，须由上级撤销审批后才能修改")
    assert Member.objects.get(pk=member.pk).name == "改名一"


def test_import_accepts_a_birth_on_the_shanghai_day_only(frozen: None) -> None:
    convert = coerce.converter(Field("m.id_number", "id", None, None))
    born = {day: f"44142420260{day}011" for day in ("401", "402")}
    numbers = {day: body + ids.check_digit(body) for day, body in born.items()}
    assert convert(numbers["401"]) == numbers["401"]
    with pytest.raises(coerce.Bad) as err:
        convert(numbers["402"])
    assert (err.value.code, err.value.message) == ("id_date", "身份证号中的出生日期不存在或不合理")
