from django.db import migrations, models


class Migration(migrations.Migration):
    """The household list reads a page of ids from one index (index-only), then the rows."""

    dependencies = [
        ("registry", "0006_side_sheets"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["village", "number", "id"], name="hh_village_number_id"),
        ),
        migrations.RemoveIndex(model_name="household", name="hh_village_number"),
    ]
