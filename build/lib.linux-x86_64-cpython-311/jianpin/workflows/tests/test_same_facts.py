"""A case's data comparison and the screening warning it came from read the same facts.

The walkthrough found a case saying 有劳动能力成员 and 两不愁三保障 均已保障 for a household whose
warning said 有劳动能力人数=0 and 饮水安全 unknown: the members' 劳动技能 was blank (not labour
for the features, labour for the case) and 饮水安全 was blank (unknown for the features, met for
the case). Here every fixture household is screened and compared with the case's findings.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from jianpin.conftest import VILLAGE
from jianpin.registry.models import Household, Member
from jianpin.screening.actions import run_now
from jianpin.screening.models import Warning
from jianpin.screening.tests.fixture import _household, _income, _member, build
from jianpin.workflows import readiness

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 12, 31)


def _walkthrough_household() -> Household:
    """Two members with 劳动技能 left blank, 饮水安全 left blank, income above the line."""
    hh = _household("SCR20", status="一般农户", size=2, water_safe=None)
    _member(hh, "本人", labour="")
    _member(hh, labour="")
    _income(hh, 2024, 2, wage_income=12000)
    _income(hh, 2023, 2, wage_income=12000)
    return hh


def test_every_screened_household_reads_the_same_labour_and_water_facts() -> None:
    households = build()
    households["SCR20"] = _walkthrough_household()
    run_now(rule_set="risk,quality", year=2024, area_code=None, engine=None)
    hits: dict[int, set[str]] = {}
    for hh_id, code in Warning.objects.values_list("household_id", "rule_code"):
        hits.setdefault(hh_id, set()).add(code)
    compared = 0
    for number, hh in households.items():
        if not hh.village_id.startswith(VILLAGE[:6]):
            continue  # another county: screened too, but the standards differ
        members = list(Member.objects.filter(household=hh, deceased_on__isnull=True))
        mine = hits.get(hh.pk, set())
        labour = readiness.labour_finding(members)
        problems = readiness.assurance_problems(hh, members, ON)
        unknown = readiness.assurance_unknowns(hh)
        assert (not labour.ok) == ("RISK-NO-LABOUR" in mine), number
        assert ("饮水安全：饮水不安全" in problems) == ("RISK-WATER" in mine), number
        assert ("饮水安全：未填写（未核实）" in unknown) == ("DQ-WATER" in mine), number
        assert ("住房安全：未评定等级（未核实）" in unknown) == ("DQ-HOUSING-GRADE" in mine), number
        compared += 1
    assert compared == 13
    assert {"RISK-NO-LABOUR", "DQ-WATER"} <= hits[households["SCR20"].pk]


def test_the_case_page_says_what_the_warning_says(reviewer) -> None:
    from jianpin.screening.tests.fixture import ensure_reference_data

    ensure_reference_data()
    hh = _walkthrough_household()
    run_now(rule_set="risk,quality", year=2024, area_code=VILLAGE, engine=None)
    warning = Warning.objects.get(household=hh, rule_code="RISK-NO-LABOUR")
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("workflows:case_from_warning", args=[warning.pk]))
    facts = {f.code: (f.ok, f.detail) for f in page.context["facts"]}
    assert facts["labour"] == (True, "有劳动能力成员0人，劳动技能未填写2人，兜底保障后仍需持续监测")
    assert facts["assurance"] == (False, "饮水安全：未填写（未核实）")
    body = page.content.decode()
    assert "均已保障" not in body and "有劳动能力成员0人" in body


def test_elimination_waits_for_unverified_water(db) -> None:
    from jianpin.screening.tests.fixture import ensure_reference_data

    ensure_reference_data()
    hh = _walkthrough_household()
    members = list(Member.objects.filter(household=hh))
    finding = readiness.assurance_finding(hh, members, ON)
    assert (finding.ok, finding.detail) == (False, "饮水安全：未填写（未核实）")
    Household.objects.filter(pk=hh.pk).update(water_safe=True)
    hh.refresh_from_db()
    assert readiness.assurance_finding(hh, members, ON).as_dict() == {
        "code": "assurance", "label": "两不愁三保障及饮水安全", "ok": True, "detail": "均已保障"}
