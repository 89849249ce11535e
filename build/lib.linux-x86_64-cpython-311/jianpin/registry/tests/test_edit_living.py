"""The monitoring system's living conditions (户信息) and planned work (计划外出务工信息) are
edited in the household and member forms, through the registry actions (audited, refused
where a form edit is refused); labels in Chinese and English."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import TOWNSHIP, VILLAGE
from jianpin.registry import forms
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.helpers import make_household
from jianpin.registry.tests.test_edit_privacy import _post_data

pytestmark = pytest.mark.django_db
LIVING = {"road_hardened": "true", "tap_water": "true", "water_interval_ok": "false",
          "clean_energy": "true", "clean_energy_type": "电", "dilapidated": "false",
          "shower": "true", "sanitary_toilet": "on", "toilet_type": "三格化粪池式",
          "toilet_usable": "true", "toilet_indoor": "false", "toilet_in_yard": "true",
          "yard_beautified": "unknown"}
STORED = ("road_hardened", "tap_water", "water_interval_ok", "clean_energy", "clean_energy_type",
          "dilapidated", "shower", "sanitary_toilet", "toilet_type", "toilet_usable",
          "toilet_indoor", "toilet_in_yard", "yard_beautified")


def _client(user: Any, lang: str = "") -> Client:
    c = Client()
    c.force_login(user)
    if lang:
        c.cookies["django_language"] = lang
    return c


def _living(hh: Household) -> tuple:
    hh.refresh_from_db()
    return tuple(getattr(hh, f) for f in STORED)


def test_household_form_has_the_living_conditions_in_their_own_part(cadre):
    hh = make_household(VILLAGE)
    body = _client(cadre).get(f"/registry/households/{hh.pk}/edit/").content.decode()
    part = body[body.index('<h2 class="form-section">生活条件（户信息）</h2>'):]
    for name in STORED:
        assert f'name="{name}"' in part, name
    assert part.index('name="shower"') < part.index('name="sanitary_toilet"') \
        < part.index('name="toilet_type"')          # the national sheet's order
    assert '<label for="id_tap_water">是否通自来水</label>' in part
    assert '<option value="unknown" selected>未知</option>' in part
    english = _client(cadre, "en").get(f"/registry/households/{hh.pk}/edit/").content.decode()
    assert '<h2 class="form-section">Living conditions (household sheet)</h2>' in english
    assert '<label for="id_tap_water">Tap water</label>' in english
    assert '<label for="id_toilet_type">Sanitary toilet type</label>' in english


def test_household_living_conditions_saved_through_the_action_and_audited(cadre):
    hh = make_household(VILLAGE)
    form = forms.HouseholdForm(instance=hh, initial={"version": hh.version})
    r = _client(cadre).post(f"/registry/households/{hh.pk}/edit/", _post_data(form, **LIVING))
    assert r.status_code == 302
    assert _living(hh) == (True, True, False, True, "电", False, True, True, "三格化粪池式",
                           True, False, True, None)
    assert hh.version == 2
    event = AuditEvent.objects.get(action="registry.household.update")
    assert (event.actor, event.region_code, event.object_id) == (cadre, VILLAGE, str(hh.pk))
    assert event.diff == {
        "road_hardened": [None, True], "tap_water": [None, True],
        "water_interval_ok": [None, False], "clean_energy": [None, True],
        "clean_energy_type": ["", "电"], "dilapidated": [None, False], "shower": [None, True],
        "sanitary_toilet": [False, True], "toilet_type": ["", "三格化粪池式"],
        "toilet_usable": [None, True], "toilet_indoor": [None, False],
        "toilet_in_yard": [None, True]}
    page = _client(cadre).get(f"/registry/households/{hh.pk}/").content.decode()
    living = page[page.index('id="living"'):]
    assert "<dt>清洁能源类型</dt><dd>电</dd>" in living
    assert "<dt>是否进行过庭院美化</dt><dd><span class=\"muted\">未记录</span></dd>" in living


def test_living_conditions_edit_is_refused_in_a_locked_village_and_nothing_changes(cadre):
    from jianpin.workflows.models import DataApproval

    hh = make_household(VILLAGE)
    DataApproval.objects.create(region_id=TOWNSHIP, period=str(timezone.localdate().year),
                                status="approved")
    form = forms.HouseholdForm(instance=hh, initial={"version": hh.version})
    before = (_living(hh), hh.version, AuditEvent.objects.count())
    r = _client(cadre).post(f"/registry/households/{hh.pk}/edit/", _post_data(form, **LIVING))
    assert r.status_code == 200
    assert "数据已审批锁定，须由上级撤销审批后才能修改" in r.content.decode()
    assert (_living(hh), hh.version, AuditEvent.objects.count()) == before


def test_living_conditions_edit_is_refused_without_the_right_and_nothing_changes(auditor,
                                                                                 cadre):
    hh = make_household(VILLAGE)
    form = forms.HouseholdForm(instance=hh, initial={"version": hh.version})
    before = (_living(hh), hh.version, AuditEvent.objects.count())
    r = _client(auditor).post(f"/registry/households/{hh.pk}/edit/", _post_data(form, **LIVING))
    assert r.status_code == 403
    assert (_living(hh), hh.version, AuditEvent.objects.count()) == before


def test_member_planned_work_saved_through_the_action_and_audited(cadre):
    hh = make_household(VILLAGE)
    member = hh.members.get()
    c = _client(cadre)
    body = c.get(f"/registry/members/{member.pk}/edit/").content.decode()
    part = body[body.index('<h2 class="form-section">计划外出务工</h2>'):]
    assert '<label for="id_plans_work">是否计划外出务工</label>' in part
    assert '<label for="id_work_service_need">就业服务需求</label>' in part
    english = _client(cadre, "en").get(f"/registry/members/{member.pk}/edit/").content.decode()
    assert '<h2 class="form-section">Planned work away from home</h2>' in english
    assert '<label for="id_plans_work">Plans to work away</label>' in english
    form = forms.MemberForm(instance=member, initial={"version": hh.version})
    r = c.post(f"/registry/members/{member.pk}/edit/",
               _post_data(form, plans_work="true", work_service_need="技能培训"))
    assert r.status_code == 302
    member.refresh_from_db()
    assert (member.plans_work, member.work_service_need) == (True, "技能培训")
    assert AuditEvent.objects.get(action="registry.member.update").diff == {
        "plans_work": [None, True], "work_service_need": ["", "技能培训"]}
    page = c.get(f"/registry/households/{hh.pk}/").content.decode()
    planned = page[page.index('id="planned-work"'):]
    assert "<td>张三</td><td>是</td><td>技能培训</td>" in planned


def test_member_planned_work_refused_in_a_locked_village_and_nothing_changes(cadre):
    from jianpin.workflows.models import DataApproval

    hh = make_household(VILLAGE)
    member = hh.members.get()
    DataApproval.objects.create(region_id=VILLAGE, period=timezone.localdate().strftime("%Y-%m"),
                                status="approved")
    form = forms.MemberForm(instance=member, initial={"version": hh.version})
    events = AuditEvent.objects.count()
    r = _client(cadre).post(f"/registry/members/{member.pk}/edit/",
                            _post_data(form, plans_work="false", work_service_need="无"))
    assert r.status_code == 200 and "数据已审批锁定" in r.content.decode()
    m = Member.objects.get(pk=member.pk)
    assert (m.plans_work, m.work_service_need, AuditEvent.objects.count(),
            Household.objects.get(pk=hh.pk).version) == (None, "", events, 1)
