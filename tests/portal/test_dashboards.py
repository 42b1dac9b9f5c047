import datetime

import pytest
from django.core.management import call_command
from tests.web.factories import GOLD_FILES, task

from cchc.accounts.models import Profile
from cchc.plans.models import Plan, Task
from cchc.tracking import selectors

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 15)


def test_plan_dashboard_figures(published_plan):
    Task.objects.filter(pk=task(published_plan, "1").pk).update(
        completed_on=datetime.date(2025, 3, 1), progress=100
    )
    figures = selectors.plan_dashboard(published_plan, DAY)
    assert figures["totals"]["total"] == 4 and figures["totals"]["done_on_time"] == 1
    assert figures["totals"]["open_overdue"] == 0
    by_area = {row["area"]: row for row in figures["by_area"]}
    assert by_area["institutions"]["percent"] == 100
    by_agency = {row["label"]: row for row in figures["by_agency"]}
    assert by_agency["Sở Tư pháp"]["done"] == 1
    assert [
        t.ref
        for t in selectors.plan_dashboard(published_plan, datetime.date(2025, 10, 1))["overdue"]
    ] == ["3.a"]
    assert [
        t.ref
        for t in selectors.plan_dashboard(published_plan, datetime.date(2025, 11, 20))["due_soon"]
    ] == ["2"]


def test_my_tasks_most_urgent_first(published_plan, users, directory):
    refs = [
        t.ref
        for t in selectors.my_tasks(
            users["focal_stttt"], directory["stttt"], datetime.date(2025, 10, 1)
        )
    ]
    # 1 (due 31/03, overdue) before 2 (due 30/11) before 3 (recurring, no due date)
    assert refs == ["1", "2", "3"]


def test_pages_render_for_each_role(client, published_plan, users):
    pages = {
        "office": ("/", "/plans/"),
        "focal_stp": ("/", "/my-tasks/"),
        "leader": ("/", "/late-agencies/"),
    }
    for username, (home, landing) in pages.items():
        client.force_login(users[username])
        assert client.get(home)["Location"] == landing
        assert client.get(landing).status_code == 200
        dashboard = client.get(f"/plans/{published_plan.pk}/dashboard/")
        assert dashboard.status_code == 200 and "Theo lĩnh vực" in dashboard.content.decode()
    client.force_login(users["focal_b"])
    assert client.get(f"/plans/{published_plan.pk}/dashboard/").status_code == 403


def test_login_is_required_everywhere(client, published_plan):
    for url in ("/", "/plans/", f"/plans/{published_plan.pk}/", "/my-tasks/", "/agencies/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.skipif(not GOLD_FILES, reason="no gold files in ../shared/gold")
def test_demo_command_prepares_everything(tmp_path, capsys):
    call_command("demo", "--no-server", "--drafts", str(GOLD_FILES[0].parent))
    out = capsys.readouterr().out
    assert Plan.objects.count() == len(GOLD_FILES)
    assert Plan.objects.filter(status=Plan.Status.PUBLISHED).exists()
    assert Profile.objects.values("role").distinct().count() == 4
    assert "mật khẩu chỉ in một lần" in out and "sonoivu" in out
    assert "http://127.0.0.1:8000/public/" in out and "/surveys/k/" in out  # portal, kiosk


def test_dashboard_lists_the_most_urgent_few_and_counts_all(client, published_plan, users):
    for n in range(12):
        Task.objects.create(
            plan=published_plan,
            position=200 + n,
            ref=f"9.{n}",
            content=f"Nhiệm vụ quá hạn {n}",
            due=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        )
    figures = selectors.plan_dashboard(published_plan, DAY)
    overdue = figures["totals"]["open_overdue"]
    assert overdue >= 12 and len(figures["overdue"]) == selectors.LIST_LENGTH
    assert [t.ref for t in figures["overdue"]][:3] == ["9.0", "9.1", "9.2"]  # oldest first
    today = selectors.plan_dashboard(published_plan)["totals"]["open_overdue"]  # the page's day
    client.force_login(users["office"])
    page = client.get(f"/plans/{published_plan.pk}/dashboard/").content.decode()
    assert f"Tất cả {today} nhiệm vụ, lọc và tải XLSX" in page
    assert page.split('id="overdue"')[1].split("</ul>")[0].count("<li>") == selectors.LIST_LENGTH
