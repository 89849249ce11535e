# The change-mark function lets a bulk registry writer mark its own households: the triggers of
# registry households, members and incomes skip the statements of a transaction that has set
# `jianpin.bulk_marks` (screening.changes.bulk_registry_writes). Written out from
# screening.changes when this migration was made. SQLite's triggers are unchanged (the bulk
# writer drops and recreates them inside its own transaction).

import importlib
from typing import Any

from django.db import migrations

FUNCTION = "\nCREATE OR REPLACE FUNCTION jp_mark_households() RETURNS trigger LANGUAGE plpgsql AS $$\nDECLARE\n  m bigint;\n  q text;\nBEGIN\n  IF TG_TABLE_NAME IN ('registry_household', 'registry_member', 'registry_incomerecord')\n     AND current_setting('jianpin.bulk_marks', true) = 'on' THEN\n    RETURN NULL;   -- a bulk writer marks its households itself (bulk_registry_writes)\n  END IF;\n  SELECT value INTO m FROM screening_changeclock WHERE id = 1 FOR SHARE;\n  m := COALESCE(m, 0);\n  IF TG_OP = 'DELETE' THEN q := replace(TG_ARGV[0], 'ROWS', 'jp_old');\n  ELSE q := replace(TG_ARGV[0], 'ROWS', 'jp_new');\n  END IF;\n  IF TG_OP = 'UPDATE' THEN\n    q := q || ' UNION ' || replace(TG_ARGV[0], 'ROWS', 'jp_old');\n  END IF;\n  EXECUTE 'INSERT INTO screening_householdchange (household_id, mark) SELECT h, $1 FROM (' || q\n    || ') AS t(h) WHERE h IS NOT NULL GROUP BY h ORDER BY h '\n    || 'ON CONFLICT (household_id) DO UPDATE SET mark = excluded.mark '\n    || 'WHERE screening_householdchange.mark <> excluded.mark' USING m;\n  RETURN NULL;\nEND $$"


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        earlier = importlib.import_module("jianpin.screening.migrations.0003_change_marks")
        schema_editor.execute(earlier.POSTGRES[0], params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0006_tree_change_marks"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
