"""Hostile uploads through the real pages: a small .xlsx declaring a huge sheet, and
an update carrying too many megabytes of evidence or a pasted document as its note
(issue 9)."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests import hostile
from tests.web.factories import task

from cchc.agencies.models import Agency
from cchc.tracking import spreadsheets
from cchc.tracking.models import Evidence, TaskUpdate

pytestmark = pytest.mark.django_db
XLSX = spreadsheets.CONTENT_TYPE


def _measured(call):
    """(result, seconds, peak MB of Python allocations) of ``call()``: run twice, timed
    alone, then traced (tracing slows every allocation down)."""
    start = time.monotonic()
    call()
    seconds = time.monotonic() - start
    tracemalloc.start()
    try:
        result = call()
        return result, seconds, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_my_tasks_import_of_a_sheet_declaring_a1_to_xfd6001_stays_small(
    client, published_plan, users
):
    # 16 KB on disk; padded to its declared width it was 98 million cells (+780 MB).
    data = hostile.xlsx_declared(rows=6001, header=[c.header for c in spreadsheets.TASK_LIST])
    assert len(data) < 40_000
    client.force_login(users["focal_stp"])
    response, seconds, peak = _measured(
        lambda: client.post(
            "/my-tasks/import/", {"file": SimpleUploadedFile("nhiem-vu.xlsx", data, XLSX)}
        )
    )
    assert response.status_code == 200
    assert peak < 60, f"peak {peak:.0f} MB"
    assert seconds < 10
    page = response.content.decode()
    assert "Phiên bản" in page  # the one filled row is reported: its version is missing


def test_directory_import_of_a_sheet_declaring_a1_to_xfd6001_stays_small(client, directory, users):
    data = hostile.xlsx_declared(rows=6001, header=["Mã", "Tên"])
    client.force_login(users["office"])
    before = Agency.objects.count()
    response, seconds, peak = _measured(
        lambda: client.post(
            "/agencies/import/",
            {"file": SimpleUploadedFile("danh-muc.xlsx", data, XLSX)},
            follow=True,
        )
    )
    assert response.status_code == 200
    assert peak < 60, f"peak {peak:.0f} MB"
    assert seconds < 10
    assert Agency.objects.count() == before


def test_my_tasks_import_refuses_a_zip_bomb_with_the_reason(client, published_plan, users):
    client.force_login(users["focal_stp"])
    upload = SimpleUploadedFile("nhiem-vu.xlsx", hostile.xlsx_shared_strings_bomb(40), XLSX)
    page = client.post("/my-tasks/import/", {"file": upload}).content.decode()
    assert "Không đọc được tệp Excel: phần xl/sharedStrings.xml" in page


def _form(t, **changes):
    data = {"version": t.version, "action": "progress", "note": "Đã xong", "progress": "40"}
    data.update(changes)
    return data


def _pdf(name: str, megabytes: float) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + b"0" * int(megabytes * 2**20)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def test_an_update_cannot_carry_more_evidence_than_the_limit(
    client, published_plan, users, settings
):
    settings.CCHC_MAX_EVIDENCE_MB = 2
    settings.CCHC_MAX_UPDATE_MB = 3
    t = task(published_plan, "1")
    client.force_login(users["focal_stp"])
    files = [_pdf(f"minh-chung-{i}.pdf", 1.5) for i in range(3)]  # each allowed, 4.5 MB together
    response = client.post(f"/tasks/{t.pk}/", _form(t, files=files))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tổng dung lượng tài liệu kiểm chứng của một lần cập nhật là 4.5 MB; tối đa 3 MB" in page
    assert TaskUpdate.objects.count() == 0 and Evidence.objects.count() == 0
    files = [_pdf(f"minh-chung-{i}.pdf", 1.4) for i in range(2)]  # 2.8 MB: accepted
    ok = client.post(f"/tasks/{t.pk}/", _form(t, files=files))
    assert ok.status_code == 302 and Evidence.objects.count() == 2


def test_an_update_note_is_a_few_thousand_characters_at_most(client, published_plan, users):
    t = task(published_plan, "1")
    client.force_login(users["focal_stp"])
    response = client.post(f"/tasks/{t.pk}/", _form(t, note="Nội dung." * 2000))
    assert response.status_code == 200
    assert "Nội dung quá dài (18000 ký tự); tối đa 5000 ký tự" in response.content.decode()
    assert TaskUpdate.objects.count() == 0
