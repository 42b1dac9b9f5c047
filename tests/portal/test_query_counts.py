"""The plan dashboard, "my tasks" and the task page run a fixed number of queries.

Each page is loaded, then the data it shows grows (more tasks on the lists,
more updates with evidence, more history), and the page must run exactly the
same number of queries: a query per row (N+1) fails here. The numbers are
pinned too, so that any new query on these pages is a deliberate change.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.web.factories import task

from cchc.plans.models import Assignment, Deliverable, Task
from cchc.portal import views
from cchc.tracking import selectors, services

pytestmark = pytest.mark.django_db

# Each page: the session, the user with its profile, agency and province (the
# sign-in backend reads them together). The dashboard: the plan, every task's
# status fields, the lead agencies, the rows of the overdue and due-soon lists.
# My tasks: one page of tasks, and their number counted from the agency's assignments
# (with a filter, counted in the page's query instead). The task page: the task
# with its roll-up, its agencies (which the lead / contributor checks use too),
# deliverables, updates, their evidence, the history. Every page also counts the user's unread
# notifications (the header badge); the dashboard reads the targets' indicators
# and their values; my tasks reads the reports the agency owes.
DASHBOARD_QUERIES = 9
MY_TASKS_QUERIES = 6
TASK_PAGE_QUERIES = 9


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(plan, users, directory, tasks: int, updates: int) -> None:
    """More overdue sub-tasks of task 1 (Sở Tư pháp leads, Sở TT&TT cooperates), and
    updates of task 1 with evidence (each also adds a history record)."""
    parent = task(plan, "1")
    start = parent.children.count()
    for n in range(start, start + tasks):
        sub = Task.objects.create(
            plan=plan,
            parent=parent,
            position=100 + n,
            ref=f"1.{n}",
            area="procedures",
            content=f"Nhiệm vụ con {n}",
            due="2025-02-01",
        )
        Deliverable.objects.create(task=sub, deadline_raw="01/02/2025", due="2025-02-01")
        Assignment.objects.create(task=sub, agency=directory["stp"], role="lead")
        Assignment.objects.create(task=sub, agency=directory["stttt"], role="coop")
    t = task(plan, "1")
    for n in range(updates):
        t.refresh_from_db()
        services.post_update(
            t,
            users["focal_stp"],
            expected_version=t.version,
            action="progress",
            note=f"Lần {n}",
            progress=Decimal(10 * n),
            files=[SimpleUploadedFile(f"bc{n}.pdf", b"%PDF-1.4")],
        )


def test_query_counts_do_not_grow_with_the_data(client, published_plan, users, directory):
    t = task(published_plan, "1")
    pages = {
        "dashboard": (users["office"], f"/plans/{published_plan.pk}/dashboard/"),
        "my tasks": (users["focal_stp"], "/my-tasks/"),
        "task page": (users["focal_stp"], f"/tasks/{t.pk}/"),
    }

    def counts() -> dict:
        found = {}
        for name, (user, url) in pages.items():
            client.force_login(user)
            found[name] = _queries(client, url)
        return found

    _grow(published_plan, users, directory, tasks=1, updates=1)
    before = counts()
    _grow(published_plan, users, directory, tasks=30, updates=8)
    after = counts()
    assert after == before
    assert after == {
        "dashboard": DASHBOARD_QUERIES,
        "my tasks": MY_TASKS_QUERIES,
        "task page": TASK_PAGE_QUERIES,
    }


def test_my_tasks_is_paginated(client, published_plan, users, directory, monkeypatch):
    _grow(published_plan, users, directory, tasks=20, updates=0)
    client.force_login(users["focal_stttt"])
    assert 'id="pagination"' not in client.get("/my-tasks/").content.decode()  # 23: one page
    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    page = client.get("/my-tasks/", {"area": "procedures"}).content.decode()
    assert 'id="pagination"' in page and "?area=procedures&amp;page=2" in page
    assert page.count('href="/tasks/') == 10
    # a filtered list is counted by its own query, the full one from the assignments
    procedures = selectors.filter_tasks(
        selectors.my_tasks(users["focal_stttt"], directory["stttt"]), {"area": "procedures"}
    ).count()
    assert 10 < procedures < 23 and f"({procedures} nhiệm vụ)" in page
    everything = client.get("/my-tasks/").content.decode()
    last = client.get("/my-tasks/", {"page": 3}).content.decode()
    assert last.count('href="/tasks/') == 23 - 20 and "Trang 3/3 (23 nhiệm vụ)" in last
    assert 'id="pagination"' in everything
    for beyond in (
        "9",
        "0",
        "x",
    ):  # Django's get_page: past the end, the last page; junk, the first
        shown = client.get("/my-tasks/", {"page": beyond}).content.decode()
        assert ("Trang 3/3" if beyond != "x" else "Trang 1/3") in shown
