"""The status rule, in memory and in the database, agree on every combination."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.plans.models import Task
from cchc.tracking.selectors import Status, status_of, with_status

TODAY = datetime.date(2025, 6, 15)
days = st.one_of(st.none(), st.dates(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)))


@pytest.mark.parametrize(
    ("due", "completed_on", "halted", "expected"),
    [
        (None, None, "", Status.OPEN_ON_TIME),
        ("2025-06-30", None, "", Status.OPEN_ON_TIME),
        ("2025-06-15", None, "", Status.OPEN_ON_TIME),
        ("2025-06-14", None, "", Status.OPEN_OVERDUE),
        ("2025-06-14", "2025-06-14", "", Status.DONE_ON_TIME),
        ("2025-06-14", "2025-06-15", "", Status.DONE_LATE),
        (None, "2025-06-01", "", Status.DONE_ON_TIME),
        ("2025-06-14", None, "thiếu kinh phí", Status.HALTED),
    ],
)
def test_status_words(due, completed_on, halted, expected):
    as_date = lambda v: datetime.date.fromisoformat(v) if v else None  # noqa: E731
    task = Task(due=as_date(due), completed_on=as_date(completed_on), halted_reason=halted)
    assert status_of(task, TODAY) == expected
    assert str(Status.LABELS[expected])[0].isupper()


@pytest.mark.django_db
# The task row is rewritten by every example, so sharing the fixture across examples is safe.
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(due=days, completed_on=days, halted=st.booleans())
def test_database_and_memory_agree(published_plan, due, completed_on, halted):
    task = published_plan.tasks.first()
    Task.objects.filter(pk=task.pk).update(
        due=due, completed_on=completed_on, halted_reason="x" if halted else ""
    )
    task.refresh_from_db()
    assert with_status(Task.objects.filter(pk=task.pk), TODAY).get().status == status_of(
        task, TODAY
    )
