"""Store the shipped synonym groups (text/synonyms.txt) as the editable list.

Runs once: a later release's file does not overwrite what editors have changed since.
"""
from django.db import migrations

from jianpin.library.text.segment import shipped_synonym_lines


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    version = apps.get_model("library", "SynonymVersion")
    group = apps.get_model("library", "SynonymGroup")
    if version.objects.filter(pk=1).exists():
        return
    group.objects.bulk_create(group(words=line) for line in shipped_synonym_lines())
    version.objects.create(pk=1, number=1)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("library", "SynonymGroup").objects.all().delete()
    apps.get_model("library", "SynonymVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("library", "0011_synonym_groups")]
    operations = [migrations.RunPython(forwards, backwards)]
