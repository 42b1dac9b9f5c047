"""A task update refused as stale keeps its input, now with the saved version: sending it
again is a deliberate second update, not another refusal (and not a lost one)."""

import re

import pytest
from tests.web.factories import task

from cchc.tracking.models import TaskUpdate

pytestmark = pytest.mark.django_db
KEPT = "chúng vẫn còn trong biểu mẫu dưới đây"


def test_a_refused_update_keeps_its_input_and_can_be_sent_again(client, published_plan, users):
    t = task(published_plan, "1")
    client.force_login(users["focal_stp"])
    opened = {"version": t.version, "action": "progress", "completed_on": ""}
    first = dict(opened, progress="60", note="Bản thứ nhất")
    second = dict(opened, progress="20", note="Bản thứ hai, mở cùng lúc")
    assert client.post(f"/tasks/{t.pk}/", first).status_code == 302
    refused = client.post(f"/tasks/{t.pk}/", second)
    html = refused.content.decode()
    assert refused.status_code == 200 and KEPT in html and "Bản thứ hai, mở cùng lúc" in html
    t.refresh_from_db()
    assert re.search(rf'name="version" value="{t.version}"', html)
    again = client.post(f"/tasks/{t.pk}/", dict(second, version=t.version))
    assert again.status_code == 302
    notes = list(TaskUpdate.objects.filter(task=t).values_list("note", flat=True))
    assert sorted(notes) == ["Bản thứ hai, mở cùng lúc", "Bản thứ nhất"]
