"""The set-based storage of warnings gives what the per-object path gave, step by step."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from jianpin.registry.models import Household, IncomeRecord
from jianpin.screening import actions, service
from jianpin.screening.models import RunStatus, ScreeningRun, Warning, WarningState
from jianpin.screening.store import Stored, store_warnings, store_warnings_orm
from jianpin.screening.tests.fixture import build

pytestmark = pytest.mark.django_db

COUNTY = "441424000000"


class Rollback(Exception):
    pass


def _run(writer: Any, rule_set: str | None = None, area: str | None = None) -> Stored:
    run = ScreeningRun.objects.create(rule_set=rule_set or "default", year=2024,
                                      area_code=area or "", engine="database")
    result = service.screen(rule_set=rule_set, year=2024, area_code=area)
    seen: list[Stored] = []

    def spy(*args: Any) -> Stored:
        seen.append(writer(*args))
        return seen[-1]

    actions.store_results(run, result, writer=spy)
    return seen[0]


def _state(runs: list[int]) -> list[tuple[Any, ...]]:
    """Every warning with the position of its first and last run (pks differ between paths)."""
    order = {pk: i for i, pk in enumerate(runs)}
    return [(w.household.number, w.rule_code, w.rule_set, w.village_code, w.flag, w.rule_name,
             w.category, w.severity, w.explanation, w.state, w.active, order[w.first_run_id],
             order[w.last_run_id])
            for w in Warning.objects.select_related("household").order_by(
                "household__number", "rule_code", "rule_set")]


def _scenario(writer: Any) -> list[tuple[Stored, list[tuple[Any, ...]]]]:
    """First run, re-run, data changes, a partial rule set and area, re-run; then roll back."""
    steps: list[tuple[Stored, list[tuple[Any, ...]]]] = []

    def step(rule_set: str | None = None, area: str | None = None) -> None:
        stored = _run(writer, rule_set, area)
        runs = list(ScreeningRun.objects.order_by("pk").values_list("pk", flat=True))
        steps.append((stored, _state(runs)))

    try:
        with transaction.atomic():
            step()
            step()
            Warning.objects.filter(household__number="SCR01", rule_code="MON-MARGINAL").update(
                state=WarningState.ACKNOWLEDGED)
            IncomeRecord.objects.filter(household__number="SCR01", year=2024).update(
                per_capita_net=7000)
            Household.objects.filter(number="SCR07").update(water_safe=False)
            step("monitoring", COUNTY)
            step()
            step()
            raise Rollback
    except Rollback:
        pass
    return steps


def test_set_based_storage_equals_the_per_object_path() -> None:
    build()
    old = _scenario(store_warnings_orm)
    new = _scenario(store_warnings)
    assert [s for s, _ in new] == [
        Stored(new=33, unchanged=0, resolved=0),
        Stored(new=0, unchanged=33, resolved=0),
        # The monitoring set in the county keeps warnings of its own (rules shared with the
        # default set): 7, SCR01 no longer hits, SCR13's county is out of scope.
        Stored(new=7, unchanged=0, resolved=0),
        # SCR07's unsafe water: RISK-WATER and EXIT-BLOCKED are new, EXIT-READY is resolved;
        # the default set resolves its own SCR01 MON-MARGINAL.
        Stored(new=2, unchanged=31, resolved=2),
        Stored(new=0, unchanged=33, resolved=0),
    ]
    assert [s for s, _ in old] == [s for s, _ in new]
    for (_, old_state), (_, new_state) in zip(old, new, strict=True):
        assert old_state == new_state
    final = {(n, code, rule_set): (state, active, first, last)
             for n, code, rule_set, *_, state, active, first, last in new[-1][1]}
    assert final[("SCR01", "MON-MARGINAL", "default")] == ("acknowledged", False, 0, 1)
    assert final[("SCR07", "RISK-WATER", "default")] == ("new", True, 3, 4)
    assert final[("SCR07", "EXIT-READY", "default")] == ("new", False, 0, 1)
    assert final[("SCR13", "MON-MARGINAL", "default")] == ("new", True, 0, 4)
    assert final[("SCR11", "MON-MARGINAL", "monitoring")] == ("new", True, 2, 2)
    assert [k for k in final if k[2] == "monitoring"] == [
        ("SCR02", "MON-SUDDEN", "monitoring"), ("SCR02", "MON-UNSTABLE", "monitoring"),
        ("SCR03", "MON-SUDDEN", "monitoring"), ("SCR10", "MON-SUDDEN", "monitoring"),
        ("SCR11", "MON-MARGINAL", "monitoring"), ("SCR11", "MON-SUDDEN", "monitoring"),
        ("SCR12", "MON-MARGINAL", "monitoring")]
    assert len(final) == 35 + 7


def test_rerun_is_idempotent_and_audited_once_per_run() -> None:
    from jianpin.audit.models import AuditEvent

    build()
    _run(store_warnings)
    before = list(Warning.objects.order_by("pk").values_list(
        "pk", "household_id", "rule_code", "state", "active", "first_run_id", "explanation"))
    again = _run(store_warnings)
    after = list(Warning.objects.order_by("pk").values_list(
        "pk", "household_id", "rule_code", "state", "active", "first_run_id", "explanation"))
    assert again == Stored(new=0, unchanged=33, resolved=0)
    assert after == before
    runs = ScreeningRun.objects.order_by("pk")
    assert [(r.status, r.hits, r.new_warnings) for r in runs] == [
        (RunStatus.DONE, 33, 33), (RunStatus.DONE, 33, 0)]
    events = AuditEvent.objects.filter(action="screening.run.finish").order_by("pk")
    assert [e.diff for e in events] == [
        {"households": 13, "rescreened": 13, "hits": 33, "new": 33, "updated": 0,
         "inactive": 0},
        {"households": 13, "rescreened": 13, "hits": 33, "new": 0, "updated": 33,
         "inactive": 0}]
