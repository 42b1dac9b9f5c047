"""Updates: who may post what, evidence files, the concurrency refusal, the audit trail."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.factories import task

from cchc.plans.models import Task
from cchc.tracking import services
from cchc.tracking.models import Evidence, TaskUpdate

pytestmark = pytest.mark.django_db


def _form(t, **changes):
    data = {
        "version": t.version,
        "action": "progress",
        "note": "Đã xong dự thảo",
        "progress": "40",
        "completed_on": "",
    }
    data.update(changes)
    return data


def _state(t):
    return (
        list(Task.objects.filter(pk=t.pk).values()),
        TaskUpdate.objects.count(),
        Evidence.objects.count(),
    )


def test_lead_posts_progress_with_evidence_and_it_downloads_safely(
    client, published_plan, users, settings
):
    t = task(published_plan, "1")
    client.force_login(users["focal_stp"])
    pdf = SimpleUploadedFile(
        "Báo cáo <1>.pdf", b"%PDF-1.4 evidence", content_type="application/pdf"
    )
    response = client.post(f"/tasks/{t.pk}/", _form(t, files=pdf))
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.progress == 40 and t.version == 2
    evidence = Evidence.objects.get()
    assert (
        Path(settings.MEDIA_ROOT) in Path(evidence.file.path).parents
        and "Báo cáo" not in evidence.file.name
    )
    download = client.get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/octet-stream"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    page = client.get(f"/tasks/{t.pk}/").content.decode()
    assert "Dòng thời gian" in page and "Báo cáo &lt;1&gt;.pdf" in page
    assert "Nhật ký thay đổi" in page and "focal_stp" in page  # the history names who changed it


def test_evidence_is_hidden_from_another_province(client, published_plan, users):
    t = task(published_plan, "1")
    update = services.post_update(
        t,
        users["focal_stp"],
        expected_version=t.version,
        action="progress",
        progress=10,
        files=[SimpleUploadedFile("a.pdf", b"%PDF")],
    )
    client.force_login(users["focal_b"])
    assert client.get(f"/evidence/{update.evidence.get().pk}/").status_code == 403


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("virus.exe", 10, "định dạng không được nhận"), ("big.pdf", 2 * 1024 * 1024, "quá lớn")],
)
def test_bad_evidence_is_refused_and_nothing_changes(
    client, published_plan, users, settings, name, size, message
):
    settings.CCHC_MAX_EVIDENCE_MB = 1
    t = task(published_plan, "1")
    before = _state(t)
    client.force_login(users["focal_stp"])
    response = client.post(f"/tasks/{t.pk}/", _form(t, files=SimpleUploadedFile(name, b"x" * size)))
    assert response.status_code == 200 and message in response.content.decode()
    assert _state(t) == before


def test_a_wrong_completion_date_is_refused(client, published_plan, users):
    t = task(published_plan, "1")
    before = _state(t)
    client.force_login(users["focal_stp"])
    response = client.post(f"/tasks/{t.pk}/", _form(t, action="done", completed_on="31/02/2025"))
    assert "ngày hợp lệ" in response.content.decode()
    assert _state(t) == before


def test_a_stale_form_is_refused_never_overwrites(client, published_plan, users):
    t = task(published_plan, "1")
    client.force_login(users["focal_stp"])
    first = _form(t, progress="60", note="Bản thứ nhất")
    second = _form(t, progress="20", note="Bản thứ hai, mở cùng lúc")
    assert client.post(f"/tasks/{t.pk}/", first).status_code == 302
    response = client.post(f"/tasks/{t.pk}/", second)
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    t.refresh_from_db()
    assert t.progress == 60 and TaskUpdate.objects.count() == 1


def test_only_the_lead_marks_done_cooperators_contribute(client, published_plan, users):
    t = task(published_plan, "1")  # Sở Tư pháp leads, Sở TT&TT cooperates
    before = _state(t)
    client.force_login(users["focal_stttt"])
    page = client.get(f"/tasks/{t.pk}/").content.decode()
    assert 'value="contribution"' in page and 'value="done"' not in page
    response = client.post(f"/tasks/{t.pk}/", _form(t, action="done"))
    assert response.status_code == 200 and _state(t) == before
    with pytest.raises(PermissionDenied):
        services.post_update(t, users["focal_stttt"], expected_version=t.version, action="done")
    assert (
        client.post(
            f"/tasks/{t.pk}/", _form(t, action="contribution", note="Đã cung cấp số liệu")
        ).status_code
        == 302
    )
    t.refresh_from_db()
    assert t.progress == 0 and TaskUpdate.objects.get().action == "contribution"
    client.force_login(users["focal_stp"])
    assert client.post(f"/tasks/{t.pk}/", _form(t, action="done")).status_code == 302
    t.refresh_from_db()
    assert t.completed_on is not None and t.progress == 100


def test_halting_needs_a_reason(published_plan, users):
    t = task(published_plan, "1")
    with pytest.raises(services.ValidationError):
        services.post_update(
            t, users["focal_stp"], expected_version=t.version, action="halt", note=" "
        )
    services.post_update(
        t, users["focal_stp"], expected_version=t.version, action="halt", note="Chờ Nghị định"
    )
    t.refresh_from_db()
    assert t.halted_reason == "Chờ Nghị định"


def test_leader_reads_but_cannot_write(client, published_plan, users):
    t = task(published_plan, "1")
    client.force_login(users["leader"])
    page = client.get(f"/tasks/{t.pk}/").content.decode()
    assert "Gửi cập nhật" not in page
    assert client.post(f"/tasks/{t.pk}/", _form(t)).status_code == 403


def test_parent_shows_the_roll_up_rule(client, published_plan, users):
    parent = task(published_plan, "3")
    client.force_login(users["office"])
    assert (
        "trung bình cộng tiến độ của các nhiệm vụ con"
        in client.get(f"/tasks/{parent.pk}/").content.decode()
    )
