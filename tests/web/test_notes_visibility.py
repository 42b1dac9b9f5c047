"""Who reads a task's notes and evidence files (README, "Who sees what").

Within a province everyone sees a published task and its status; its notes and
evidence files only its lead and cooperating agencies, the reform office and the
province's leaders (and the administrator). The page, the download and the API
ask the same permission (tracking.view_notes).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient
from tests.web.factories import task

from cchc.tracking import services

pytestmark = pytest.mark.django_db

NOTE = "Ghi chú nội bộ: biên bản họp ngày 12 tháng 3"
PDF = b"%PDF-1.4 minh chung"


@pytest.fixture
def noted(published_plan, users):
    """Task 1 (lead Sở Tư pháp, cooperating Sở TT&TT) with a note and an evidence file."""
    victim = task(published_plan, "1")
    update = services.post_update(
        victim,
        users["focal_stttt"],
        expected_version=victim.version,
        action="contribution",
        note=NOTE,
        files=[SimpleUploadedFile("bien-ban.pdf", PDF)],
    )
    return victim, update.evidence.get()


def _reads(client, user, victim, evidence) -> dict:
    client.force_login(user)
    page = client.get(f"/tasks/{victim.pk}/")
    download = client.get(f"/evidence/{evidence.pk}/")
    api = APIClient()
    api.force_authenticate(user)
    timeline = api.get(f"/api/tasks/{victim.pk}/updates/")
    listed = api.get("/api/updates/")
    return {
        "page": page.status_code,
        "note_on_page": NOTE in page.content.decode(),
        "link_on_page": f"/evidence/{evidence.pk}/" in page.content.decode(),
        "download": download.status_code,
        "file": b"".join(download.streaming_content) if download.status_code == 200 else None,
        "api_note": [u["note"] for u in timeline.json()] if timeline.status_code == 200 else None,
        "api_list_note": [u["note"] for u in listed.json()["results"] if u["task"] == victim.pk]
        if listed.status_code == 200
        else None,
    }


@pytest.mark.parametrize("who", ["focal_stp", "focal_stttt", "office", "leader", "admin"])
def test_assigned_agencies_office_and_leaders_read_notes_and_files(client, users, noted, who):
    victim, evidence = noted
    seen = _reads(client, users[who], victim, evidence)
    assert seen["page"] == 200 and seen["note_on_page"] and seen["link_on_page"]
    assert seen["download"] == 200 and seen["file"] == PDF
    assert seen["api_note"] == [NOTE] and seen["api_list_note"] == [NOTE]


def test_another_agency_of_the_province_sees_the_task_but_not_its_notes(
    client, users, noted, directory
):
    """Sở Nội vụ's focal point: same province, not assigned to task 1."""
    from cchc.accounts.models import Role
    from cchc.accounts.services import create_user

    outsider, _password = create_user("focal_snv", Role.FOCAL_POINT, directory["snv"])
    victim, evidence = noted
    seen = _reads(client, outsider, victim, evidence)
    assert seen["page"] == 200  # the task and its status stay public within the province
    assert not seen["note_on_page"] and not seen["link_on_page"]
    assert seen["download"] == 403 and seen["file"] is None
    assert seen["api_note"] == [""] and seen["api_list_note"] == [""]
    client.force_login(outsider)
    assert "notes-hidden" in client.get(f"/tasks/{victim.pk}/").content.decode()


def test_another_province_reads_nothing(client, users, noted):
    victim, evidence = noted
    for who in ("focal_b", "office_b"):
        seen = _reads(client, users[who], victim, evidence)
        assert seen["page"] == 403 and seen["download"] == 403
        assert seen["api_note"] is None and seen["api_list_note"] in (None, [])
