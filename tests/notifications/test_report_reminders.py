"""Reminders of periodic reports, read from cchc.reporting's cycles."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.notifications.models import Kind, Notification
from cchc.reporting.models import AgencyReport, ReportCycle

pytestmark = pytest.mark.django_db
DUE = datetime.date(2025, 12, 5)


@pytest.fixture
def cycle(people, published_plan):
    """A yearly report due 05/12/2025 (the cycles made on publishing are gone: see people)."""
    return ReportCycle.objects.create(
        plan=published_plan,
        kind="year",
        label="Năm 2025",
        data_start=datetime.date(2025, 1, 1),
        data_end=datetime.date(2025, 11, 30),
        due=DUE,
    )


def run(day: datetime.date) -> None:
    call_command("sendreminders", "--date", day.isoformat(), stdout=io.StringIO())


def report_notes(user) -> list[str]:
    return list(
        Notification.objects.filter(
            user=user, kind__in=[Kind.REPORT_DUE, Kind.REPORT_LATE]
        ).values_list("kind", flat=True)
    )


def test_report_due_then_late_each_once(people, cycle, directory):
    run(DUE - datetime.timedelta(days=8))
    assert report_notes(people["focal_stp"]) == []
    run(DUE - datetime.timedelta(days=7))
    assert report_notes(people["focal_stp"]) == [Kind.REPORT_DUE]
    assert any(
        "Báo cáo Năm 2025" in m.body for m in mail.outbox if m.to == [people["focal_stp"].email]
    )
    run(DUE - datetime.timedelta(days=1))
    assert report_notes(people["focal_stp"]) == [Kind.REPORT_DUE]
    run(DUE + datetime.timedelta(days=1))
    run(DUE + datetime.timedelta(days=2))
    assert sorted(report_notes(people["focal_stp"])) == [Kind.REPORT_DUE, Kind.REPORT_LATE]


def test_a_sent_report_is_not_reminded(people, cycle, directory):
    AgencyReport.objects.create(
        cycle=cycle, agency=directory["stp"], status=AgencyReport.Status.SUBMITTED
    )
    run(DUE - datetime.timedelta(days=3))
    run(DUE + datetime.timedelta(days=3))
    assert report_notes(people["focal_stp"]) == []
    assert sorted(report_notes(people["focal_stttt"])) == [Kind.REPORT_DUE, Kind.REPORT_LATE]
