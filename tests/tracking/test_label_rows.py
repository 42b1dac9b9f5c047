"""``label_rows`` gives each listed task the same text as the template filters it replaces."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cchc.plans.models import Task
from cchc.tracking.selectors import Status, label_rows

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
