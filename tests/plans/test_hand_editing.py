"""A plan written by hand: metadata, tasks with agency pickers and parsed deadlines, publishing."""

import datetime

import pytest
from tests.web.factories import task

from cchc.agencies.models import AgencyGroup
from cchc.plans.models import Assignment, Mention, Plan, Task

pytestmark = pytest.mark.django_db


def _task_form(**fields):
    data = {
        "version": "",
        "ref": "",
        "parent": "",
        "area": "",
        "content": "",
        "d-TOTAL_FORMS": 1,
        "d-INITIAL_FORMS": 0,
        "d-MIN_NUM_FORMS": 0,
        "d-MAX_NUM_FORMS": 1000,
        "d-0-product": "",
        "d-0-deadline_raw": "",
        "d-0-deadline_kind": "",
        "d-0-start": "",
        "d-0-due": "",
    }
    data.update(fields)
    return data


def test_a_hand_written_plan_is_published_and_assigned(client, users, directory):
    client.force_login(users["office"])
    response = client.post(
        "/plans/new/",
        {
            "province": directory["a"].pk,
            "kind": "ke_hoach",
            "issuer": "UBND tỉnh A",
            "number": "9/KH-UBND",
            "signed": "05/01/2026",
            "title": "Kế hoạch CCHC năm 2026",
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
        },
    )
    plan = Plan.objects.get(number="9/KH-UBND")
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert plan.is_draft and plan.extraction == "" and plan.created_by == users["office"]
    group = AgencyGroup.objects.get(name__icontains="sở, ban, ngành")
    client.post(
        f"/plans/{plan.pk}/tasks/new/",
        _task_form(
            ref="1",
            area="procedures",
            content="Rà soát thủ tục hành chính",
            lead=[f"a:{directory['stp'].pk}"],
            coop=[f"g:{group.pk}"],
            **{"d-0-product": "Báo cáo", "d-0-deadline_raw": "Quý II/2026"},
        ),
    )
    parent = task(plan, "1")
    client.post(
        f"/plans/{plan.pk}/tasks/new/",
        _task_form(ref="2", content="Tuyên truyền", lead=[f"a:{directory['stttt'].pk}"]),
    )
    client.post(
        f"/plans/{plan.pk}/tasks/new/",
        _task_form(
            ref="1.1",
            parent=parent.pk,
            content="Công bố thủ tục",
            lead=[f"a:{directory['stp'].pk}"],
            **{"d-0-deadline_raw": "Thường xuyên"},
        ),
    )
    # the sub-task goes right after its parent; deadlines are read from their text
    assert list(plan.tasks.values_list("ref", flat=True)) == ["1", "1.1", "2"]
    parent.refresh_from_db()
    assert parent.due == datetime.date(2026, 6, 30)
    assert parent.deliverables.get().deadline_kind == "date"
    assert task(plan, "1.1").deliverables.get().deadline_kind == "recurring"
    assert task(plan, "1.1").parent == parent
    assert task(plan, "2").deliverables.count() == 0  # the blank deliverable form is ignored

    response = client.post(f"/plans/{plan.pk}/publish/", follow=True)
    assert "Đã ban hành kế hoạch" in response.content.decode()
    roles = dict(Assignment.objects.filter(task=parent).values_list("agency__code", "role"))
    assert roles["a-stp"] == "lead" and roles["a-stttt"] == "coop" and roles["a-snv"] == "coop"
    client.force_login(users["focal_stp"])
    assert "Rà soát thủ tục hành chính" in client.get("/my-tasks/").content.decode()


def test_editing_keeps_printed_names_and_unmapped_mentions(client, users, draft_plan, directory):
    t = task(draft_plan, "1")  # lead "Sở Tư pháp", coop "Sở TT&TT" (both mapped)
    Mention.objects.create(task=t, role="coop", position=9, text="Ban Tổ chức Tỉnh ủy")
    client.force_login(users["office"])
    response = client.post(
        f"/plans/{draft_plan.pk}/tasks/{t.pk}/edit/",
        _task_form(
            version=t.version,
            ref="1",
            content=t.content,
            lead=[f"a:{directory['stp'].pk}"],
            coop=[f"a:{directory['stttt'].pk}", f"a:{directory['snv'].pk}"],
            **{"d-0-deadline_raw": "Quý I/2025"},
        ),
    )
    assert response.status_code == 302
    coop = list(t.mentions.filter(role="coop").values_list("text", flat=True))
    assert coop == ["Sở TT&TT", "Ban Tổ chức Tỉnh ủy", "Sở Nội vụ"]


def test_a_task_cannot_become_its_own_sub_task(client, users, draft_plan):
    parent, child = task(draft_plan, "3"), task(draft_plan, "3.a")
    client.force_login(users["office"])
    before = list(Task.objects.filter(plan=draft_plan).values())
    response = client.post(
        f"/plans/{draft_plan.pk}/tasks/{parent.pk}/edit/",
        _task_form(version=parent.version, ref="3", content=parent.content, parent=child.pk),
    )
    assert "không thuộc nhiệm vụ này" in response.content.decode()
    assert list(Task.objects.filter(plan=draft_plan).values()) == before


def test_deleting_a_task_takes_its_sub_tasks(client, users, draft_plan):
    client.force_login(users["office"])
    client.post(f"/plans/{draft_plan.pk}/tasks/{task(draft_plan, '3').pk}/delete/")
    assert list(draft_plan.tasks.values_list("ref", flat=True)) == ["1", "2"]


def test_a_published_plan_is_not_edited_by_hand(client, users, published_plan):
    client.force_login(users["office"])
    before = list(Task.objects.filter(plan=published_plan).values())
    one = task(published_plan, "1")
    for url in (
        f"/plans/{published_plan.pk}/edit/",
        f"/plans/{published_plan.pk}/tasks/new/",
        f"/plans/{published_plan.pk}/tasks/{one.pk}/delete/",
    ):
        assert client.post(url, _task_form(content="x", title="x")).status_code == 404
    assert list(Task.objects.filter(plan=published_plan).values()) == before


def test_a_plan_needs_a_title_and_a_sane_period(client, users, directory):
    client.force_login(users["office"])
    form = {"province": directory["a"].pk, "period_start": "31/12/2026", "period_end": "01/01/2026"}
    page = client.post("/plans/new/", form).content.decode()
    assert "Trường này là bắt buộc" in page or "required" in page
    page = client.post("/plans/new/", dict(form, title="Kế hoạch")).content.decode()
    assert "Ngày kết thúc kỳ kế hoạch phải sau ngày bắt đầu" in page
    assert not Plan.objects.exists()
