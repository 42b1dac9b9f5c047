"""The change log on the task page reads the same changes as django-simple-history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from tests.web.factories import task

from cchc.plans.models import Task
from cchc.tracking import selectors, services

pytestmark = pytest.mark.django_db


def test_change_log_matches_simple_historys_own_diff(published_plan, users):
    t = task(published_plan, "1")
    focal = users["focal_stp"]
    for n, action in enumerate(["progress", "progress", "done", "reopen"]):
        t.refresh_from_db()
        services.post_update(
            t,
            focal,
            expected_version=t.version,
            action=action,
            note=f"Lần {n}",
            progress=Decimal(10 * (n + 1)),
            completed_on=datetime.date(2025, 3, 1) if action == "done" else None,
        )
    t = Task.objects.get(pk=t.pk)
    records = list(t.history.all())
    shown = selectors.history(t, limit=3)
    assert len(shown) == 3
    for record, older, row in zip(records, records[1:], shown, strict=False):
        expected = record.diff_against(older, excluded_fields=["version"]).changes
        assert {c["label"] for c in row["changes"]} == {
            Task._meta.get_field(c.field).verbose_name for c in expected
        }
        assert row["user"] == (record.history_user.username if record.history_user else None)
        assert row["when"] == timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
    progress = [c for c in shown[-1]["changes"] if c["label"] == "tiến độ (%)"]
    assert progress and progress[0]["new"] == "20.00"
    # the first record (the task's creation) has no changes to show
    assert selectors.history(t, limit=50)[-1]["changes"] is None
