"""The REST API: token auth, the same visibility and write rules as the pages, the schema."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from tests.web.factories import PASSWORD, small_plan_json, task

from cchc.plans import services
from cchc.plans.models import Task

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_token_is_issued_for_a_password_and_required(users):
    anonymous = APIClient()
    assert anonymous.get("/api/tasks/").status_code == 401
    response = anonymous.post("/api/token/", {"username": "focal_stp", "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token"]


def test_lists_follow_the_visibility_rules(users, published_plan, draft_plan, directory):
    services.import_plan_json(small_plan_json(), directory["b"], users["office_b"])
    mine = {p["id"] for p in api(users["focal_stp"]).get("/api/plans/").json()["results"]}
    assert mine == {published_plan.pk}  # not the draft, not province B's plan
    office = {p["id"] for p in api(users["office"]).get("/api/plans/").json()["results"]}
    assert office == {published_plan.pk, draft_plan.pk}
    tasks = api(users["focal_b"]).get("/api/tasks/").json()["results"]
    assert tasks == []


def test_task_detail_has_status_and_deliverables(users, published_plan):
    t = task(published_plan, "1")
    body = api(users["leader"]).get(f"/api/tasks/{t.pk}/").json()
    assert body["status"] in ("open_overdue", "open_on_time")  # depends on today
    assert body["deliverables"][0]["deadline_raw"] == "Quý I/2025"


def test_lead_posts_an_update_and_a_stale_version_is_refused(users, published_plan):
    t = task(published_plan, "1")
    client = api(users["focal_stp"])
    ok = client.post(
        f"/api/tasks/{t.pk}/updates/",
        {"version": t.version, "action": "progress", "progress": "55.5"},
    )
    assert ok.status_code == 201, ok.content
    stale = client.post(
        f"/api/tasks/{t.pk}/updates/",
        {"version": t.version, "action": "progress", "progress": "10"},
    )
    assert stale.status_code == 400 and "vừa được người khác cập nhật" in stale.content.decode()
    assert Task.objects.get(pk=t.pk).progress == 55.5
    timeline = client.get(f"/api/tasks/{t.pk}/updates/").json()
    assert len(timeline) == 1


def test_cooperator_cannot_mark_done_through_the_api(users, published_plan):
    t = task(published_plan, "1")
    response = api(users["focal_stttt"]).post(
        f"/api/tasks/{t.pk}/updates/", {"version": t.version, "action": "done"}
    )
    assert response.status_code == 403
    assert Task.objects.get(pk=t.pk).completed_on is None


def test_schema_is_served(users):
    response = api(users["leader"]).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/tasks/{id}/updates/" in response.content
