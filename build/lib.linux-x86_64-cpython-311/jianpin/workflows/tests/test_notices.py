"""Public notices print only whitelisted fields: a property test over random households."""
from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from jianpin.conftest import VILLAGE
from jianpin.registry import codes
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.workflows.models import Case, Notice
from jianpin.workflows.notices import WHITELIST, NoticeRow, notice_rows, render_pdf

NAME_CHARS = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高明华国建军平秀英兰芳志强伟丽"
HEALTH = ("健康", "长期慢性病", "大病", "残疾")
_N = itertools.count(1)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
person = st.fixed_dictionaries({
    "name": st.text(alphabet=NAME_CHARS, min_size=2, max_size=4),
    "id": st.builds(lambda body, last: body + last,
                    st.text(alphabet="0123456789", min_size=17, max_size=17),
                    st.sampled_from("0123456789X")),
    "phone": st.builds(lambda p, rest: "1" + p + rest, st.sampled_from("3456789"),
                       st.text(alphabet="0123456789", min_size=9, max_size=9)),
    "health": st.sampled_from(HEALTH),
    "grade": st.none() | st.integers(1, 4),
})
household = st.fixed_dictionaries({
    "members": st.lists(person, min_size=1, max_size=4),
    "bank": st.text(alphabet="0123456789", min_size=16, max_size=19),
    "income": st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False),
    "kind": st.sampled_from(["identification", "elimination", "exit"]),
    "mask": st.booleans(),
})


def test_row_has_only_whitelisted_fields() -> None:
    assert WHITELIST == ("name", "village", "size", "category", "amount")
    assert NoticeRow.__dataclass_fields__.keys() == set(WHITELIST)


def _make(spec: dict, cadre) -> tuple[Notice, Household]:  # type: ignore[no-untyped-def]
    n = next(_N)
    head = spec["members"][0]
    hh = Household.objects.create(number=f"N{n:07d}", village_id=VILLAGE, head_name=head["name"],
                                  size=len(spec["members"]), phone=head["phone"],
                                  bank_account=spec["bank"], status=codes.HouseholdStatus.POOR)
    for i, m in enumerate(spec["members"]):
        Member.objects.create(household=hh, name=m["name"], id_number=f"{n:06d}{i}{m['id'][7:]}",
                              sex="男", relation=codes.Relation.HEAD if i == 0 else "子",
                              health=m["health"], disability_grade=m["grade"], phone=m["phone"])
    IncomeRecord.objects.create(household=hh, year=2025, persons=hh.size,
                                per_capita_net=spec["income"])
    today = timezone.localdate()
    notice = Notice.objects.create(region_id=VILLAGE, kind=spec["kind"], period=f"{n:04d}-01",
                                   starts_on=today, ends_on=today + dt.timedelta(days=5),
                                   mask_names=spec["mask"], created_by=cadre)
    Case.objects.create(kind=spec["kind"], household=hh, region_id=VILLAGE, status="in_notice",
                        source="self_app", opened_by=cadre, due_on=today, notice=notice,
                        proposal={"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"],
                                  "mode": "帮扶消除"})
    return notice, hh


def _secrets(hh: Household) -> list[str]:
    out = [hh.phone, hh.bank_account]
    for m in hh.members.all():
        out += [m.id_number, m.phone]
        if m.health != "健康":
            out.append(m.health)
        if m.disability_grade:
            out.append(f"{m.disability_grade}级")
    return [s for s in out if s]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=household)
def test_no_sensitive_value_in_html_or_pdf(spec, cadre) -> None:  # type: ignore[no-untyped-def]
    notice, hh = _make(spec, cadre)
    client = Client()
    client.force_login(cadre)
    html = client.get(f"/workflows/notices/{notice.pk}/").content.decode()
    pdf = client.get(f"/workflows/notices/{notice.pk}/pdf/").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    row = notice_rows(notice)[0]
    for output in (html, text):
        for secret in _secrets(hh):
            assert secret not in output
        assert row.name in output and row.category in output
    assert row.amount == f"{Decimal(spec['income']):.2f}"
    head = spec["members"][0]["name"]
    assert row.name == (head[0] + "*" * (len(head) - 2) + head[-1] if spec["mask"]
                        and len(head) > 2 else head[0] + "*" if spec["mask"] else head)


def test_pdf_renders_chinese_with_builtin_font(cadre) -> None:  # type: ignore[no-untyped-def]
    notice, hh = _make({"members": [{"name": "张三丰", "id": "1" * 18, "phone": "13912345678",
                                     "health": "大病", "grade": None}],
                        "bank": "6222000011112222", "income": Decimal("5123.4"),
                        "kind": "identification", "mask": True}, cadre)
    pdf = render_pdf(notice, "协和村委会", notice_rows(notice))
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "协和村委会" in text and "拟纳入防止返贫监测对象公示" in text
    assert "张*丰" in text and "边缘易致贫户" in text and "5123.40" in text
    fonts = {f["/BaseFont"] for f in (reader.pages[0]["/Resources"]["/Font"][k].get_object()
                                      for k in reader.pages[0]["/Resources"]["/Font"])}
    assert "/STSong-Light" not in fonts  # embedded instead: test_pdf_fonts.py


def test_notice_masking_choice(cadre, reviewer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.audit.models import AuditEvent

    notice, _ = _make({"members": [{"name": "张三丰", "id": "2" * 18, "phone": "13912345678",
                                    "health": "健康", "grade": None}],
                       "bank": "6222000011113333", "income": Decimal("6100"),
                       "kind": "identification", "mask": True}, cadre)
    c = Client()
    c.force_login(reviewer)
    assert c.post(f"/workflows/notices/{notice.pk}/masking/", {"mask": "0"}).status_code == 403
    c.force_login(cadre)
    assert "张*丰" in c.get(f"/workflows/notices/{notice.pk}/").content.decode()
    c.post(f"/workflows/notices/{notice.pk}/masking/", {"mask": "0"})
    assert "张三丰" in c.get(f"/workflows/notices/{notice.pk}/").content.decode()
    assert AuditEvent.objects.filter(action="workflows.notice.masking").count() == 1
