"""The daily reminder job: what it sends, to whom, and never twice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from tests.notifications.conftest import DAY
from tests.web.factories import task

from cchc.notifications import selectors
from cchc.notifications.models import Digest, Kind, Notification, Reminder
from cchc.plans.models import Assignment, Task

pytestmark = pytest.mark.django_db


def run(day: datetime.date = DAY) -> None:
    call_command("sendreminders", "--date", day.isoformat(), stdout=io.StringIO())


def by_recipient() -> dict[str, list]:
    out: dict[str, list] = {}
    for message in mail.outbox:
        for to in message.to:
            out.setdefault(to, []).append(message)
    return out


def test_who_gets_what(people, published_plan):
    items = selectors.due_items(DAY)
    got = {(i.user_id, i.kind, i.obj.pk) for i in items}
    assert got == {
        (people["focal_stp"].pk, Kind.OVERDUE, task(published_plan, "1").pk),
        (people["focal_stttt"].pk, Kind.DUE_7, task(published_plan, "2").pk),
        # task 1 is overdue by more than CCHC_ESCALATE_OVERDUE_DAYS: its leader hears of it
        (people["leader_stp"].pk, Kind.OVERDUE_AGENCY, task(published_plan, "1").pk),
    }


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [(8, None), (7, Kind.DUE_7), (4, Kind.DUE_7), (3, Kind.DUE_3), (2, Kind.DUE_3)]
    + [(1, Kind.DUE_1), (0, Kind.DUE_1), (-1, Kind.OVERDUE)],
)
def test_due_windows(people, published_plan, days_left, kind):
    day = datetime.date(2025, 11, 30) - datetime.timedelta(days=days_left)
    kinds = {i.kind for i in selectors.task_items(day) if i.user_id == people["focal_stttt"].pk}
    assert kinds == ({kind} if kind else set())


def test_running_twice_the_same_day_sends_one_email_per_user(people):
    run()
    first = by_recipient()
    assert sorted(first) == [
        "focal_stp@example.vn",
        "focal_stttt@example.vn",
        "leader_stp@example.vn",
    ]
    assert all(len(messages) == 1 for messages in first.values())
    message = first["focal_stttt@example.vn"][0]
    assert "Nhắc việc ngày 25/11/2025" in message.subject
    assert "Nâng cấp cổng dịch vụ công" in message.body and "/tasks/" in message.body
    counts = (
        Reminder.objects.count(),
        Notification.objects.exclude(digest=None).count(),
        Digest.objects.count(),
    )
    assert counts == (3, 3, 3)

    run()  # the same day again (a retry, a second cron entry, a restart)
    assert len(mail.outbox) == 3
    assert (
        Reminder.objects.count(),
        Notification.objects.exclude(digest=None).count(),
        Digest.objects.count(),
    ) == (counts)

    run(DAY + datetime.timedelta(days=1))  # next day: nothing new (still 4 days left)
    assert len(mail.outbox) == 3
    run(DAY + datetime.timedelta(days=2))  # 3 days left: the 3-day reminder
    assert [m.to for m in mail.outbox[3:]] == [["focal_stttt@example.vn"]]


def test_one_digest_a_day_even_when_something_new_comes_up(people, published_plan, directory):
    run()
    assert len(mail.outbox) == 3
    # later that day a task of Sở Tư pháp gets a deadline in two days
    urgent = Task.objects.create(
        plan=published_plan, position=50, ref="9", content="Việc gấp", due=DAY.replace(day=27)
    )
    Assignment.objects.create(task=urgent, agency=directory["stp"], role="lead")
    run()
    assert len(mail.outbox) == 3  # today's e-mail has gone: it waits for tomorrow's
    run(DAY + datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox[3:]] == [["focal_stp@example.vn"]]
    assert "Việc gấp" in mail.outbox[3].body


def test_a_moved_deadline_is_reminded_again(people, published_plan):
    run()
    Task.objects.filter(pk=task(published_plan, "2").pk).update(due=datetime.date(2025, 12, 1))
    run(DAY + datetime.timedelta(days=1))  # due 01/12: 5 days left, a new 7-day reminder
    assert [m.to for m in mail.outbox[3:]] == [["focal_stttt@example.vn"]]


def test_users_without_an_address_still_get_the_notification(people):
    people["focal_stp"].email = ""
    people["focal_stp"].save()
    run()
    assert "focal_stp@example.vn" not in by_recipient()
    assert Notification.objects.exclude(digest=None).filter(user=people["focal_stp"]).count() == 1
    assert not Digest.objects.get(user=people["focal_stp"]).emailed


def test_a_failed_email_is_retried_and_nothing_is_lost(people, settings):
    from django.core.management.base import CommandError

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    with pytest.raises(CommandError):
        run()
    assert Reminder.objects.count() == 0 and Notification.objects.exclude(digest=None).count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    assert len(mail.outbox) == 3
