from django.db import migrations


def seed_elimination_indicators(apps, schema_editor):  # type: ignore[no-untyped-def]
    from jianpin.indicators.definitions import seed

    seed(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0008_report_scheduled'),
    ]

    operations = [
        migrations.RunPython(seed_elimination_indicators, migrations.RunPython.noop),
    ]
