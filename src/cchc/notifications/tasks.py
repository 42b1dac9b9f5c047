"""Background jobs of notifications: the day's reminders (enqueued by cron, run by a worker)."""

from __future__ import annotations

import dataclasses
import datetime

from django_tasks import task

from cchc.notifications import services


class RemindersFailed(Exception):
    """Some e-mails could not be sent: the job raises, and the queue tries again later
    (what was sent is logged, so only the failed users are tried)."""


@task()
def send_reminders(day: str) -> dict:
    summary = services.send_reminders(datetime.date.fromisoformat(day))
    if summary.failures:
        raise RemindersFailed(f"{summary.failures} e-mail(s) failed: {dataclasses.asdict(summary)}")
    return dataclasses.asdict(summary)
