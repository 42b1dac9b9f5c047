"""The leader's screen: agencies ranked by overdue tasks and reports not sent (issue 10)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.reporting.helpers import cycle, write_report
from tests.web.factories import PASSWORD, task

from cchc.plans.selectors import visible_plans
from cchc.portal.selectors import late_agencies
from cchc.reporting import services as reporting
from cchc.tracking import selectors as tracking

# Task 1 (lead Sở Tư pháp, Sở TT&TT cooperating) was due 31/03/2025 and task 3.a
# (lead Sở Nội vụ) 30/09/2025: both overdue; task 2 (Sở TT&TT) is due 30/11/2025.
DAY = datetime.date(2025, 11, 25)


@pytest.fixture
def on_day(monkeypatch):
    moment = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(9)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _names(rows):
    return [r.agency.name for r in rows]


def test_ranked_by_overdue_tasks_with_the_tasks_own_status(published_plan, users, directory):
    rows = late_agencies(visible_plans(users["leader"]), DAY)
    by_name = {r.agency.name: r for r in rows}
    assert by_name["Sở Tư pháp"].overdue == 1
    assert by_name["Sở Thông tin và Truyền thông"].overdue == 1
    assert by_name["Sở Nội vụ"].overdue == 1
    assert by_name["Sở Tư pháp"].days_late == (DAY - datetime.date(2025, 3, 31)).days
    # The count is the length of the list the row's link opens (the task list's own filter).
    for row in rows:
        for p in row.plans:
            listed = tracking.filter_tasks(
                tracking.plan_tasks(p.plan, DAY),
                {"status": tracking.Status.OPEN_OVERDUE, "agency": row.agency},
            )
            assert listed.count() == p.overdue
    # Sorting by lateness puts the oldest overdue first.
    by_days = late_agencies(visible_plans(users["leader"]), DAY, sort="days")
    assert by_days[0].days_late >= by_days[-1].days_late
    assert _names(by_days)[:2] == sorted(_names(by_days)[:2])  # Sở TT&TT and Sở TP tie on days


def test_completing_a_task_takes_the_agency_off_the_task_count(published_plan, users):
    first = task(published_plan, "1")
    first.completed_on = datetime.date(2025, 3, 20)
    first.save()
    names = _names(r for r in late_agencies(visible_plans(users["leader"]), DAY) if r.overdue)
    assert "Sở Tư pháp" not in names and "Sở Nội vụ" in names


def test_reports_not_sent_by_their_due_day_are_listed_and_a_sent_one_is_not(
    published_plan, users, directory
):
    q1 = cycle(published_plan)
    day = q1.due + datetime.timedelta(days=5)
    rows = {r.agency.name: r for r in late_agencies(visible_plans(users["leader"]), day)}
    assert [o.cycle for o in rows["Sở Tư pháp"].missing][:1] == [q1]
    report = write_report(q1, directory["stp"], users["focal_stp"])
    reporting.submit_report(report, users["focal_stp"])
    rows = {r.agency.name: r for r in late_agencies(visible_plans(users["leader"]), day)}
    stp = rows.get("Sở Tư pháp")
    assert stp is None or q1 not in [o.cycle for o in stp.missing]
    assert q1 in [o.cycle for o in rows["Sở Thông tin và Truyền thông"].missing]
    by_reports = late_agencies(visible_plans(users["leader"]), day, sort="reports")
    counts = [len(r.missing) for r in by_reports]
    assert counts == sorted(counts, reverse=True)


def test_the_leader_lands_on_the_screen_and_follows_a_link(client, on_day, published_plan, users):
    client.login(username="leader", password=PASSWORD)
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0] == reverse("portal:late_agencies")
    text = page.content.decode()
    assert "Cơ quan chậm tiến độ" in text and "Sở Tư pháp" in text
    link = (
        reverse("portal:plan_tasks", args=[published_plan.pk])
        + f"?agency={task(published_plan, '1').assignments.get(role='lead').agency_id}"
        + f"&amp;status={tracking.Status.OPEN_OVERDUE}"
    )
    assert link in text
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Rà soát văn bản quy phạm pháp luật" in listed
    assert client.get(reverse("portal:late_agencies") + "?sort=days").status_code == 200


def test_another_provinces_plans_are_not_counted(client, published_plan, users):
    assert late_agencies(visible_plans(users["office_b"]), DAY) == []
    client.login(username="focal_stp", password=PASSWORD)
    assert client.get(reverse("portal:late_agencies")).status_code == 403
