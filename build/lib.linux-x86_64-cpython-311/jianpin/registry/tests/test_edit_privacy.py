"""Edit forms never prefill full ID, phone or bank numbers unless revealed (audited); the
change log reads as Chinese: field names, 是/否, choice labels, local times, birth year only."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms as djforms
from django.test import Client

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.registry import actions, forms
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.helpers import make_household, make_id

pytestmark = pytest.mark.django_db
PHONE, BANK = "13800138000", "6217001234567890123"


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def _post_data(form: djforms.Form, **changes: Any) -> dict[str, Any]:
    """What a browser would submit for the form as rendered, with some fields changed."""
    data: dict[str, Any] = {}
    for bf in form:
        value = bf.value()
        if isinstance(bf.field.widget, djforms.NullBooleanSelect):
            data[bf.html_name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(value, bool):
            if value:
                data[bf.html_name] = "on"
        elif value is not None:
            data[bf.html_name] = value if isinstance(value, list) else str(value)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _reveals() -> list[dict[str, Any]]:
    return list(AuditEvent.objects.filter(action="registry.reveal").values_list("diff", flat=True))


def test_household_edit_form_shows_masked_values_only(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    body = _client(cadre).get(f"/registry/households/{hh.pk}/edit/").content.decode()
    assert PHONE not in body and BANK not in body
    assert 'placeholder="138****8000"' in body and 'placeholder="***************0123"' in body
    assert "显示完整号码以修改" in body and _reveals() == []


def test_household_edit_keeps_masked_or_blank_values(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    form = forms.HouseholdForm(instance=hh, initial={"version": hh.version})
    data = _post_data(form, phone="", bank_account="***************0123", address="新地址 1 号")
    r = _client(cadre).post(f"/registry/households/{hh.pk}/edit/", data)
    assert r.status_code == 302
    hh.refresh_from_db()
    assert (hh.phone, hh.bank_account, hh.address) == (PHONE, BANK, "新地址 1 号")
    event = AuditEvent.objects.get(action="registry.household.update")
    assert event.diff == {"address": ["", "新地址 1 号"]}


def test_household_edit_changes_a_number_typed_in_full(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    form = forms.HouseholdForm(instance=hh, initial={"version": hh.version})
    r = _client(cadre).post(f"/registry/households/{hh.pk}/edit/",
                            _post_data(form, phone="13912345678"))
    assert r.status_code == 302
    assert Household.objects.get(pk=hh.pk).phone == "13912345678"


def test_rerendered_form_does_not_show_the_stored_values(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    form = forms.HouseholdForm(instance=hh, initial={"version": hh.version})
    r = _client(cadre).post(f"/registry/households/{hh.pk}/edit/",
                            _post_data(form, housing_area="不是数字"))
    body = r.content.decode()
    assert r.status_code == 200 and "housing_area" in r.context["form"].errors
    assert PHONE not in body and BANK not in body


def test_reveal_for_edit_is_audited(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    body = _client(cadre).get(f"/registry/households/{hh.pk}/edit/?reveal=1").content.decode()
    assert f'value="{PHONE}"' in body and f'value="{BANK}"' in body
    assert _reveals() == [{"fields": ["phone", "bank_account"], "purpose": "edit"}]
    event = AuditEvent.objects.get(action="registry.reveal")
    assert (event.actor, event.object_id, event.region_code) == (cadre, str(hh.pk), VILLAGE)


def test_member_edit_form_hides_id_phone_and_birth_date(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    member = hh.members.get()
    Member.objects.filter(pk=member.pk).update(birth_date=dt.date(1980, 1, 1))
    c = _client(cadre)
    body = c.get(f"/registry/members/{member.pk}/edit/").content.decode()
    assert member.id_number not in body and PHONE not in body and "1980-01-01" not in body
    assert f'placeholder="{member.id_number[:6]}************"' in body
    assert 'name="birth_date"' not in body and _reveals() == []
    member.refresh_from_db()
    form = forms.MemberForm(instance=member, initial={"version": hh.version})
    r = c.post(f"/registry/members/{member.pk}/edit/", _post_data(form, name="张三丰"))
    assert r.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.id_number, member.phone, member.birth_date) == (
        "张三丰", Member.objects.get(pk=member.pk).id_number, PHONE, dt.date(1980, 1, 1))
    assert AuditEvent.objects.get(action="registry.member.update").diff == {
        "name": ["张三", "张三丰"]}


def test_member_edit_new_id_in_masked_mode(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    member = hh.members.get()
    new_id = make_id("19750607", 21)
    form = forms.MemberForm(instance=member, initial={"version": hh.version})
    r = _client(cadre).post(f"/registry/members/{member.pk}/edit/",
                            _post_data(form, id_number=new_id))
    assert r.status_code == 302
    member.refresh_from_db()
    assert (member.id_number, member.birth_date) == (new_id, dt.date(1975, 6, 7))


def test_member_reveal_for_edit_is_audited(cadre) -> None:  # type: ignore[no-untyped-def]
    member = make_household(VILLAGE).members.get()
    body = _client(cadre).get(f"/registry/members/{member.pk}/edit/?reveal=1").content.decode()
    assert f'value="{member.id_number}"' in body
    assert _reveals() == [{"fields": ["id_number", "phone"], "purpose": "edit"}]


def test_auditor_cannot_open_the_reveal_mode(auditor) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    assert _client(auditor).get(f"/registry/households/{hh.pk}/edit/?reveal=1").status_code == 403
    assert _reveals() == []


def test_change_log_reads_as_chinese_in_local_time(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, size=2)
    spouse = hh.members.get(relation="配偶")
    actions.do_update_member(cadre, spouse, medical_insurance=False, relation="女",
                             disability_grade=2)
    AuditEvent.objects.update(at=dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.UTC))
    actions.do_add_member(cadre, hh, {"name": "张小", "id_number": make_id("20100304", 7),
                                      "relation": "子"})
    for user, sees in ((cadre, True), (auditor, False)):
        body = _client(user).get(f"/registry/households/{hh.pk}/").content.decode()
        assert "2026-03-02 00:30" in body and "2026-03-01 16:30" not in body
        assert "参加城乡居民基本医疗保险：是 → 否" in body
        assert "与户主关系：配偶 → 女" in body and "与户主关系：子" in body
        assert "medical_insurance" not in body and "True" not in body and "None" not in body
        assert "household：" not in body and "ID：" not in body and "created_at" not in body
        assert ("出生日期：2010-03-04" in body) is sees
        assert ("出生日期：2010年" in body) is not sees
        assert ("残疾等级：空 → 2" in body) is sees
        assert ("残疾等级：已修改（内容不公开）" in body) is not sees
