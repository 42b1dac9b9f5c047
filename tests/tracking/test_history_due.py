"""A task's history carries its deadline from the first record on.

Reports read a task's state as of a cut-off from its history; the change log
compares consecutive records. Both were wrong when the deadline was written
after the record was made.
"""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from tests.web.factories import task

from cchc.plans import services as plans
from cchc.plans.models import Task
from cchc.reporting import selectors as reporting
from cchc.tracking import selectors, services
from cchc.tracking.selectors import Status

pytestmark = pytest.mark.django_db

DUE_1 = datetime.date(2025, 3, 31)


def test_the_first_history_record_of_an_imported_task_has_its_deadline(draft_plan):
    t = task(draft_plan, "1")
    first = t.history.order_by("history_date", "history_id").first()
    assert t.due == DUE_1
    assert first.due == DUE_1
    assert t.history.count() == 1  # one record: created with everything


def test_an_update_by_the_focal_point_does_not_show_a_deadline_change(published_plan, users):
    t = task(published_plan, "1")
    services.post_update(
        t, users["focal_stp"], expected_version=t.version, action="progress", progress=Decimal(30)
    )
    newest = selectors.history(Task.objects.get(pk=t.pk))[0]
    labels = [str(change["label"]) for change in newest["changes"]]
    assert str(Task._meta.get_field("due").verbose_name) not in labels
    assert labels  # the progress change is there


def test_a_report_as_of_a_cut_off_counts_an_untouched_task_overdue(published_plan):
    rows = {row.ref: row for row in reporting.task_rows(published_plan, datetime.date(2025, 4, 15))}
    assert rows["1"].due == DUE_1
    assert rows["1"].status == Status.OPEN_OVERDUE
    assert rows["2"].status == Status.OPEN_ON_TIME


def test_editing_a_draft_tasks_deadline_is_recorded_by_that_edit(draft_plan, users):
    t = task(draft_plan, "2")
    plans.save_task(
        t,
        t.version,
        {"ref": t.ref, "parent": None, "area": t.area, "content": t.content},
        [{"product": "", "deadline_raw": "Tháng 6/2025"}],
        [f"a:{users['focal_stp'].profile.agency_id}"],
        [],
        user=users["office"],
    )
    t.refresh_from_db()
    assert t.due == datetime.date(2025, 6, 30)
    newest = t.history.order_by("-history_date", "-history_id").first()
    assert newest.due == t.due
    assert newest.history_user == users["office"]


def test_the_repair_migration_mends_records_written_by_the_old_code(published_plan, users):
    """The old code's records: the creation record without the deadline."""
    t = task(published_plan, "1")
    History = Task.history.model
    History.objects.filter(id=t.pk).update(due=None)  # as the old import left it
    services.post_update(
        t, users["focal_stp"], expected_version=t.version, action="progress", progress=Decimal(5)
    )
    gone = task(published_plan, "2")
    gone_pk = gone.pk
    History.objects.filter(id=gone_pk).update(due=None)
    gone.delete()  # the deletion record keeps the deadline the task had
    migration = importlib.import_module("cchc.tracking.migrations.0004_repair_task_history_due")
    migration.repair(apps, None)
    dues = list(History.objects.filter(id=t.pk).values_list("due", flat=True))
    assert dues == [DUE_1, DUE_1]
    # a deleted task: the deletion record is the truth for the one before it
    nov = datetime.date(2025, 11, 30)
    assert list(History.objects.filter(id=gone_pk).values_list("due", flat=True)) == [nov, nov]
    rows = {row.ref: row for row in reporting.task_rows(published_plan, datetime.date(2025, 4, 1))}
    assert rows["1"].status == Status.OPEN_OVERDUE
