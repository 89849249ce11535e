"""Columns added for incremental runs and rule-set warnings have database defaults: code from
before them (a rolled-back release) writes rows without naming them."""
from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.db import connection

from jianpin.screening.models import ScreeningRun, Warning
from jianpin.screening.tests.fixture import build

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _insert_run_as_before() -> int:
    """The INSERT a run made before migration 0003: no basis, mark or reference date."""
    with connection.cursor() as c:
        c.execute("INSERT INTO screening_screeningrun (rule_set, year, area_code, engine, status, "
                  "households_screened, hits, new_warnings, seconds, error, created_at, "
                  "finished_at, job_id, started_by_id) "
                  "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                  ["default", 2024, "", "sqlite", "done", 13, 33, 33, 1.5, "",
                   connection.ops.adapt_datetimefield_value(NOW), None, None, None])
        c.execute("SELECT MAX(id) FROM screening_screeningrun")
        return int(c.fetchone()[0])


def test_a_run_inserted_without_basis_gets_the_empty_basis() -> None:
    pk = _insert_run_as_before()
    run = ScreeningRun.objects.get(pk=pk)
    assert (run.rule_set, run.basis, run.mark, run.reference_date, run.hits) == (
        "default", "", None, None, 33)


def test_a_warning_inserted_without_rule_set_belongs_to_no_set() -> None:
    households = build()
    pk = _insert_run_as_before()
    stamp = connection.ops.adapt_datetimefield_value(NOW)
    with connection.cursor() as c:
        c.execute("INSERT INTO screening_warning (household_id, village_code, year, rule_code, "
                  "rule_name, category, flag, severity, explanation, state, reason, active, "
                  "first_run_id, last_run_id, first_seen, last_seen) VALUES (%s, %s, %s, %s, "
                  "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                  [households["SCR01"].pk, "441424100200", 2024, "MON-MARGINAL", "边缘",
                   "monitoring_kind", "边缘易致贫户", "高", "{}", "new", "", True, pk, pk,
                   stamp, stamp])
    w = Warning.objects.get()
    assert (w.household.number, w.rule_set, w.rule_code, w.last_run_id) == (
        "SCR01", "", "MON-MARGINAL", pk)


def test_the_backfill_names_the_set_of_the_last_run() -> None:
    """Migration 0005's statements: an existing warning takes its last run's rule set (else
    its first run's), and going back keeps one warning per household, rule code and year."""
    migration = import_module("jianpin.screening.migrations.0005_warning_rule_set")
    households = build()
    monitoring = ScreeningRun.objects.create(rule_set="monitoring", year=2024, area_code="",
                                             engine="sqlite")
    default = ScreeningRun.objects.create(rule_set="default", year=2024, area_code="",
                                          engine="sqlite")

    def warning(number: str, code: str, rule_set: str, first: ScreeningRun | None,
                last: ScreeningRun | None) -> Warning:
        return Warning.objects.create(
            household=households[number], village_code="441424100200", year=2024,
            rule_set=rule_set, rule_code=code, rule_name=code, category="monitoring_kind",
            flag="边缘易致贫户", severity="高", first_run=first, last_run=last, last_seen=NOW)

    a = warning("SCR01", "MON-MARGINAL", "x", monitoring, default)
    b = warning("SCR02", "MON-SUDDEN", "y", monitoring, None)
    c = warning("SCR03", "ASSIST-NO-VISIT", "z", None, None)
    with connection.cursor() as cur:
        cur.execute(migration.BACKFILL)
    got = dict(Warning.objects.values_list("pk", "rule_set"))
    assert got == {a.pk: "default", b.pk: "monitoring", c.pk: ""}
    again = warning("SCR01", "MON-MARGINAL", "monitoring", monitoring, monitoring)
    assert Warning.objects.filter(household=households["SCR01"]).count() == 2
    with connection.cursor() as cur:
        cur.execute(migration.ONE_PER_CODE)
    assert sorted(Warning.objects.values_list("pk", flat=True)) == [a.pk, b.pk, c.pk]
    assert again.pk > a.pk
