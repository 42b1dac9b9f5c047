"""Queue the day's reminders: cron runs it once a day, a worker sends them.

    cchc manage sendreminders            # today
    cchc manage sendreminders --date 2025-03-24

The job (``notifications.tasks.send_reminders``) is safe to run again: what was
sent is logged and never sent twice. When some e-mail cannot be sent the job
fails and the queue tries it again (``cchc.jobs``); with a queue that runs jobs
at once (the tests) the command itself exits 1, as it did when it sent the mail.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus

from cchc.notifications.tasks import send_reminders


class Command(BaseCommand):
    help = "Gửi nhắc việc trong ngày (thư điện tử tổng hợp và thông báo trong hệ thống)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day to run for (YYYY-MM-DD); default today",
        )

    def handle(self, *args, date=None, **options):
        result = send_reminders.enqueue((date or timezone.localdate()).isoformat())
        if result.status == TaskResultStatus.SUCCESSFUL:
            summary = result.return_value
            self.stdout.write(
                f"users={summary['users']} notifications={summary['notifications']} "
                f"emails={summary['emails']} failures={summary['failures']}"
            )
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(result.errors[-1].traceback.strip().splitlines()[-1])
        else:
            self.stdout.write(f"queued job {result.id}")
