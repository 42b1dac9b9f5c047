"""Assignments keep their task's plan: added empty, filled from the tasks, then required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_english_msgids"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="plan",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plans.plan",
            ),
        ),
        migrations.RunSQL(
            "UPDATE plans_assignment SET plan_id = "
            "(SELECT plan_id FROM plans_task WHERE plans_task.id = plans_assignment.task_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="assignment",
            name="plan",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plans.plan",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["agency", "plan"], name="plans_assign_agency_plan_idx"),
        ),
    ]
