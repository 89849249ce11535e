"""Warnings are kept per rule set: two sets sharing a rule code no longer overwrite each
other's warnings. An existing warning takes the rule set of the run that last stored it (else
of its first run); the assistance checks' warnings, stored by no run, keep ''.

Going back, warnings of one household, rule code and year from several sets are first reduced to
the earliest (lowest id), so the earlier unique key can be restored (the others are deleted)."""

from django.db import migrations, models

BACKFILL = (
    "UPDATE screening_warning SET rule_set = COALESCE((SELECT r.rule_set FROM "
    "screening_screeningrun r WHERE r.id = COALESCE(screening_warning.last_run_id, "
    "screening_warning.first_run_id)), '')"
)
ONE_PER_CODE = (
    "DELETE FROM screening_warning WHERE id NOT IN (SELECT MIN(id) FROM screening_warning "
    "GROUP BY household_id, rule_code, year)"
)


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0004_run_basis_db_default'),
    ]

    operations = [
        migrations.AddField(
            model_name='warning',
            name='rule_set',
            field=models.CharField(blank=True, db_default='', default='', max_length=200,
                                   verbose_name='规则集'),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RemoveConstraint(
            model_name='warning',
            name='one_warning_per_household_rule_year',
        ),
        migrations.AddConstraint(
            model_name='warning',
            constraint=models.UniqueConstraint(
                fields=('household', 'rule_set', 'rule_code', 'year'),
                name='one_warning_per_household_set_rule_year'),
        ),
        migrations.AlterModelOptions(
            name='warning',
            options={'ordering': ['village_code', 'household_id', 'rule_code', 'rule_set'],
                     'verbose_name': '预警'},
        ),
        # Run first when going back: the earlier key holds one warning per code.
        migrations.RunSQL(migrations.RunSQL.noop, ONE_PER_CODE),
    ]
