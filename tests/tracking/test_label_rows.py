"""``label_rows`` and ``describe_updates`` give the same text as the template filters they replace."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from tests.web.factories import task as plan_task

from cchc.plans.models import Task
from cchc.tracking import services
from cchc.tracking.selectors import Status, describe_updates, label_rows

FILTERS = Template(
    '{{ t.content|truncatechars:n }}|{{ t.due|date:"d/m/Y"|default:"—" }}'
    '|{{ t.shown_progress|floatformat:"-2" }}'
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "content", ["Ngắn", "x" * 90, "Rà soát, đánh giá thủ tục hành chính " * 5, "a" * 91]
)
@pytest.mark.parametrize(
    "due, progress",
    [
        (None, Decimal("0.00")),
        (datetime.date(2025, 3, 9), Decimal("33.50")),
        (datetime.date(2025, 12, 31), Decimal("100.00")),
        (datetime.date(2026, 1, 1), Decimal("12.25")),
    ],
)
def test_rows_read_as_the_filters_would_print_them(language, content, due, progress):
    task = Task(pk=7, content=content, due=due)
    task.status, task.shown_progress = Status.OPEN_ON_TIME, progress
    with translation.override(language):
        label_rows([task], length=90)
        expected = FILTERS.render(Context({"t": task, "n": 90}))
        assert f"{task.short}|{task.due_text}|{task.progress_text}" == expected
        assert task.url.endswith("/tasks/7/")
        assert task.status_label == str(Status.LABELS[Status.OPEN_ON_TIME])


@pytest.mark.django_db
def test_timeline_rows_read_as_the_filters_would_print_them(published_plan, users):
    t = plan_task(published_plan, "1")
    services.post_update(
        t,
        users["focal_stp"],
        expected_version=t.version,
        action="progress",
        progress=Decimal(10),
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")],
    )
    updates = list(t.updates.prefetch_related("evidence"))
    describe_updates(updates)
    (update,) = updates
    expected = Template('{{ u.created_at|date:"d/m/Y H:i" }}').render(Context({"u": update}))
    assert update.when == expected
    (evidence,) = update.files
    assert evidence.url == reverse("tracking:evidence", args=[evidence.pk])
