from __future__ import annotations

from decimal import Decimal

from django.db import migrations

from jianpin.standards.seed import ROWS, SOURCE


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Standard = apps.get_model("standards", "Standard")
    Standard.objects.bulk_create([
        Standard(year=year, region_code=code, region_prefix=prefix, key=key,
                 value=Decimal(value), note=note, source=SOURCE, editable=True)
        for year, code, prefix, key, value, note in ROWS
    ], ignore_conflicts=True)


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("standards", "Standard").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
