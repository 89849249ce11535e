"""Change marks for standards, reference figures and the region tree.

A standard or reference figure written (added, edited, removed) marks every household of the
region subtree it applies to; a division of the region tree changed marks the households under
it (under the old and the new prefix for an update). One statement per write on PostgreSQL
(the marking function of 0003), one per row on SQLite. Written out from
screening.changes.TREE_SOURCES when this migration was made.
"""

from typing import Any

from django.db import migrations

POSTGRES = ['CREATE TRIGGER jp_mark_standards_standard_insert AFTER INSERT ON standards_standard REFERENCING '
 "NEW TABLE AS jp_new FOR EACH STATEMENT EXECUTE FUNCTION jp_mark_households('SELECT h.id FROM "
 'ROWS r JOIN registry_household h ON h.village_code BETWEEN r.region_prefix AND r.region_prefix '
 "|| ''999999999999999''')",
 'CREATE TRIGGER jp_mark_standards_standard_update AFTER UPDATE ON standards_standard REFERENCING '
 'OLD TABLE AS jp_old NEW TABLE AS jp_new FOR EACH STATEMENT EXECUTE FUNCTION '
 "jp_mark_households('SELECT h.id FROM ROWS r JOIN registry_household h ON h.village_code BETWEEN "
 "r.region_prefix AND r.region_prefix || ''999999999999999''')",
 'CREATE TRIGGER jp_mark_standards_standard_delete AFTER DELETE ON standards_standard REFERENCING '
 "OLD TABLE AS jp_old FOR EACH STATEMENT EXECUTE FUNCTION jp_mark_households('SELECT h.id FROM "
 'ROWS r JOIN registry_household h ON h.village_code BETWEEN r.region_prefix AND r.region_prefix '
 "|| ''999999999999999''')",
 'CREATE TRIGGER jp_mark_standards_referencefigure_insert AFTER INSERT ON '
 'standards_referencefigure REFERENCING NEW TABLE AS jp_new FOR EACH STATEMENT EXECUTE FUNCTION '
 "jp_mark_households('SELECT h.id FROM ROWS r JOIN registry_household h ON h.village_code BETWEEN "
 "r.region_prefix AND r.region_prefix || ''999999999999999''')",
 'CREATE TRIGGER jp_mark_standards_referencefigure_update AFTER UPDATE ON '
 'standards_referencefigure REFERENCING OLD TABLE AS jp_old NEW TABLE AS jp_new FOR EACH STATEMENT '
 "EXECUTE FUNCTION jp_mark_households('SELECT h.id FROM ROWS r JOIN registry_household h ON "
 "h.village_code BETWEEN r.region_prefix AND r.region_prefix || ''999999999999999''')",
 'CREATE TRIGGER jp_mark_standards_referencefigure_delete AFTER DELETE ON '
 'standards_referencefigure REFERENCING OLD TABLE AS jp_old FOR EACH STATEMENT EXECUTE FUNCTION '
 "jp_mark_households('SELECT h.id FROM ROWS r JOIN registry_household h ON h.village_code BETWEEN "
 "r.region_prefix AND r.region_prefix || ''999999999999999''')",
 'CREATE TRIGGER jp_mark_regions_region_insert AFTER INSERT ON regions_region REFERENCING NEW '
 "TABLE AS jp_new FOR EACH STATEMENT EXECUTE FUNCTION jp_mark_households('SELECT h.id FROM ROWS r "
 'JOIN registry_household h ON h.village_code BETWEEN r.prefix AND r.prefix || '
 "''999999999999999''')",
 'CREATE TRIGGER jp_mark_regions_region_update AFTER UPDATE ON regions_region REFERENCING OLD '
 'TABLE AS jp_old NEW TABLE AS jp_new FOR EACH STATEMENT EXECUTE FUNCTION '
 "jp_mark_households('SELECT h.id FROM ROWS r JOIN registry_household h ON h.village_code BETWEEN "
 "r.prefix AND r.prefix || ''999999999999999''')",
 'CREATE TRIGGER jp_mark_regions_region_delete AFTER DELETE ON regions_region REFERENCING OLD '
 "TABLE AS jp_old FOR EACH STATEMENT EXECUTE FUNCTION jp_mark_households('SELECT h.id FROM ROWS r "
 'JOIN registry_household h ON h.village_code BETWEEN r.prefix AND r.prefix || '
 "''999999999999999''')"]

SQLITE = ['CREATE TRIGGER jp_mark_standards_standard_insert AFTER INSERT ON standards_standard BEGIN INSERT '
 'INTO screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) '
 'FROM screening_changeclock) FROM (SELECT NEW.region_prefix AS region_prefix) AS r JOIN '
 'registry_household h ON h.village_code BETWEEN r.region_prefix AND r.region_prefix || '
 "'999999999999999' WHERE h.id IS NOT NULL ON CONFLICT (household_id) DO UPDATE SET mark = "
 'excluded.mark; END',
 'CREATE TRIGGER jp_mark_standards_standard_update AFTER UPDATE ON standards_standard BEGIN INSERT '
 'INTO screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) '
 'FROM screening_changeclock) FROM (SELECT OLD.region_prefix AS region_prefix) AS r JOIN '
 'registry_household h ON h.village_code BETWEEN r.region_prefix AND r.region_prefix || '
 "'999999999999999' WHERE h.id IS NOT NULL ON CONFLICT (household_id) DO UPDATE SET mark = "
 'excluded.mark; INSERT INTO screening_householdchange (household_id, mark) SELECT h.id, (SELECT '
 'COALESCE(MAX(value), 0) FROM screening_changeclock) FROM (SELECT NEW.region_prefix AS '
 'region_prefix) AS r JOIN registry_household h ON h.village_code BETWEEN r.region_prefix AND '
 "r.region_prefix || '999999999999999' WHERE h.id IS NOT NULL ON CONFLICT (household_id) DO UPDATE "
 'SET mark = excluded.mark; END',
 'CREATE TRIGGER jp_mark_standards_standard_delete AFTER DELETE ON standards_standard BEGIN INSERT '
 'INTO screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) '
 'FROM screening_changeclock) FROM (SELECT OLD.region_prefix AS region_prefix) AS r JOIN '
 'registry_household h ON h.village_code BETWEEN r.region_prefix AND r.region_prefix || '
 "'999999999999999' WHERE h.id IS NOT NULL ON CONFLICT (household_id) DO UPDATE SET mark = "
 'excluded.mark; END',
 'CREATE TRIGGER jp_mark_standards_referencefigure_insert AFTER INSERT ON '
 'standards_referencefigure BEGIN INSERT INTO screening_householdchange (household_id, mark) '
 'SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM screening_changeclock) FROM (SELECT '
 'NEW.region_prefix AS region_prefix) AS r JOIN registry_household h ON h.village_code BETWEEN '
 "r.region_prefix AND r.region_prefix || '999999999999999' WHERE h.id IS NOT NULL ON CONFLICT "
 '(household_id) DO UPDATE SET mark = excluded.mark; END',
 'CREATE TRIGGER jp_mark_standards_referencefigure_update AFTER UPDATE ON '
 'standards_referencefigure BEGIN INSERT INTO screening_householdchange (household_id, mark) '
 'SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM screening_changeclock) FROM (SELECT '
 'OLD.region_prefix AS region_prefix) AS r JOIN registry_household h ON h.village_code BETWEEN '
 "r.region_prefix AND r.region_prefix || '999999999999999' WHERE h.id IS NOT NULL ON CONFLICT "
 '(household_id) DO UPDATE SET mark = excluded.mark; INSERT INTO screening_householdchange '
 '(household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM screening_changeclock) '
 'FROM (SELECT NEW.region_prefix AS region_prefix) AS r JOIN registry_household h ON '
 "h.village_code BETWEEN r.region_prefix AND r.region_prefix || '999999999999999' WHERE h.id IS "
 'NOT NULL ON CONFLICT (household_id) DO UPDATE SET mark = excluded.mark; END',
 'CREATE TRIGGER jp_mark_standards_referencefigure_delete AFTER DELETE ON '
 'standards_referencefigure BEGIN INSERT INTO screening_householdchange (household_id, mark) '
 'SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM screening_changeclock) FROM (SELECT '
 'OLD.region_prefix AS region_prefix) AS r JOIN registry_household h ON h.village_code BETWEEN '
 "r.region_prefix AND r.region_prefix || '999999999999999' WHERE h.id IS NOT NULL ON CONFLICT "
 '(household_id) DO UPDATE SET mark = excluded.mark; END',
 'CREATE TRIGGER jp_mark_regions_region_insert AFTER INSERT ON regions_region BEGIN INSERT INTO '
 'screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM '
 'screening_changeclock) FROM (SELECT NEW.prefix AS prefix) AS r JOIN registry_household h ON '
 "h.village_code BETWEEN r.prefix AND r.prefix || '999999999999999' WHERE h.id IS NOT NULL ON "
 'CONFLICT (household_id) DO UPDATE SET mark = excluded.mark; END',
 'CREATE TRIGGER jp_mark_regions_region_update AFTER UPDATE ON regions_region BEGIN INSERT INTO '
 'screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM '
 'screening_changeclock) FROM (SELECT OLD.prefix AS prefix) AS r JOIN registry_household h ON '
 "h.village_code BETWEEN r.prefix AND r.prefix || '999999999999999' WHERE h.id IS NOT NULL ON "
 'CONFLICT (household_id) DO UPDATE SET mark = excluded.mark; INSERT INTO '
 'screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM '
 'screening_changeclock) FROM (SELECT NEW.prefix AS prefix) AS r JOIN registry_household h ON '
 "h.village_code BETWEEN r.prefix AND r.prefix || '999999999999999' WHERE h.id IS NOT NULL ON "
 'CONFLICT (household_id) DO UPDATE SET mark = excluded.mark; END',
 'CREATE TRIGGER jp_mark_regions_region_delete AFTER DELETE ON regions_region BEGIN INSERT INTO '
 'screening_householdchange (household_id, mark) SELECT h.id, (SELECT COALESCE(MAX(value), 0) FROM '
 'screening_changeclock) FROM (SELECT OLD.prefix AS prefix) AS r JOIN registry_household h ON '
 "h.village_code BETWEEN r.prefix AND r.prefix || '999999999999999' WHERE h.id IS NOT NULL ON "
 'CONFLICT (household_id) DO UPDATE SET mark = excluded.mark; END']

DROP_POSTGRES = ['DROP TRIGGER IF EXISTS jp_mark_standards_standard_insert ON standards_standard',
 'DROP TRIGGER IF EXISTS jp_mark_standards_standard_update ON standards_standard',
 'DROP TRIGGER IF EXISTS jp_mark_standards_standard_delete ON standards_standard',
 'DROP TRIGGER IF EXISTS jp_mark_standards_referencefigure_insert ON standards_referencefigure',
 'DROP TRIGGER IF EXISTS jp_mark_standards_referencefigure_update ON standards_referencefigure',
 'DROP TRIGGER IF EXISTS jp_mark_standards_referencefigure_delete ON standards_referencefigure',
 'DROP TRIGGER IF EXISTS jp_mark_regions_region_insert ON regions_region',
 'DROP TRIGGER IF EXISTS jp_mark_regions_region_update ON regions_region',
 'DROP TRIGGER IF EXISTS jp_mark_regions_region_delete ON regions_region']

DROP_SQLITE = ['DROP TRIGGER IF EXISTS jp_mark_standards_standard_insert',
 'DROP TRIGGER IF EXISTS jp_mark_standards_standard_update',
 'DROP TRIGGER IF EXISTS jp_mark_standards_standard_delete',
 'DROP TRIGGER IF EXISTS jp_mark_standards_referencefigure_insert',
 'DROP TRIGGER IF EXISTS jp_mark_standards_referencefigure_update',
 'DROP TRIGGER IF EXISTS jp_mark_standards_referencefigure_delete',
 'DROP TRIGGER IF EXISTS jp_mark_regions_region_insert',
 'DROP TRIGGER IF EXISTS jp_mark_regions_region_update',
 'DROP TRIGGER IF EXISTS jp_mark_regions_region_delete']


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {'postgresql': POSTGRES, 'sqlite': SQLITE}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {'postgresql': DROP_POSTGRES, 'sqlite': DROP_SQLITE}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0005_warning_rule_set'),
        ('standards', '0005_fund_industry_share'),
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
