"""Screening in English: shipped rules, their flags and the features behind a hit come from the
rule files' English; a rule whose stored name is not the shipped one is shown as written."""
from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household
from jianpin.rules.ruleset import shipped_rules
from jianpin.screening.models import Warning

pytestmark = pytest.mark.django_db


def _client(user, language: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def test_every_shipped_rule_has_english() -> None:
    rules = shipped_rules()
    assert len(rules) == 30
    assert [c for c, r in rules.items() if not r.name_en or r.name_en == r.name] == []


def test_inbox_and_household_in_english(reviewer) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="黄德明")
    water = shipped_rules()["RISK-WATER"]
    quality = shipped_rules()["DQ-NEGATIVE-INCOME"]
    for code, name, flag in ((water.code, water.name, water.flag),
                             (quality.code, quality.name, quality.flag),
                             ("RISK-LOCAL", "本县自定义：外出务工人员返乡", "返乡")):
        Warning.objects.create(household=hh, village_code=VILLAGE, year=2024, rule_code=code,
                               rule_name=name, category="risk_type", flag=flag, severity="高",
                               explanation={"water_safe": False, "per_capita_net": -120.5,
                                            "housing_grade": None},
                               last_seen=timezone.now())
    english = _client(reviewer, "en").get("/screening/").content.decode()
    assert "Drinking water unsafe" in english and "饮水不安全" not in english
    # a code-list value in the reader's language (stored as recorded)
    assert "Drinking water safety" in english and "因饮水安全" not in english
    assert "Net income per person is negative" in english and "Negative income" in english
    assert "本县自定义：外出务工人员返乡" in english and "返乡" in english  # the county's own text
    # the rule's own feature first, the others after it by name, on every engine
    reasons = english.split('class="hide-sm reasons"><small>')[1].split("</small>")[0]
    # (the first row is RISK-WATER's: most severe, then rule codes downwards)
    assert reasons.split("; ") == ["safe drinking water=no", "housing safety grade=empty",
                                   "net income per person=-120.5"]
    assert "RISK-WATER Drinking water unsafe</option>" in english
    chinese = _client(reviewer, "zh-hans").get("/screening/").content.decode()
    reasons = chinese.split('class="hide-sm reasons"><small>')[1].split("</small>")[0]
    assert "饮水不安全" in chinese
    assert reasons.split("；") == ["饮水安全=否", "住房安全等级=空", "人均纯收入=-120.5"]
    assert "Drinking water unsafe" not in chinese
    page = _client(reviewer, "en").get(f"/registry/households/{hh.pk}/").content.decode()
    block = page.split('class="card screening-hits"')[1].split("</section>")[0]
    assert "Drinking water unsafe" in block and "2024" in block and "2024年" not in block
    assert "safe drinking water: no" in block and "本县自定义：外出务工人员返乡" in block


def test_rules_runs_and_department_pages_in_english(officer, provider) -> None:  # type: ignore[no-untyped-def]
    rules = _client(officer, "en").get("/screening/rules/").content.decode()
    assert "Shipped rules" in rules and "A member owns a vehicle" in rules
    assert "Red line: vehicle" in rules and "Default (all shipped rules)（default）" in rules
    runs = _client(officer, "en").get("/screening/runs/").content.decode()
    assert "Start screening" in runs and "Recent runs" in runs and "Rule set" in runs
    depts = _client(provider, "en").get("/screening/departments/").content.decode()
    assert 'an ID number column headed <span lang="zh-Hans">身份证号</span>' in depts
    assert "File (CSV or Excel with an ID number column)" in depts
