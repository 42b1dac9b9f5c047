"""Review: correcting tasks, mapping agency names, publishing atomically."""

import pytest
from tests.web.factories import small_plan_json, task

from cchc.agencies.models import Agency
from cchc.plans import services
from cchc.plans.models import Assignment, Mention, Plan, Task

pytestmark = pytest.mark.django_db


def _state(plan):
    return (
        list(Plan.objects.filter(pk=plan.pk).values()),
        list(Task.objects.filter(plan=plan).values()),
        list(Mention.objects.filter(task__plan=plan).values()),
        Assignment.objects.count(),
        Agency.objects.count(),
    )


@pytest.fixture
def unresolved_plan(directory, users):
    data = small_plan_json()
    data["tasks"][0]["coop"].append("Ban Tổ chức Tỉnh ủy")
    return services.import_plan_json(data, directory["a"], users["office"])


def test_review_page_shows_tasks_doubts_and_source_links(client, draft_plan, users):
    client.force_login(users["office"])
    page = client.get(f"/plans/{draft_plan.pk}/").content.decode()
    assert "Rà soát văn bản quy phạm pháp luật" in page
    assert "Cần xem lại" in page and "thời hạn đọc từ ô gộp" in page
    # No text source uploaded: positions are shown in words, not linked.
    assert "dòng 3" in page and "#L3" not in page


def test_unresolved_names_block_publishing(client, unresolved_plan, users):
    client.force_login(users["office"])
    before = _state(unresolved_plan)
    response = client.post(f"/plans/{unresolved_plan.pk}/publish/", follow=True)
    assert "Chưa thể ban hành" in response.content.decode()
    assert "Ban Tổ chức Tỉnh ủy" in response.content.decode()
    assert _state(unresolved_plan) == before


def test_mapping_page_suggests_and_maps_every_occurrence(client, unresolved_plan, users, directory):
    client.force_login(users["office"])
    page = client.get(f"/plans/{unresolved_plan.pk}/mentions/").content.decode()
    assert "Ban Tổ chức Tỉnh ủy" in page and "chưa gắn" in page
    response = client.post(
        f"/plans/{unresolved_plan.pk}/mentions/",
        {"text": "Ban Tổ chức Tỉnh ủy", "choice": "new", "new_kind": "other"},
        follow=True,
    )
    assert "Đã gắn 1" in response.content.decode()
    created = Agency.objects.get(name="Ban Tổ chức Tỉnh ủy")
    assert created.province == directory["a"]
    client.post(f"/plans/{unresolved_plan.pk}/publish/")
    unresolved_plan.refresh_from_db()
    assert unresolved_plan.status == Plan.Status.PUBLISHED


def test_mapping_to_a_deleted_agency_is_refused(client, unresolved_plan, users, directory):
    gone = Agency.objects.create(
        code="a-tam",
        name="Đơn vị tạm",
        kind="other",
        parent=directory["a"],
        province=directory["a"],
    )
    gone_pk = gone.pk
    gone.delete()
    client.force_login(users["office"])
    before = _state(unresolved_plan)
    response = client.post(
        f"/plans/{unresolved_plan.pk}/mentions/",
        {"text": "Ban Tổ chức Tỉnh ủy", "choice": f"a:{gone_pk}", "new_kind": "other"},
        follow=True,
    )
    assert "không còn trong danh mục" in response.content.decode()
    assert _state(unresolved_plan) == before


def test_mapping_to_another_provinces_unit_is_refused(unresolved_plan, directory, users):
    with pytest.raises(services.ValidationError):
        services.map_mentions(
            unresolved_plan,
            "Ban Tổ chức Tỉnh ủy",
            f"a:{directory['b_stp'].pk}",
            user=users["office"],
        )


def test_publish_creates_assignments_from_units_and_groups(published_plan, directory):
    roles = {
        (a.task.ref, a.agency.code): a.role
        for a in Assignment.objects.select_related("task", "agency")
    }
    assert roles[("1", "a-stp")] == "lead" and roles[("1", "a-stttt")] == "coop"
    # "Các sở, ban, ngành" leads task 3: every department; Sở Nội vụ is lead, not coop
    assert {code for ref, code in roles if ref == "3"} == {"a-snv", "a-stp", "a-stttt"}
    assert roles[("3", "a-snv")] == "lead"
    assert published_plan.status == Plan.Status.PUBLISHED


def test_publish_is_all_or_nothing(draft_plan, directory, users):
    # Sở TT&TT stops operating after the mapping: found only after assignments were written
    Agency.objects.filter(pk=directory["stttt"].pk).update(active=False)
    before = _state(draft_plan)
    with pytest.raises(services.ValidationError) as refused:
        services.publish_plan(draft_plan, users["office"])
    assert "ngừng hoạt động" in refused.value.messages[0]
    assert _state(draft_plan) == before and not Assignment.objects.exists()


def test_publish_rolls_back_on_any_failure(draft_plan, users, monkeypatch):
    calls = []
    real = Assignment.objects.bulk_create

    def fail_on_third(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Assignment.objects, "bulk_create", fail_on_third)
    before = _state(draft_plan)
    with pytest.raises(RuntimeError):
        services.publish_plan(draft_plan, users["office"])
    assert _state(draft_plan) == before and not Assignment.objects.exists()


def test_a_published_plan_cannot_be_published_or_remapped(published_plan, users):
    with pytest.raises(services.ValidationError):
        services.publish_plan(published_plan, users["office"])
    with pytest.raises(services.ValidationError):
        services.map_mentions(published_plan, "Sở Tư pháp", "ignore", user=users["office"])


def _edit_form(t, **changes):
    data = {
        "version": t.version,
        "ref": t.ref,
        "area": t.area,
        "content": t.content,
        "d-TOTAL_FORMS": 1,
        "d-INITIAL_FORMS": 1,
        "d-MIN_NUM_FORMS": 0,
        "d-MAX_NUM_FORMS": 1000,
        "d-0-product": "Báo cáo",
        "d-0-deadline_raw": "Quý I/2025",
        "d-0-deadline_kind": "date",
        "d-0-start": "",
        "d-0-due": "31/03/2025",
    }
    data.update(changes)
    return data


def test_editing_a_task_corrects_fields_and_deadline(client, draft_plan, users):
    t = task(draft_plan, "1")
    client.force_login(users["office"])
    response = client.post(
        f"/plans/{draft_plan.pk}/tasks/{t.pk}/edit/",
        _edit_form(t, content="Nội dung đã sửa", **{"d-0-due": "30/04/2025"}),
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.content == "Nội dung đã sửa" and t.due.isoformat() == "2025-04-30" and t.version == 2
    assert t.history.first().history_user == users["office"]


def test_a_wrong_date_is_refused_and_nothing_changes(client, draft_plan, users):
    t = task(draft_plan, "1")
    client.force_login(users["office"])
    before = _state(draft_plan)
    response = client.post(
        f"/plans/{draft_plan.pk}/tasks/{t.pk}/edit/",
        _edit_form(t, content="x", **{"d-0-due": "31/02/2025"}),
    )
    assert response.status_code == 200
    assert (
        "Nhập một ngày hợp lệ" in response.content.decode()
        or "ngày hợp lệ" in response.content.decode()
    )
    assert _state(draft_plan) == before


def test_a_stale_review_form_is_refused(client, draft_plan, users):
    t = task(draft_plan, "1")
    client.force_login(users["office"])
    stale = _edit_form(t, content="Bản sửa thứ hai")
    client.post(
        f"/plans/{draft_plan.pk}/tasks/{t.pk}/edit/", _edit_form(t, content="Bản sửa thứ nhất")
    )
    response = client.post(f"/plans/{draft_plan.pk}/tasks/{t.pk}/edit/", stale)
    assert "vừa được người khác cập nhật" in response.content.decode()
    t.refresh_from_db()
    assert t.content == "Bản sửa thứ nhất"
