"""One plan, one cut-off, the same figures everywhere.

The plan is a Word document made here (python-docx), uploaded through the import
form, reviewed (a name mapped on the mapping page) and published; the focal
points then update it the ways they do: the XLSX bulk update with a completion
date, the API, one task completed late, some left overdue. At the Q1 cut-off the
plan dashboard, the agency report, the consolidated .docx and .xlsx and the API
give the same counts; after the cut-off, work goes on, and the report and the API
at that cut-off still do.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook
from tests.extraction.documents import Heading, make_docx_blocks
from tests.reporting.helpers import cycle

from cchc.plans.models import Mention, Plan
from cchc.reporting.documents import HEADER_ROW
from cchc.tracking import spreadsheets

pytestmark = pytest.mark.django_db
XLSX = spreadsheets.CONTENT_TYPE
STATUSES = ["total", "done_on_time", "done_late", "open_on_time", "open_overdue", "halted"]

HEADER = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian",
    "Sản phẩm",
]
TASKS = [
    ["1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Các cơ quan có liên quan",
     "Tháng 01/2025", "Báo cáo rà soát"],
    ["2", "Xây dựng kế hoạch kiểm tra cải cách hành chính", "Sở Tư pháp", "Sở Nội vụ",
     "Tháng 02/2025", "Kế hoạch"],
    ["3", "Nâng cấp Cổng dịch vụ công của tỉnh", "Sở Thông tin và Truyền thông", "",
     "Tháng 02/2025", "Cổng được nâng cấp"],
    ["4", "Tuyên truyền về cải cách hành chính", "Sở Tư pháp", "Sở Thông tin và Truyền thông",
     "Quý I/2025", "Tin bài"],
    ["5", "Bồi dưỡng công chức làm công tác một cửa", "Sở Nội vụ", "", "Tháng 6/2025",
     "Lớp bồi dưỡng"],
    ["6", "Số hóa hồ sơ thủ tục hành chính", "Sở Thông tin và Truyền thông", "Sở Tư pháp",
     "Tháng 01/2025", "Dữ liệu số"],
]  # fmt: skip


def _plan_docx(folder) -> bytes:
    path = make_docx_blocks(
        folder / "ke-hoach-cchc-2025.docx",
        [
            "ỦY BAN NHÂN DÂN TỈNH A",
            "Số: 7/KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "A, ngày 20 tháng 12 năm 2024",
            Heading("KẾ HOẠCH Cải cách hành chính năm 2025"),
            "I. MỤC TIÊU",
            "Phấn đấu 100% văn bản quy phạm pháp luật được rà soát.",
            "II. NHIỆM VỤ",
            [HEADER, *TASKS],
        ],
    )
    return path.read_bytes()


def _counts(figures: dict) -> list:
    return [figures[key] for key in STATUSES]


def _dashboard(client, plan) -> dict:
    context = client.get(f"/plans/{plan.pk}/dashboard/").context
    return {
        "totals": _counts(context["totals"]),
        "by_agency": {row["label"]: _counts(row) for row in context["by_agency"]},
    }


def _api(client, plan, day) -> dict:
    answer = client.get(f"/api/plans/{plan.pk}/figures/?day={day.isoformat()}").json()
    return {
        "totals": _counts(answer["totals"]),
        "by_agency": {row["label"]: _counts(row) for row in answer["by_agency"]},
    }


def _docx(client, plan, q1) -> dict:
    response = client.get(f"/reporting/plans/{plan.pk}/consolidated.docx?cycle={q1.pk}")
    document = Document(io.BytesIO(response.content))
    total = [c.text for c in document.tables[2].rows[-1].cells]
    assert total[1] == "Tổng cộng"
    by_agency = {
        row.cells[1].text: [int(c.text) for c in row.cells[2:8]]
        for row in document.tables[3].rows[1:]
    }
    return {"totals": [int(x) for x in total[2:8]], "by_agency": by_agency}


def _xlsx(client, plan, q1) -> dict:
    response = client.get(f"/reporting/plans/{plan.pk}/consolidated.xlsx?cycle={q1.pk}")
    workbook = load_workbook(io.BytesIO(response.content))

    def table(name):
        return list(workbook[name].iter_rows(min_row=HEADER_ROW + 1, values_only=True))

    total = table("Theo lĩnh vực")[-1]
    assert total[1] == "Tổng cộng"
    return {
        "totals": list(total[2:8]),
        "by_agency": {row[1]: list(row[2:8]) for row in table("Theo cơ quan")},
    }


def _agency_report(client, plan, agency, q1) -> list:
    """The agency report's figures as lead (its line of Phụ lục II), checked in the page."""
    page = client.get(f"/reporting/plans/{plan.pk}/agencies/{agency.pk}/?cycle={q1.pk}")
    assert page.status_code == 200
    counts = page.context["counts"]
    text = "Chủ trì: đã hoàn thành {done}/{total} nhiệm vụ ({percent}%), {open_overdue} nhiệm vụ"
    assert text.format(**counts) in page.content.decode()
    return _counts(counts)


def _api_update(client, task, **data):
    task.refresh_from_db()
    response = client.post(
        f"/api/tasks/{task.pk}/updates/",
        {"version": task.version, **data},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def test_dashboard_reports_exports_and_api_agree(client, users, directory, clock, tmp_path):
    office, stp, stttt = users["office"], users["focal_stp"], users["focal_stttt"]
    # --- upload, review, publish ----------------------------------------------------------
    client.force_login(office)
    upload = SimpleUploadedFile("ke-hoach-cchc-2025.docx", _plan_docx(tmp_path))
    response = client.post("/plans/import/", {"document": upload, "province": directory["a"].pk})
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.extraction == Plan.Extraction.DONE
    assert [t.ref for t in plan.tasks.order_by("position")] == [row[0] for row in TASKS]
    mapping = client.get(f"/plans/{plan.pk}/mentions/").context["rows"]
    unlinked = [row["text"] for row in mapping if not row["current"]]
    assert unlinked == ["Các cơ quan có liên quan"]
    client.post(
        f"/plans/{plan.pk}/mentions/",
        {"text": unlinked[0], "choice": "ignore", "new_kind": "other"},
    )
    assert not Mention.objects.filter(task__plan=plan, agency=None, group=None, ignored=False)
    client.post(f"/plans/{plan.pk}/publish/", {"confirm": "1"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    q1 = cycle(plan)
    cutoff = q1.data_end
    tasks = {t.ref: t for t in plan.tasks.all()}
    assert datetime.date(2025, 3, 5) < cutoff < tasks["4"].due  # the story below needs it

    # --- the focal points' updates, on the cut-off day ----------------------------------
    clock.set(cutoff)
    # Sở Tư pháp: task 1 done on time through the XLSX bulk update, with its date
    client.force_login(stp)
    exported = client.get("/my-tasks/?export=xlsx").content
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == tasks["1"].pk:
            row[headers.index("Cập nhật tình trạng")].value = "hoàn thành"
            row[headers.index("Ngày hoàn thành")].value = "20/01/2025"
            row[headers.index(spreadsheets.EVIDENCE.header)].value = "https://stp.a.gov.vn/bc-1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    filled = SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue(), XLSX)
    assert client.post("/my-tasks/import/", {"file": filled}).status_code == 200
    client.post("/my-tasks/import/confirm/")
    # task 2 completed late (due 28/02, done 05/03) and task 4 in progress, by the API
    _api_update(client, tasks["2"], action="done", completed_on="2025-03-05")
    _api_update(client, tasks["4"], action="progress", progress="50")
    # Sở TT&TT reports on task 3 but finishes nothing: 3 and 6 stay overdue
    client.force_login(stttt)
    _api_update(client, tasks["3"], action="progress", progress="80")

    expected = {
        "totals": [6, 1, 1, 2, 2, 0],
        "by_agency": {
            "Sở Tư pháp": [3, 1, 1, 1, 0, 0],
            "Sở Thông tin và Truyền thông": [2, 0, 0, 0, 2, 0],
            "Sở Nội vụ": [1, 0, 0, 1, 0, 0],
        },
    }
    client.force_login(office)
    assert _dashboard(client, plan) == expected
    assert _api(client, plan, cutoff) == expected
    assert _docx(client, plan, q1) == expected
    assert _xlsx(client, plan, q1) == expected
    for name, agency in (("Sở Tư pháp", "stp"), ("Sở Thông tin và Truyền thông", "stttt")):
        assert _agency_report(client, plan, directory[agency], q1) == expected["by_agency"][name]

    # --- after the cut-off: task 3 is completed; the cut-off's figures do not move -------
    clock.set(cutoff + datetime.timedelta(days=3))
    client.force_login(stttt)
    _api_update(client, tasks["3"], action="done", completed_on=clock.now.date().isoformat())
    client.force_login(office)
    assert _dashboard(client, plan)["totals"] == [6, 1, 2, 2, 1, 0]  # today: 3 done late
    assert _api(client, plan, cutoff) == expected
    assert _docx(client, plan, q1) == expected
    assert _xlsx(client, plan, q1) == expected
    assert _api(client, plan, clock.now.date())["totals"] == [6, 1, 2, 2, 1, 0]
