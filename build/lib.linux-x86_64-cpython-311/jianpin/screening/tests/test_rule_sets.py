"""Two rule sets sharing a rule code keep a warning each; the readers of warnings count right.

Each set's warning is triaged on its own (the inbox lists both). Readers that summarise a
household count it once: the case proposal from a warning takes each monitoring kind and risk
type once, and the assistance page counts only the checks' own warnings. The indicators do not
read warnings (they count from the feature table).
"""
from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from jianpin.assistance import checks
from jianpin.assistance.views import _check_counts
from jianpin.conftest import VILLAGE
from jianpin.registry.models import IncomeRecord
from jianpin.screening import actions, service
from jianpin.screening.models import ScreeningRun, Warning, WarningState
from jianpin.screening.store import Stored, store_warnings, store_warnings_orm
from jianpin.screening.tests.fixture import build
from jianpin.screening.tests.test_store import Rollback
from jianpin.workflows.actions import warning_proposal

pytestmark = pytest.mark.django_db


def _run(writer: Any, rule_set: str) -> Stored:
    run = ScreeningRun.objects.create(rule_set=rule_set, year=2024, area_code="",
                                      engine="database")
    result = service.screen(rule_set=rule_set, year=2024)
    return writer(run, result, result.rescreened)


def _scr01() -> list[tuple[str, str, bool]]:
    return list(Warning.objects.filter(household__number="SCR01", rule_code="MON-MARGINAL")
                .order_by("rule_set").values_list("rule_set", "state", "active"))


def _scenario(writer: Any) -> list[Any]:
    seen: list[Any] = []
    try:
        with transaction.atomic():
            seen.append(_run(writer, "default"))
            Warning.objects.filter(household__number="SCR01", rule_code="MON-MARGINAL").update(
                state=WarningState.ACKNOWLEDGED)
            seen.append(_run(writer, "monitoring"))
            seen.append(_scr01())
            seen.append(_run(writer, "default"))
            seen.append(_scr01())
            IncomeRecord.objects.filter(household__number="SCR01", year=2024).update(
                per_capita_net=7000)
            seen.append(_run(writer, "monitoring"))   # resolves only its own warning
            seen.append(_scr01())
            seen.append(Warning.objects.count())
            raise Rollback
    except Rollback:
        pass
    return seen


def test_two_sets_sharing_a_rule_code_keep_a_warning_each() -> None:
    build()
    new = _scenario(store_warnings)
    assert new == [
        Stored(new=33, unchanged=0, resolved=0),
        # The monitoring set's three rules are in the default set too: 9 warnings of its own.
        Stored(new=9, unchanged=0, resolved=0),
        [("default", "acknowledged", True), ("monitoring", "new", True)],
        Stored(new=0, unchanged=33, resolved=0),
        [("default", "acknowledged", True), ("monitoring", "new", True)],
        Stored(new=0, unchanged=8, resolved=1),
        [("default", "acknowledged", True), ("monitoring", "new", False)],
        33 + 9,
    ]
    assert _scenario(store_warnings_orm) == new


def test_an_incremental_run_builds_on_a_run_of_its_own_set() -> None:
    build()
    actions.run_now(rule_set=None, year=2024, area_code=None, engine=None, full=True)
    _, first = actions.run_now(rule_set="monitoring", year=2024, area_code=None, engine=None)
    _, again = actions.run_now(rule_set="monitoring", year=2024, area_code=None, engine=None)
    assert (first.rescreened, again.rescreened) == (None, [])
    assert Warning.objects.filter(rule_set="monitoring").count() == 9


def test_a_case_proposal_counts_a_household_once(reviewer) -> None:  # type: ignore[no-untyped-def]
    build()
    _run(store_warnings, "default")
    _run(store_warnings, "risk")
    both = Warning.objects.filter(household__number="SCR02").order_by("rule_set", "rule_code")
    assert list(both.values_list("rule_set", "rule_code")) == [
        ("default", "MON-SUDDEN"), ("default", "MON-UNSTABLE"), ("default", "RISK-ILLNESS"),
        ("risk", "RISK-ILLNESS")]
    # Both sets' RISK-ILLNESS name one risk type; the first monitoring kind by rule code.
    proposal = warning_proposal(both.get(rule_set="risk"))
    assert proposal == {"monitoring_kind": "突发严重困难户", "risk_types": ["因病"]}


def test_the_assistance_page_counts_only_the_checks_warnings(cadre) -> None:  # type: ignore[no-untyped-def]
    households = build()
    now = households["SCR01"].created_at
    for rule_set in (checks.RULE_SET, "county"):
        Warning.objects.create(household=households["SCR01"], village_code=VILLAGE, year=2024,
                               rule_set=rule_set, rule_code="ASSIST-NO-VISIT", rule_name="走访",
                               category="data_quality", flag="走访不及时", severity="中",
                               last_seen=now)
    assert Warning.objects.filter(rule_code="ASSIST-NO-VISIT").count() == 2
    assert _check_counts(cadre) == {"ASSIST-NO-VISIT": 1}
