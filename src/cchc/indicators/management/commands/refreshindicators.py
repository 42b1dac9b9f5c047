"""Recompute the indicators measured from one-stop data (run daily by cron, after imports)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.indicators import services


class Command(BaseCommand):
    help = "Tính lại các chỉ tiêu lấy số liệu từ hệ thống một cửa."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, date=None, **options):
        count = services.refresh_all(date or timezone.localdate())
        self.stdout.write(f"{count} values")
