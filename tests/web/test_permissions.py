"""A focal point tries to read-modify-write another agency's task through every route.

The routes come from the URL resolver, so a new page or API route is attacked
automatically; a route with an argument this test does not know fails the test
until it is taught what to put there.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.web.factories import task

from cchc.agencies.models import Agency
from cchc.agencies.services import export_directory
from cchc.onestop.models import ImportBatch
from cchc.plans.models import Assignment, Deliverable, Mention, Plan, Task
from cchc.tracking import services
from cchc.tracking.models import Evidence, TaskUpdate

pytestmark = pytest.mark.django_db


def named_routes(resolver=None, namespace=""):
    """(full name, argument names, number of positional arguments) of every named route.

    Unnamed routes are allowed only under admin/ (its catch-all redirect).
    """
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_routes(entry, inner)
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                assert namespace == "admin:", f"unnamed route {entry.pattern}"
                continue
            regex = entry.pattern.regex
            yield (
                namespace + entry.name,
                sorted(regex.groupindex),
                regex.groups - len(regex.groupindex),
            )


@pytest.fixture
def target(published_plan, users, directory):
    """Task 2, led by Sở TT&TT; the attacker is Sở Tư pháp's focal point (not assigned to it)."""
    victim = task(published_plan, "2")
    update = services.post_update(
        victim,
        users["focal_stttt"],
        expected_version=victim.version,
        action="progress",
        progress=10,
        note="bản gốc",
        files=[SimpleUploadedFile("a.pdf", b"%PDF")],
    )
    victim.refresh_from_db()
    batch = ImportBatch.objects.create(province=published_plan.province, file_name="hoso.csv")
    return {
        "task": victim,
        "plan": published_plan,
        "update": update,
        "agency": directory["stttt"],
        "batch": batch,
    }


def _arguments(name: str, params: list[str], t: dict) -> dict:
    """What to put in each route argument: always the objects of the victim task."""
    by_basename = {
        "agency": t["agency"].pk,
        "plan": t["plan"].pk,
        "task": t["task"].pk,
        "update": t["update"].pk,
    }
    known = {
        "plan_pk": t["plan"].pk,
        "task_pk": t["task"].pk,
        "agency_pk": t["agency"].pk,
        "evidence_pk": t["update"].evidence.get().pk,
        "fmt": "csv",
        "format": "json",
        "object_id": t["task"].pk,
        "id": t["task"].pk,
        "app_label": "plans",
        "content_type_id": ContentType.objects.get_for_model(Task).pk,
        "uidb64": "MQ",
        "token": "x",
        "batch_pk": t["batch"].pk,
        "user_pk": t["agency"].profiles.values_list("user_id", flat=True).first(),
    }
    args = {}
    for param in params:
        if param == "pk":
            basename = name.split(":")[-1].rsplit("-", 1)[0].split("-")[0]
            assert basename in by_basename, f"route {name}: teach this test what its pk is"
            args[param] = by_basename[basename]
        else:
            assert param in known, f"route {name}: teach this test what to put in <{param}>"
            args[param] = known[param]
    return args


def _payload(t: dict, attacker_agency: Agency) -> dict:
    """Everything any form or API route of the project accepts, aimed at the victim."""
    victim = t["task"]
    return {
        "version": victim.version,
        "action": "done",
        "progress": "100",
        "note": "ghi đè",
        "completed_on": "",
        "content": "ĐÃ BỊ SỬA",
        "ref": "X",
        "area": "other",
        "text": "Sở Thông tin và Truyền thông",
        "choice": f"a:{attacker_agency.pk}",
        "new_kind": "other",
        "d-TOTAL_FORMS": "0",
        "d-INITIAL_FORMS": "0",
        "d-MIN_NUM_FORMS": "0",
        "d-MAX_NUM_FORMS": "1000",
        "name": "ĐÃ BỊ SỬA",
        "status": "draft",
        "agency": attacker_agency.pk,
    }


def _snapshot(t: dict):
    victim = t["task"]
    return (
        list(Task.objects.filter(pk=victim.pk).values()),
        list(Deliverable.objects.filter(task=victim).values()),
        list(Mention.objects.filter(task=victim).values()),
        list(Assignment.objects.filter(task=victim).values()),
        list(TaskUpdate.objects.filter(task=victim).values()),
        list(Evidence.objects.values()),
        victim.history.count(),
        list(Plan.objects.filter(pk=t["plan"].pk).values()),
        list(Agency.objects.order_by("pk").values()),
        list(ImportBatch.objects.order_by("pk").values()),
    )


def _attack(client, user, t, payload):
    statuses = {}
    for name, params, positional in named_routes():
        if positional:  # django-simple-history's admin routes: <object id>/history/<history id>
            url = reverse(name, args=[t["task"].pk] * positional)
        else:
            url = reverse(name, kwargs=_arguments(name, params, t))
        for method in ("get", "post", "put", "patch", "delete"):
            client.force_login(user)
            if method == "get":
                response = client.get(url)
            elif method == "post":
                body = dict(payload, file=SimpleUploadedFile("d.csv", export_directory("csv")))
                response = client.post(url, body)
            else:
                response = getattr(client, method)(url, payload, content_type="application/json")
            assert response.status_code < 500, f"{method.upper()} {url}: {response.status_code}"
            statuses[(method, name)] = response.status_code
    return statuses


def test_focal_point_cannot_change_another_agencys_task_anywhere(client, users, target):
    attacker = users["focal_stp"]
    before = _snapshot(target)
    statuses = _attack(client, attacker, target, _payload(target, attacker.profile.agency))
    assert _snapshot(target) == before
    # reading is allowed (focal points see all plans of their province), writing is not
    assert statuses[("get", "tracking:task")] == 200
    assert statuses[("post", "tracking:task")] == 403
    assert statuses[("post", "task-updates")] == 403


def test_the_same_payload_works_for_the_lead(client, users, target):
    """The control: what was refused above is a valid request for the right person."""
    payload = _payload(target, users["focal_stttt"].profile.agency)
    client.force_login(users["focal_stttt"])
    url = reverse("tracking:task", kwargs={"task_pk": target["task"].pk})
    assert client.post(url, payload).status_code == 302
    target["task"].refresh_from_db()
    assert target["task"].completed_on is not None


def test_focal_point_cannot_touch_a_draft_or_another_province(client, users, draft_plan, directory):
    victim = task(draft_plan, "2")
    t = {"task": victim, "plan": draft_plan, "agency": directory["stttt"]}
    t["batch"] = ImportBatch.objects.create(province=draft_plan.province, file_name="hoso.csv")
    t["update"] = TaskUpdate.objects.create(task=victim, author=users["office"], action="progress")
    Evidence.objects.create(
        update=t["update"], file="evidence/x.pdf", original_name="x.pdf", size=1
    )
    before = _snapshot(t)
    for user in (users["focal_stp"], users["focal_b"], users["office_b"], users["leader"]):
        statuses = _attack(client, user, t, _payload(t, user.profile.agency))
        assert statuses[("get", "plans:detail")] == 403  # drafts are the reform office's
        assert statuses[("get", "tracking:task")] == 403
        assert statuses[("get", "tracking:evidence")] == 403
    assert _snapshot(t) == before
