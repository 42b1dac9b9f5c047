"""Recurring tasks are reported per period: the periods, their statuses, posting to a period."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.tracking.test_spreadsheets import _export, _fill
from tests.web.factories import task

from cchc.plans.models import Deliverable, Plan, Task
from cchc.tracking import periods, services
from cchc.tracking.models import TaskUpdate
from cchc.tracking.selectors import Status
from cchc.tracking.spreadsheets import NOTE as NOTE_COLUMN

D = datetime.date
NOTE = NOTE_COLUMN.header
Action = TaskUpdate.Action


def _plan(start="2025-01-01", end="2025-12-31"):
    return Plan(period_start=D.fromisoformat(start), period_end=D.fromisoformat(end))


def _recurring(frequency=""):
    return Deliverable(deadline_kind=Deliverable.DeadlineKind.RECURRING, frequency=frequency)


def _update(period, action=Action.PROGRESS, posted="2025-02-10", progress=None, note=""):
    moment = timezone.make_aware(datetime.datetime.fromisoformat(posted + "T10:00"))
    return TaskUpdate(
        period=D.fromisoformat(period),
        action=action,
        created_at=moment,
        progress=progress,
        note=note,
    )


def test_monthly_deliverables_give_months_and_others_quarters():
    t = Task(plan=_plan())
    months = periods.task_periods(t, [_recurring("monthly")])
    assert len(months) == 12 and str(months[2].label) == "Tháng 3/2025"
    assert (months[1].start, months[1].end) == (D(2025, 2, 1), D(2025, 2, 28))
    for frequency in ("", "quarterly", "semiannual", "yearly"):
        quarters = periods.task_periods(t, [_recurring(frequency)])
        assert [str(q.label) for q in quarters] == [
            "Quý I/2025",
            "Quý II/2025",
            "Quý III/2025",
            "Quý IV/2025",
        ]
    assert quarters[3].end == D(2025, 12, 31)
    dated = Deliverable(deadline_kind=Deliverable.DeadlineKind.DATE, due=D(2025, 3, 31))
    assert periods.task_periods(t, [dated]) == []


def test_a_plan_of_several_years_has_the_periods_of_each_year():
    t = Task(plan=_plan("2016-01-01", "2020-12-31"))
    quarters = periods.task_periods(t, [_recurring()])
    assert len(quarters) == 20 and str(quarters[-1].label) == "Quý IV/2020"
    # The current period: the one containing the day, else the nearest end.
    assert periods.current_period(quarters, D(2018, 5, 2)).start == D(2018, 4, 1)
    assert periods.current_period(quarters, D(2030, 1, 1)) == quarters[-1]
    assert periods.current_period(quarters, D(2010, 1, 1)) == quarters[0]


def test_period_statuses():
    quarters = periods.task_periods(Task(plan=_plan()), [_recurring()])
    rows = periods.period_rows(
        quarters,
        [
            _update("2025-01-01", progress=Decimal(40), note="Đã tuyên truyền"),
            _update("2025-01-01", Action.CONTRIBUTION, note="phối hợp"),
            _update("2025-04-01", Action.DONE, posted="2025-07-03", progress=Decimal(100)),
        ],
        day=D(2025, 8, 20),
    )
    by_label = {str(row.period.label): row for row in rows}
    q1, q2, q3, q4 = (by_label[f"Quý {n}/2025"] for n in ("I", "II", "III", "IV"))
    assert (q1.status, q1.progress, q1.note) == (Status.OPEN_ON_TIME, 40, "Đã tuyên truyền")
    assert q2.status == Status.DONE_LATE  # completed after the quarter ended
    assert (q3.status, q3.reported) == (Status.OPEN_ON_TIME, False)  # running
    assert q4.status is None and str(q4.status_label) == "Chưa đến kỳ"
    assert periods.task_status(Task(), rows, D(2025, 8, 20)) == Status.OPEN_ON_TIME
    # Q3 ends without a report: overdue, whatever the latest period says.
    later = periods.period_rows(quarters, [_update("2025-01-01")], day=D(2025, 10, 5))
    assert later[2].status == Status.OPEN_OVERDUE
    assert periods.task_status(Task(), later, D(2025, 10, 5)) == Status.OPEN_OVERDUE


def test_the_task_status_is_the_latest_periods():
    quarters = periods.task_periods(Task(plan=_plan()), [_recurring()])
    updates = [
        _update(q.value, Action.DONE, posted=q.start.isoformat(), progress=Decimal(100))
        for q in quarters[:2]
    ]
    rows = periods.period_rows(quarters, updates, day=D(2025, 5, 1))
    assert periods.task_status(Task(), rows, D(2025, 5, 1)) == Status.DONE_ON_TIME
    halted = Task(halted_reason="thiếu kinh phí")
    assert periods.task_status(halted, rows, D(2025, 5, 1)) == Status.HALTED
    # Due soon: the running period is not reported and ends within the warning window.
    open_rows = periods.period_rows(quarters, updates[:1], day=D(2025, 6, 25))
    assert periods.is_due_soon(open_rows, Status.OPEN_ON_TIME, D(2025, 6, 25))
    assert not periods.is_due_soon(rows, Status.OPEN_ON_TIME, D(2025, 5, 1))


# --- posting to a period ---------------------------------------------------------------


@pytest.fixture
def recurring(published_plan, monkeypatch):
    """Task 3 ("Thường xuyên", led by every sở); today is 10 May 2025 (Quý II)."""
    monkeypatch.setattr(periods, "today", lambda: D(2025, 5, 10))
    return task(published_plan, "3")


@pytest.mark.django_db
def test_an_update_goes_to_the_current_period_unless_another_is_chosen(recurring, users):
    user = users["focal_stp"]
    first = services.post_update(
        recurring, user, expected_version=recurring.version, action="progress", note="Quý này"
    )
    assert first.period == D(2025, 4, 1)
    recurring.refresh_from_db()
    older = services.post_update(
        recurring,
        user,
        expected_version=recurring.version,
        action="done",
        note="Bổ sung quý I",
        period=D(2025, 1, 1),
    )
    assert (older.period, older.progress) == (D(2025, 1, 1), 100)
    recurring.refresh_from_db()
    # Done for an earlier period: that period is done, not the task.
    assert recurring.completed_on is None
    for wrong in (D(2025, 2, 1), D(2024, 10, 1)):
        with pytest.raises(ValidationError, match="Kỳ báo cáo không thuộc"):
            services.post_update(
                recurring, user, expected_version=recurring.version, action="progress",
                note="x", period=wrong,
            )  # fmt: skip
    other = task(recurring.plan, "1")
    with pytest.raises(ValidationError, match="không báo cáo theo kỳ"):
        services.post_update(
            other, users["focal_stp"], expected_version=other.version, action="progress",
            progress=Decimal(5), period=D(2025, 4, 1),
        )  # fmt: skip


@pytest.mark.django_db
def test_done_for_the_last_period_completes_the_task(recurring, users):
    services.post_update(
        recurring,
        users["focal_stp"],
        expected_version=recurring.version,
        action="done",
        period=D(2025, 10, 1),
        completed_on=D(2025, 5, 10),
    )
    recurring.refresh_from_db()
    assert recurring.completed_on == D(2025, 5, 10) and recurring.progress == 100


@pytest.mark.django_db
def test_the_task_page_shows_the_periods_and_posts_to_one(client, recurring, users):
    client.force_login(users["focal_stp"])
    url = f"/tasks/{recurring.pk}/"
    page = client.get(url).content.decode()
    assert 'id="period-table"' in page and "Kỳ báo cáo" in page
    assert '<option value="2025-04-01" selected>Quý II/2025</option>' in page
    # Quý I ended with no report: the task is overdue.
    assert str(Status.LABELS[Status.OPEN_OVERDUE]) in page.split('id="task-status"')[1][:80]
    response = client.post(
        url,
        {
            "version": recurring.version,
            "action": "progress",
            "note": "Báo cáo quý I muộn",
            "progress": "",
            "completed_on": "",
            "period": "2025-01-01",
        },
    )
    assert response.status_code == 302
    assert TaskUpdate.objects.get(task=recurring).period == D(2025, 1, 1)
    page = client.get(url).content.decode()
    assert "kỳ Quý I/2025" in page and "Báo cáo quý I muộn" in page
    assert str(Status.LABELS[Status.OPEN_ON_TIME]) in page.split('id="task-status"')[1][:80]
    # Other tasks have no period table and no period field.
    assert (
        "period-table" not in client.get(f"/tasks/{task(recurring.plan, '1').pk}/").content.decode()
    )


@pytest.mark.django_db
def test_the_spreadsheet_update_posts_to_the_current_period(client, recurring, users):
    user = users["focal_stp"]
    data = _fill(_export(client, user), {recurring.pk: {NOTE: "Đã tuyên truyền"}})
    report = services.import_updates(user, data, dry_run=False)
    assert not report.failed and len(report.changed) == 1
    update = TaskUpdate.objects.get(task=recurring)
    assert (update.period, update.note) == (D(2025, 4, 1), "Đã tuyên truyền")
