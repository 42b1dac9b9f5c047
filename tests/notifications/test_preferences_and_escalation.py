"""Users choose what they receive; agencies that stop updating are escalated; the pages."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from tests.notifications.conftest import DAY
from tests.web.factories import task

from cchc.notifications import selectors
from cchc.notifications.models import Kind, Notification
from cchc.plans.models import Plan
from cchc.tracking import services as tracking
from cchc.tracking.models import TaskUpdate

pytestmark = pytest.mark.django_db


def run(day: datetime.date = DAY) -> None:
    call_command("sendreminders", "--date", day.isoformat(), stdout=io.StringIO())


def test_preferences_are_respected(client, people):
    client.force_login(people["focal_stp"])
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200 and 'id="preferences"' in page.content.decode()
    # Sở Tư pháp's focal point switches overdue reminders off (keeps the rest)
    response = client.post(
        "/notifications/preferences/",
        {"due_soon": "on", "reports": "on", "escalations": "on", "email": "on"},
    )
    assert response.status_code == 302
    # Sở TT&TT's focal point wants everything, but not by e-mail
    client.force_login(people["focal_stttt"])
    client.post(
        "/notifications/preferences/",
        {"due_soon": "on", "overdue": "on", "reports": "on", "escalations": "on"},
    )
    run()
    recipients = sorted(to for m in mail.outbox for to in m.to)
    assert recipients == ["leader_stp@example.vn"]
    assert not Notification.objects.exclude(digest=None).filter(user=people["focal_stp"]).exists()
    assert (
        Notification.objects.exclude(digest=None)
        .filter(user=people["focal_stttt"], kind=Kind.DUE_7)
        .count()
        == 1
    )


def _publish_long_ago(plan):
    Plan.objects.filter(pk=plan.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 1, 2))
    )


def _update(plan, ref, user, on: datetime.date):
    t = task(plan, ref)
    update = tracking.post_update(
        t, user, expected_version=t.version, action="progress", progress=Decimal(20)
    )
    TaskUpdate.objects.filter(pk=update.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    )


def test_escalation_list(people, published_plan, directory, settings):
    settings.CCHC_UPDATE_WINDOW_DAYS = 90
    settings.CCHC_ESCALATE_OVERDUE_DAYS = 30
    # a plan published recently: nobody is blamed for not updating yet
    rows = {r["agency"].code: r for r in selectors.escalations(DAY, directory["a"])}
    assert not any(r["stale"] for r in rows.values())
    assert [t.ref for t in rows["a-stp"]["overdue"]] == ["1"]  # 239 days late
    assert [t.ref for t in rows["a-snv"]["overdue"]] == ["3.a"]  # 56 days late
    assert "a-stttt" not in rows

    _publish_long_ago(published_plan)
    _update(published_plan, "1", people["focal_stp"], DAY - datetime.timedelta(days=10))
    _update(published_plan, "2", people["focal_stttt"], DAY - datetime.timedelta(days=100))
    rows = {r["agency"].code: r for r in selectors.escalations(DAY, directory["a"])}
    assert not rows["a-stp"]["stale"]  # updated 10 days ago, but its task is long overdue
    assert rows["a-stttt"]["stale"] and rows["a-stttt"]["overdue"] == []
    assert rows["a-stttt"]["last_update"] == DAY - datetime.timedelta(days=100)
    assert rows["a-snv"]["stale"] and rows["a-snv"]["last_update"] is None
    assert selectors.escalations(DAY, directory["b"]) == []  # another province: nothing

    settings.CCHC_ESCALATE_OVERDUE_DAYS = 60  # 3.a is 56 days late: no longer listed for it
    rows = {r["agency"].code: r for r in selectors.escalations(DAY, directory["a"])}
    assert rows["a-snv"]["overdue"] == [] and rows["a-snv"]["stale"]


def test_leaders_get_escalations_in_their_digest_once(people, published_plan):
    _publish_long_ago(published_plan)
    _update(published_plan, "2", people["focal_stttt"], DAY - datetime.timedelta(days=100))
    run()
    leader_mail = [m for m in mail.outbox if m.to == ["leader_stttt@example.vn"]]
    assert len(leader_mail) == 1
    assert "Sở Thông tin và Truyền thông chưa cập nhật tiến độ" in leader_mail[0].body
    run(DAY + datetime.timedelta(days=1))  # still stale: not told again
    assert len([m for m in mail.outbox if m.to == ["leader_stttt@example.vn"]]) == 1


def test_escalation_page(client, people, published_plan):
    _publish_long_ago(published_plan)
    client.force_login(people["office"])
    page = client.get("/notifications/escalations/").content.decode()
    assert 'id="escalations"' in page and "Sở Tư pháp" in page and "Sở Nội vụ" in page
    client.force_login(people["leader"])
    assert client.get("/notifications/escalations/").status_code == 200
    client.force_login(people["focal_stp"])
    assert client.get("/notifications/escalations/").status_code == 403


def test_notification_list_and_unread_count(client, people, published_plan):
    # The notice of the plan's issue, read already: the reminder is the one unread.
    Notification.objects.filter(kind=Kind.PLAN_PUBLISHED).update(read_at=timezone.now())
    run()
    client.force_login(people["focal_stp"])
    page = client.get("/notifications/").content.decode()
    assert 'id="notifications-link"' in page and '<span class="badge bad">1</span>' in page
    assert "đã quá hạn từ ngày 31/03/2025" in page
    note = Notification.objects.exclude(digest=None).get(user=people["focal_stp"])
    # another user's notification cannot be marked or followed
    client.force_login(people["focal_stttt"])
    assert client.post("/notifications/read/", {"id": note.pk}).url == "/notifications/"
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(people["focal_stp"])
    response = client.post("/notifications/read/", {"id": note.pk})
    assert response.url == f"/tasks/{task(published_plan, '1').pk}/"
    page = client.get("/notifications/").content.decode()
    assert '<span class="badge bad">' not in page
