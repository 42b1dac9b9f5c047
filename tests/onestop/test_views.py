"""The import pages (upload → preview → confirm) and the statistics page with its .xlsx."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from tests.onestop.test_import import CSV

from cchc.accounts.predicates import SYSTEM
from cchc.onestop.models import Dossier, ImportBatch

PASSWORD = "mật-khẩu-thử-1234"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_upload_preview_confirm(client, users, directory):
    login(client, users["office"])
    upload = SimpleUploadedFile("hoso.csv", CSV.encode(), content_type="text/csv")
    response = client.post(
        reverse("onestop:upload"), {"file": upload, "province": directory["a"].pk}
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("onestop:batch", args=[batch.pk])

    page = client.get(response.url).content.decode()
    assert "4 dòng hợp lệ, 5 dòng lỗi" in page
    assert "HS-001" in page and "Sở Tư pháp" in page  # first rows, as read
    assert "không tìm thấy cơ quan" in page  # errors with their line numbers
    assert Dossier.objects.count() == 0  # a preview writes nothing

    # Remap: taking away the agency column is refused (required), the guess stays.
    response = client.post(response.url, {"action": "remap", "code": "1", "received": "7"})
    assert response.status_code == 200 and Dossier.objects.count() == 0

    response = client.post(reverse("onestop:batch", args=[batch.pk]), {"action": "confirm"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.rows_created == 4
    assert Dossier.objects.count() == 4
    assert "Hồ sơ mới" in client.get(response.url).content.decode()


def test_upload_refuses_wrong_type_and_other_roles(client, users, directory):
    login(client, users["office"])
    upload = SimpleUploadedFile("hoso.docx", b"abc")
    response = client.post(
        reverse("onestop:upload"), {"file": upload, "province": directory["a"].pk}
    )
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.content.decode()
    assert ImportBatch.objects.count() == 0

    client.logout()
    login(client, users["focal_stp"])
    assert client.get(reverse("onestop:upload")).status_code == 403
    assert client.get(reverse("onestop:statistics")).status_code == 403


def test_statistics_page_and_xlsx(client, users, directory):
    from cchc.onestop import services

    services.import_file(directory["a"], CSV.encode(), "hoso.csv", user=SYSTEM)
    login(client, users["leader"])
    url = reverse("onestop:statistics")
    page = client.get(url, {"kind": "quarter", "year": 2024}).content.decode()
    assert "Quý I/2024" in page and "Sở Tư pháp" in page

    response = client.get(url, {"kind": "quarter", "year": 2024, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Kỳ", "Cơ quan", "Tiếp nhận")
    by_agency = {(r[0], r[1]): r for r in rows[2:]}
    stp = by_agency[("Quý I/2024", "Sở Tư pháp")]
    assert stp[2] == 3  # HS-001, HS-002, HS-009 received in quarter I


def test_a_second_confirmation_is_refused_with_a_message(client, users, directory):
    """Two tabs (or a double click): the second confirm says so, and imports nothing."""
    login(client, users["office"])
    upload = SimpleUploadedFile("hoso.csv", CSV.encode(), content_type="text/csv")
    client.post(reverse("onestop:upload"), {"file": upload, "province": directory["a"].pk})
    url = reverse("onestop:batch", args=[ImportBatch.objects.get().pk])
    client.post(url, {"action": "confirm"})
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert "Lần nhập này đã được xác nhận rồi" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_created, Dossier.objects.count()) == ("done", 4, 4)


def test_the_batch_page_refreshes_while_queued_or_running(client, users, directory):
    login(client, users["office"])
    batch = ImportBatch.objects.create(
        province=directory["a"], file_name="hoso.csv", status=ImportBatch.Status.RUNNING
    )
    page = client.get(reverse("onestop:batch", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in page and "Đang nhập" in page
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE)
    page = client.get(reverse("onestop:batch", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
