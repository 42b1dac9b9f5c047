"""Repair the deadline kept in tasks' history records.

Until this release a task's deadline (``Task.due``) was written after the save
that made its history record, by a plain UPDATE: each record made when a task
was created or its deliverables edited carries the deadline from *before* that
save (a new task: none). Reports read a task's state as of a cut-off from those
records, so an imported task looked undated; the change log showed the first
later update as changing the deadline ("— → 31/03/2017").

Every other save (tracking updates, deletion) recorded the deadline it had. So
the deadline a record should carry is the one the record after it carries, and
for a task's latest record, the task's current deadline. Records of deleted
tasks keep theirs.
"""

from django.db import migrations


def repair(apps, schema_editor):
    Task = apps.get_model("plans", "Task")
    History = apps.get_model("plans", "HistoricalTask")
    current = dict(Task.objects.values_list("pk", "due"))
    rows = History.objects.order_by("id", "history_date", "history_id").values_list(
        "history_id", "id", "due", "history_type"
    )
    changed: dict = {}  # history_id -> the right due
    previous = None  # (history_id, task id, due) of the record before

    def settle(record, following_due):
        history_id, _task_id, due = record
        if due != following_due:
            changed[history_id] = following_due

    for history_id, task_id, due, kind in rows.iterator(chunk_size=2000):
        if previous is not None and previous[1] == task_id:
            settle(previous, due)
        elif previous is not None and previous[1] in current:
            settle(previous, current[previous[1]])
        previous = None if kind == "-" else (history_id, task_id, due)
    if previous is not None and previous[1] in current:
        settle(previous, current[previous[1]])
    for history_id, due in changed.items():
        History.objects.filter(history_id=history_id).update(due=due)


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0003_english_msgids"),
        ("plans", "0007_plan_ocr_progress"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
