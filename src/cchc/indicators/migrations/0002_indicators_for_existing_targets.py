"""Every target already in the database becomes an indicator (new ones get one on creation)."""

from django.db import migrations

from cchc.indicators.metrics import suggest


def create(apps, schema_editor):
    Target = apps.get_model("plans", "Target")
    Indicator = apps.get_model("indicators", "Indicator")
    for target in Target.objects.filter(indicator__isnull=True).iterator():
        Indicator.objects.create(target=target, metric=suggest(target.text, target.unit))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
