"""The whole plan as XLSX and as DOCX: opened again and compared with the database."""

import io

import pytest
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook
from tests.web.factories import task

from cchc.plans.models import Task
from cchc.tracking import spreadsheets

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in spreadsheets.PLAN_TASKS]


def _get(client, user, plan, fmt):
    client.force_login(user)
    response = client.get(f"/plans/{plan.pk}/export.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ke-hoach-{plan.pk}.{fmt}"'
    return response.content


def _expected(plan):
    """ref → (content, lead names, coop names) as the database holds them."""
    out = {}
    for t in Task.objects.filter(plan=plan).prefetch_related("mentions"):
        names = {
            role: "; ".join(m.text for m in t.mentions.all() if m.role == role)
            for role in ("lead", "coop")
        }
        out[t.ref] = (t.content, names["lead"], names["coop"])
    return out


def test_plan_xlsx(client, published_plan, users):
    t1 = task(published_plan, "1")
    Task.objects.filter(pk=t1.pk).update(progress=45)
    workbook = load_workbook(io.BytesIO(_get(client, users["leader"], published_plan, "xlsx")))
    facts = dict(workbook["Kế hoạch"].iter_rows(max_row=8, values_only=True))
    assert facts["Số hiệu"] == "1/KH-UBND" and facts["Ngày ký"] == "20/12/2024"
    assert facts["Trích yếu"] == published_plan.title
    rows = list(workbook["Nhiệm vụ"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) - 1 == published_plan.tasks.count()
    expected = _expected(published_plan)
    for row in rows[1:]:
        values = dict(zip(HEADERS, row, strict=True))
        assert (
            values["Nội dung"],
            values["Cơ quan chủ trì"],
            values["Cơ quan phối hợp"] or "",
        ) == (expected[values["Số thứ tự"]])
    by_ref = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    assert by_ref["1"]["Tiến độ (%)"] == 45 and by_ref["1"]["Thời hạn"] == "Quý I/2025"
    assert by_ref["3.a"]["Thuộc nhiệm vụ"] == "3"
    assert by_ref["3"]["Tiến độ (%)"] == 0  # the roll-up of 3.a


def test_plan_docx(client, draft_plan, users):
    document = Document(io.BytesIO(_get(client, users["office"], draft_plan, "docx")))
    section = document.sections[0]
    assert {round(Cm(29.7) / 1000), round(Cm(21.0) / 1000)} == {
        round(section.page_width / 1000),
        round(section.page_height / 1000),
    }
    assert document.styles["Normal"].font.name == "Times New Roman"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ỦY BAN NHÂN DÂN TỈNH A" in text and "Số: 1/KH-UBND" in text
    assert "- 100% văn bản được rà soát" in text
    table = document.tables[-1]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[:5] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Lĩnh vực",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
    ]
    body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(body) == draft_plan.tasks.count()
    expected = _expected(draft_plan)
    for row in body:
        assert (row[1], row[3], row[4]) == expected[row[0]]


def test_exports_follow_the_read_permission(client, draft_plan, users):
    for fmt in ("xlsx", "docx"):
        client.force_login(users["focal_stp"])  # drafts belong to the reform office
        assert client.get(f"/plans/{draft_plan.pk}/export.{fmt}").status_code == 403
    assert client.get(f"/plans/{draft_plan.pk}/export.pdf").status_code == 403
    client.force_login(users["office"])
    assert client.get(f"/plans/{draft_plan.pk}/export.pdf").status_code == 404
