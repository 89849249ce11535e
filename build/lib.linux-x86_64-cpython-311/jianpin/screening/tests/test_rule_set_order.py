"""Rule sets named in another order are the same set (one canonical spelling), and the inbox
says which set raised each warning, so two rows of one household and rule are told apart."""
from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from jianpin.rules.ruleset import canonical
from jianpin.screening import actions
from jianpin.screening.models import ScreeningRun, Warning
from jianpin.screening.tests.fixture import build

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("given", "spelled"), [
    ("risk,monitoring", "monitoring,risk"), (" monitoring , risk ,", "monitoring,risk"),
    ("risk,risk", "risk"), ("", "default"), (None, "default"), ("default", "default"),
])
def test_one_spelling(given: str | None, spelled: str) -> None:
    assert canonical(given) == spelled


def test_sets_in_another_order_build_on_the_same_run() -> None:
    build()
    first, full = actions.run_now(rule_set="risk,monitoring", year=2024, area_code=None,
                                  engine=None, full=True)
    again, incremental = actions.run_now(rule_set=" monitoring, risk", year=2024,
                                         area_code=None, engine=None)
    assert (first.rule_set, again.rule_set) == ("monitoring,risk", "monitoring,risk")
    assert (full.rescreened, incremental.rescreened) == (None, [])
    assert sorted(set(Warning.objects.values_list("rule_set", flat=True))) == ["monitoring,risk"]
    assert list(ScreeningRun.objects.order_by("pk").values_list("rule_set", "hits")) == [
        ("monitoring,risk", 19), ("monitoring,risk", 19)]
    assert Warning.objects.count() == 19


def _inbox_rows(client: Client) -> list[tuple[str, str]]:
    html = client.get(reverse("screening:inbox") + "?q=SCR01&rule=MON-MARGINAL").content.decode()
    return re.findall(r'<small class="muted">(MON-MARGINAL)</small>.*?'
                      r'<small class="muted ruleset">([^<]+)</small>', html, re.S)


def test_the_inbox_names_the_rule_set_of_each_row(reviewer) -> None:  # type: ignore[no-untyped-def]
    build()
    for rule_set in ("default", "monitoring"):
        actions.run_now(rule_set=rule_set, year=2024, area_code=None, engine=None, full=True)
    client = Client()
    client.force_login(reviewer)
    assert _inbox_rows(client) == [("MON-MARGINAL", "规则集：默认（全部内置规则）"),
                                   ("MON-MARGINAL", "规则集：监测对象识别")]
    client.cookies["django_language"] = "en"
    assert _inbox_rows(client) == [("MON-MARGINAL", "Rule set: Default (all shipped rules)"),
                                   ("MON-MARGINAL", "Rule set: Identifying monitored households")]


def test_recorded_spellings_are_made_canonical() -> None:
    households = build()
    scr01, scr02 = households["SCR01"], households["SCR02"]
    ScreeningRun.objects.create(rule_set="risk,monitoring", year=2024, area_code="",
                                engine="database")

    def warn(hh, rule_set: str, state: str = "new") -> Warning:  # type: ignore[no-untyped-def]
        return Warning.objects.create(household=hh, village_code=hh.village_id, year=2024,
                                      rule_set=rule_set, rule_code="RISK-ILLNESS", rule_name="病",
                                      category="risk_type", flag="因病", severity="高",
                                      state=state, last_seen=hh.created_at)
    moved = warn(scr01, "risk,monitoring")
    kept = warn(scr02, "risk,monitoring", "acknowledged")    # its canonical twin exists
    twin = warn(scr02, "monitoring,risk")
    migration = importlib.import_module("jianpin.screening.migrations.0008_canonical_rule_sets")
    migration.forwards(apps, None)
    assert list(ScreeningRun.objects.values_list("rule_set", flat=True)) == ["monitoring,risk"]
    assert [Warning.objects.get(pk=w.pk).rule_set for w in (moved, kept, twin)] == [
        "monitoring,risk", "risk,monitoring", "monitoring,risk"]
