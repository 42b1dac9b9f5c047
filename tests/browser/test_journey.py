"""The platform's journey in a real browser (headless Chromium) against the real server.

The reform office (Sở Nội vụ of Cần Thơ) uploads the Cần Thơ 2017 seed plan as a
``.docx``, corrects one agency mapping on the review screen, resolves the names
the directory does not know, and publishes; then the focal point of Sở Tư pháp
completes one of its tasks with a note, a progress value and an evidence PDF,
and the plan dashboard shows one more task done, for the plan and for Sở Tư pháp.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import openpyxl
import pytest
from reportlab.pdfgen import canvas
from tests.browser.seed_docx import seed_docx
from tests.web.factories import PASSWORD, SHARED

from cchc.accounts.models import Role
from cchc.accounts.predicates import SYSTEM
from cchc.accounts.services import create_user
from cchc.agencies.models import Agency
from cchc.agencies.services import import_directory
from cchc.onestop.models import Dossier
from cchc.plans.models import Plan, Task
from cchc.portal.management.commands.demo import DIRECTORY
from cchc.tracking.models import TaskUpdate

SEED = SHARED / "seeds" / "004_8812cb5c7dd48dac.txt"  # Cần Thơ, Kế hoạch CCHC năm 2017
# The correction made on the review screen: the extractor maps this name to the
# sub-unit it names in brackets; the officer assigns the department itself.
CORRECTED_TEXT = "Sở Nội vụ (Chi cục Văn thư - Lưu trữ)"
CORRECTED_TO = "Sở Nội vụ"
NOT_A_UNIT = re.compile(r"liên quan|thuộc đối tượng", re.IGNORECASE)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cantho():
    """The demo directory (five provinces) and two users of Cần Thơ."""
    report = import_directory(DIRECTORY.read_bytes(), DIRECTORY.name, SYSTEM)
    assert report.ok, report.errors[:3]
    create_user("sonoivu", Role.REFORM_OFFICE, Agency.objects.get(code="ct-snv"), PASSWORD)
    create_user("daumoi-tuphap", Role.FOCAL_POINT, Agency.objects.get(code="ct-stp"), PASSWORD)


def log_in(page, shots, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    shots(page, f"login-{username}")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name=f"Đăng xuất ({username})").wait_for()


def log_out(page, username: str) -> None:
    page.get_by_role("button", name=f"Đăng xuất ({username})").click()
    page.get_by_role("button", name="Đăng nhập").wait_for()


def agency_row(page, name: str):
    """The 'Theo cơ quan chủ trì' table's row of ``name`` on the plan dashboard."""
    card = page.locator(".card").filter(
        has=page.get_by_role("heading", name="Theo cơ quan chủ trì")
    )
    return card.get_by_role("row").filter(has=page.get_by_role("cell", name=name, exact=True))


def done_of(text: str) -> tuple[int, int]:
    done, total = re.search(r"(\d+)/(\d+)", text).groups()
    return int(done), int(total)


def evidence_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 770, "Bien ban kiem tra van ban QPPL nam 2017 - So Tu phap Can Tho")
    pdf.save()
    return path


def test_import_review_publish_update_dashboard(page, shots, cantho, tmp_path):
    document = seed_docx(SEED, tmp_path / "ke-hoach-cchc-2017-can-tho.docx")
    evidence = evidence_pdf(tmp_path / "bien-ban-kiem-tra.pdf")

    # --- the reform office uploads the plan as .docx --------------------------------
    log_in(page, shots, "sonoivu")
    page.get_by_role("heading", name="Kế hoạch CCHC").wait_for()  # the office lands on the plans
    page.get_by_role("link", name="Nhập kế hoạch từ tài liệu").click()
    page.get_by_label("Tài liệu kế hoạch").set_input_files(document)
    page.get_by_label("Năm của kế hoạch").fill("2017")
    shots(page, "import-form")
    page.get_by_role("button", name="Tải lên và trích xuất").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    state = page.locator("#extraction-state")
    assert state.inner_text() == "Đã trích xuất", page.locator(".errorlist").all_inner_texts()
    plan = Plan.objects.get()
    assert plan.number == "142/KH-UBND" and plan.document_name.endswith(".docx")
    task_count = plan.tasks.count()
    assert task_count >= 50
    page.get_by_role("heading", name=f"Nhiệm vụ ({task_count})").wait_for()
    shots(page, "review")

    # --- correct one mapping, then resolve every name still unmapped ------------------
    page.get_by_role("link", name="Gắn tên cơ quan với danh mục").click()
    page.get_by_role("heading", name="Gắn tên cơ quan với danh mục").wait_for()
    shots(page, "mentions-before")
    row = mention_row(page, CORRECTED_TEXT)
    assert "Chi cục Văn thư - Lưu trữ" in row.get_by_role("cell").nth(2).inner_text()
    row.get_by_label("Gắn với").select_option(label=CORRECTED_TO)
    row.get_by_role("button", name="Lưu").click()
    page.get_by_text(f"“{CORRECTED_TEXT}”").wait_for()  # the success message
    assert mention_row(page, CORRECTED_TEXT).get_by_role("cell").nth(2).inner_text() == (
        CORRECTED_TO
    )

    resolved = {}
    for _ in range(40):  # every save reloads the page; unmapped names are listed first
        unmapped = page.get_by_role("row").filter(has=page.locator(".badge.bad"))
        if not unmapped.count():
            break
        row = unmapped.first
        text = row.get_by_role("cell").first.inner_text()
        select = row.get_by_label("Gắn với")
        best = select.locator("optgroup").first.locator("option").first
        score = int(re.search(r"(\d+)%$", best.inner_text()).group(1))
        if NOT_A_UNIT.search(text):  # "… có liên quan" names no unit
            select.select_option(value="ignore")
        elif score >= 80:  # a suggestion the officer agrees with
            select.select_option(value=best.get_attribute("value"))
        else:  # a unit missing from the directory: create it
            select.select_option(value="new")
            page.get_by_label("Loại đơn vị mới").select_option(label="Tổ chức khác")
        resolved[text] = select.locator("option:checked").inner_text()
        row.get_by_role("button", name="Lưu").click()
        page.get_by_text(f"“{text}”").wait_for()
    else:
        pytest.fail("unmapped agency names remain after 40 saves")
    shots(page, "mentions-after")
    print(f"resolved on the review screen: {resolved}")

    page.get_by_role("link", name=re.compile("^←")).click()
    page.get_by_text("đã gắn đủ").wait_for()
    shots(page, "review-ready")

    # --- publish ----------------------------------------------------------------------
    page.get_by_role("link", name="Ban hành kế hoạch…").click()
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/dashboard/$"))
    page.get_by_text("Đã ban hành kế hoạch").wait_for()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.tasks.filter(
        assignments__agency__code="ct-snv", mentions__text=CORRECTED_TEXT
    ).exists()
    before_total = done_of(page.locator("#totals").inner_text())
    before_stp = done_of(agency_row(page, "Sở Tư pháp").inner_text())
    assert before_total == (0, task_count) and before_stp[0] == 0 and before_stp[1] > 0
    shots(page, "dashboard-published")
    log_out(page, "sonoivu")

    # --- the focal point of Sở Tư pháp completes one of its tasks ----------------------
    log_in(page, shots, "daumoi-tuphap")
    page.get_by_role("link", name="Nhiệm vụ của tôi").click()
    page.get_by_role("heading", name="Nhiệm vụ của Sở Tư pháp").wait_for()
    shots(page, "my-tasks")
    lead_row = page.get_by_role("row").filter(
        has=page.get_by_role("cell", name="Chủ trì", exact=True)
    )
    lead_row.first.get_by_role("link").click()
    page.get_by_role("heading", name="Cập nhật").wait_for()
    task_url = page.url
    page.get_by_label("Loại cập nhật").select_option(label="Hoàn thành")
    page.get_by_label("Nội dung / lý do").fill("Đã ban hành kế hoạch và gửi báo cáo kết quả.")
    page.get_by_label("Tiến độ (%)").fill("100")
    page.get_by_label("Tài liệu kiểm chứng").set_input_files(evidence)
    shots(page, "task-update-form")
    page.get_by_role("button", name="Gửi cập nhật").click()
    page.get_by_text("Đã ghi nhận cập nhật.").wait_for()
    assert page.url == task_url
    assert page.locator("#task-progress").inner_text() == "100%"
    assert page.locator("#task-status").inner_text().startswith("Hoàn thành")
    page.get_by_role("link", name=evidence.name).wait_for()
    shots(page, "task-updated")
    update = TaskUpdate.objects.get(action=TaskUpdate.Action.DONE)
    assert update.author.username == "daumoi-tuphap"
    assert update.evidence.get().original_name == evidence.name

    # --- the dashboard changed ------------------------------------------------------------
    page.goto(f"/plans/{plan.pk}/dashboard/")
    after_total = done_of(page.locator("#totals").inner_text())
    after_stp = done_of(agency_row(page, "Sở Tư pháp").inner_text())
    shots(page, "dashboard-after-update")
    assert after_total == (before_total[0] + 1, before_total[1])
    assert after_stp == (before_stp[0] + 1, before_stp[1])

    # --- and completes another through the Excel list, on the day it was really done ----
    page.get_by_role("link", name="Nhiệm vụ của tôi").click()
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    sheet_path = tmp_path / download.value.suggested_filename
    download.value.save_as(sheet_path)
    completed_on = datetime.date(2017, 6, 20)
    done_by_sheet = complete_one_in_sheet(sheet_path, completed_on)
    page.get_by_role("link", name="Cập nhật nhiều nhiệm vụ bằng tệp Excel đã tải về").click()
    page.get_by_label("Tệp .xlsx").set_input_files(sheet_path)
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator("#import-summary").inner_text().startswith("1 nhiệm vụ sẽ được cập nhật")
    shots(page, "my-tasks-xlsx-preview")
    page.locator("#import-confirm").click()
    page.get_by_role("heading", name="Nhiệm vụ của Sở Tư pháp").wait_for()
    task = Task.objects.get(pk=done_by_sheet)
    assert task.completed_on == completed_on
    page.goto(f"/plans/{plan.pk}/dashboard/")
    assert done_of(page.locator("#totals").inner_text()) == (after_total[0] + 1, after_total[1])
    log_out(page, "daumoi-tuphap")

    # --- the office imports one-stop dossiers from its menu ----------------------------------
    log_in(page, shots, "sonoivu")
    page.get_by_role("link", name="Nhập dữ liệu một cửa").click()
    dossiers = tmp_path / "ho-so-mot-cua.csv"
    dossiers.write_text(DOSSIERS, encoding="utf-8")
    page.get_by_label("Tệp").set_input_files(dossiers)
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_url(re.compile(r"/onestop/import/\d+/$"))
    shots(page, "onestop-preview")
    page.get_by_role("button", name="Xác nhận nhập 3 dòng hợp lệ").click()
    assert page.locator("#batch-state").inner_text() == "Đã nhập"
    shots(page, "onestop-imported")
    assert Dossier.objects.filter(agency__code="ct-stp").count() == 3
    log_out(page, "sonoivu")


DOSSIERS = """\
Mã hồ sơ,Cơ quan,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả
HS-001,Sở Tư pháp,Trực tuyến,03/04/2017,10/04/2017,07/04/2017
HS-002,Sở Tư pháp,Trực tiếp,05/04/2017,12/04/2017,14/04/2017
HS-003,Sở Tư pháp,Bưu chính,06/04/2017,13/04/2017,
"""


def complete_one_in_sheet(path: Path, completed_on: datetime.date) -> int:
    """Mark the first open task the agency leads as done on ``completed_on``; its id."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in header}
    for row in sheet.iter_rows(min_row=2):
        if row[column["Tình trạng"]].value != "Hoàn thành" and "Sở Tư pháp" in str(
            row[column["Cơ quan chủ trì"]].value
        ):
            row[column["Cập nhật tình trạng"]].value = "hoàn thành"
            row[column["Ngày hoàn thành"]].value = completed_on
            row[column["Ghi chú / lý do"]].value = "Đã hoàn thành theo kế hoạch."
            book.save(path)
            return int(row[column["Mã nhiệm vụ"]].value)
    pytest.fail("no open task led by Sở Tư pháp in the downloaded list")


def mention_row(page, text: str):
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=text, exact=True))
