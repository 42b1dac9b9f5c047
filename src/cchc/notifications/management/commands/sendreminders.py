"""Send the day's reminders: cron (or the app's worker) runs it once a day.

    cchc-manage sendreminders            # today
    cchc-manage sendreminders --date 2025-03-24

Safe to run again: what was sent is logged and never sent twice. Exits 1 when
some e-mail could not be sent (those users are tried again on the next run).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.notifications import services


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
        summary = services.send_reminders(date or timezone.localdate())
        self.stdout.write(
            f"users={summary.users} notifications={summary.notifications} "
            f"emails={summary.emails} failures={summary.failures}"
        )
        if summary.failures:
            raise CommandError(f"{summary.failures} e-mail(s) failed")
