"""Runs and warnings recorded under a rule-set spelling other than the canonical one
("risk,default" for "default,risk") take the canonical spelling, so the next run of the same
sets builds on them and their warnings are not shown twice. A warning whose canonical twin
already exists (same household, rule and year) keeps its old spelling: merging would lose one
of two triage states."""
from __future__ import annotations

from typing import Any

from django.db import migrations


def _canonical(codes: str) -> str:
    # A copy of jianpin.rules.ruleset.canonical as it was when this migration was written.
    return ",".join(sorted({c.strip() for c in codes.split(",") if c.strip()})) or "default"


def forwards(apps: Any, schema_editor: Any) -> None:
    Run = apps.get_model("screening", "ScreeningRun")
    Warning = apps.get_model("screening", "Warning")
    for old in Run.objects.order_by().values_list("rule_set", flat=True).distinct():
        if old != _canonical(old):
            Run.objects.filter(rule_set=old).update(rule_set=_canonical(old))
    for old in Warning.objects.exclude(rule_set="").order_by().values_list(
            "rule_set", flat=True).distinct():
        new = _canonical(old)
        if old == new:
            continue
        taken = set(Warning.objects.filter(rule_set=new).values_list(
            "household_id", "rule_code", "year"))
        movable = [pk for pk, *key in Warning.objects.filter(rule_set=old).values_list(
            "pk", "household_id", "rule_code", "year") if tuple(key) not in taken]
        for start in range(0, len(movable), 2000):
            Warning.objects.filter(pk__in=movable[start:start + 2000]).update(rule_set=new)


class Migration(migrations.Migration):
    dependencies = [("screening", "0007_bulk_marks")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
