"""A parent task shows its sub-tasks' roll-up; overriding it by hand needs a reason."""

import pytest
from tests.web.factories import task

from cchc.plans.models import Task
from cchc.tracking import selectors, services

pytestmark = pytest.mark.django_db


def test_override_requires_a_reason_and_shows_it_next_to_the_roll_up(client, published_plan, users):
    parent, child = task(published_plan, "3"), task(published_plan, "3.a")
    Task.objects.filter(pk=child.pk).update(progress=30)
    client.force_login(users["office"])
    page = client.get(f"/tasks/{parent.pk}/").content.decode()
    assert 'id="task-progress">30%' in page  # the roll-up is the figure shown

    form = {"version": parent.version, "action": "progress", "progress": "80", "note": " "}
    response = client.post(f"/tasks/{parent.pk}/", form)
    assert "hãy ghi lý do" in response.content.decode()
    parent.refresh_from_db()
    assert parent.progress == 0 and parent.progress_override == "" and parent.version == 1

    form["note"] = "Sở Nội vụ đã tổ chức hội thi cấp tỉnh"
    assert client.post(f"/tasks/{parent.pk}/", form).status_code == 302
    parent.refresh_from_db()
    assert parent.progress == 80 and parent.progress_override == form["note"]
    page = client.get(f"/tasks/{parent.pk}/").content.decode()
    assert 'id="task-progress">80%' in page and "Các nhiệm vụ con: 30%" in page
    assert "ghi đè thủ công, lý do: Sở Nội vụ đã tổ chức hội thi cấp tỉnh" in page
    listed = selectors.with_progress(Task.objects.filter(pk__in=[parent.pk, child.pk]))
    assert {t.ref: t.shown_progress for t in listed} == {"3": 80, "3.a": 30}


def test_a_task_without_sub_tasks_needs_no_reason(published_plan, users):
    leaf = task(published_plan, "1")
    services.post_update(
        leaf, users["focal_stp"], expected_version=leaf.version, action="progress", progress=50
    )
    leaf.refresh_from_db()
    assert leaf.progress == 50 and leaf.progress_override == ""
