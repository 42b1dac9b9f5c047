"""A document that assigns no work is told apart from an empty draft on the plan page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.plans.models import Plan

pytestmark = pytest.mark.django_db

REGULATION = """\
ỦY BAN NHÂN DÂN TỈNH AN GIANG
Số: 12/2025/QĐ-UBND

QUYẾT ĐỊNH
Ban hành Quy chế phối hợp quản lý dữ liệu

Điều 1. Sở Khoa học và Công nghệ chủ trì hướng dẫn việc kết nối dữ liệu.
Điều 2. Quyết định có hiệu lực từ ngày ký.
"""

PLAN = """\
KẾ HOẠCH
Chuyển đổi số năm 2025

II. NHIỆM VỤ

1. Nâng cấp trung tâm dữ liệu
- Đơn vị chủ trì: Sở Khoa học và Công nghệ
- Thời gian thực hiện: Quý III/2025
"""


def _upload(client, directory, name, text):
    response = client.post(
        "/plans/import/",
        {
            "document": SimpleUploadedFile(name, text.encode()),
            "province": directory["a"].pk,
        },
    )
    plan = Plan.objects.latest("pk")
    assert response.status_code == 302 and plan.extraction == Plan.Extraction.DONE
    return plan, client.get(f"/plans/{plan.pk}/").content.decode()


def test_a_regulation_is_said_not_to_be_a_plan(client, directory, users):
    client.force_login(users["office"])
    plan, page = _upload(client, directory, "quy-che.txt", REGULATION)
    assert not plan.tasks.exists()
    assert "Tài liệu này không giống một kế hoạch" in page


def test_a_plan_gives_its_tasks_and_no_such_sentence(client, directory, users):
    client.force_login(users["office"])
    plan, page = _upload(client, directory, "ke-hoach.txt", PLAN)
    assert plan.tasks.count() == 1 and plan.extraction_error == ""
    assert "không giống một kế hoạch" not in page


def test_a_draft_without_tasks_cannot_be_issued(client, directory, users):
    client.force_login(users["office"])
    plan, page = _upload(client, directory, "quy-che.txt", REGULATION)
    assert "Ban hành kế hoạch" not in page  # no button to press
    response = client.post(f"/plans/{plan.pk}/publish/", follow=True)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    assert "Chưa thể ban hành kế hoạch không có nhiệm vụ nào" in response.content.decode()
