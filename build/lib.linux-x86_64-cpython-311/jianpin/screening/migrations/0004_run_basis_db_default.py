"""The run's `basis` gets a database default: code from before 0003 (a rolled-back release)
inserts runs without naming the column."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0003_change_marks'),
    ]

    operations = [
        migrations.AlterField(
            model_name='screeningrun',
            name='basis',
            field=models.CharField(blank=True, db_default='', default='', max_length=64),
        ),
    ]
