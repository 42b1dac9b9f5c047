"""The shipped questionnaires and per-dossier criteria (``cchc/surveys/data/*.json``), each with its source."""

from django.db import migrations

from cchc.surveys.data import load


def forwards(apps, schema_editor):
    load(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
