"""The shipped criteria again: the citizen form no longer shows "(unverified)" in a
level's wording (whether a level is verified is a field of its own)."""

from django.db import migrations

from cchc.surveys.data import load


def forwards(apps, schema_editor):
    load(apps)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_kiosk")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
