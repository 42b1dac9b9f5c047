"""The platform's journey in a real browser (headless Chromium) against the real server.

The reform office (Sở Nội vụ of Cần Thơ) uploads the Cần Thơ 2017 seed plan as a
``.docx``, corrects one agency mapping on the review screen, resolves the names
the directory does not know, and publishes; then the focal point of Sở Tư pháp
completes one of its tasks with a note, a progress value and an evidence PDF,
and the plan dashboard shows one more task done, for the plan and for Sở Tư pháp.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from tests.browser.seed_docx import seed_docx
from tests.web.factories import PASSWORD, SHARED

from cchc.accounts.models import Role
from cchc.accounts.predicates import SYSTEM
from cchc.accounts.services import create_user
from cchc.agencies.models import Agency
from cchc.agencies.services import import_directory
from cchc.plans.models import Plan
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
    log_out(page, "daumoi-tuphap")


def mention_row(page, text: str):
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=text, exact=True))
