"""The reform office's review and amendment of a plan in a real browser (headless Chromium).

A Cần Thơ plan written as a .docx in the test (python-docx) is uploaded through the
import form. The office filters the review, links the agency names in bulk (ticking
rows, one "Xác nhận" in the footer that stays on screen on a phone) and through the
directory search, deletes a task after confirming and undoes it, issues after
confirming, adds a task to the issued plan with the decision's number, and takes it
back to review with a reason that the plan's history shows.
"""

from __future__ import annotations

import re

import docx
import pytest
from tests.browser.conftest import OUTPUT
from tests.web.factories import PASSWORD

from cchc.accounts.models import Role
from cchc.accounts.predicates import SYSTEM
from cchc.accounts.services import create_user
from cchc.agencies.models import Agency, AgencyGroup
from cchc.agencies.selectors import in_province
from cchc.agencies.services import import_directory
from cchc.plans.models import Assignment, Plan
from cchc.portal.management.commands.demo import DIRECTORY

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
]
ROWS = [
    [
        "1",
        "Rà soát, đơn giản hoá thủ tục hành chính",
        "Sở Tư pháp",
        "Văn phòng HĐND TP",
        "Quý II/2024",
    ],
    ["1.1", "Công bố danh mục thủ tục hành chính", "Sở Tư pháp", "Thanh tra TP", "Quý III/2024"],
    ["1.2", "Tập huấn cán bộ đầu mối", "Sở Tư pháp", "Ban Tuyên giáo Thành ủy", "Tháng 6/2024"],
    ["2", "Nâng cấp cổng dịch vụ công", "Sở TTTT", "Bưu điện thành phố", "30/11/2024"],
    [
        "3",
        "Tuyên truyền cải cách hành chính",
        "Sở Nội vụ",
        "Đài Phát thanh và Truyền hình TP",
        "Thường xuyên",
    ],
]
# As the extraction writes the names out ("HĐND" → "Hội đồng nhân dân", "TP" → "thành phố").
COUNCIL_OFFICE = "Văn phòng Hội đồng nhân dân thành phố"
INSPECTORATE = "Thanh tra thành phố"


def make_plan(path):
    document = docx.Document()
    for line in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
        "Số: 25/KH-UBND",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2024",
        "I. NHIỆM VỤ CỤ THỂ",
    ]:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    table.style = "Table Grid"
    for r, row in enumerate([HEADER, *ROWS]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


@pytest.fixture
def office():
    report = import_directory(DIRECTORY.read_bytes(), DIRECTORY.name, SYSTEM)
    assert report.ok, report.errors[:3]
    create_user("sonoivu", Role.REFORM_OFFICE, Agency.objects.get(code="ct-snv"), PASSWORD)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name=f"Đăng xuất ({username})").wait_for()


def mapping_row(page, text):
    return page.locator("table.mapping-table tr").filter(
        has=page.get_by_role("cell", name=text, exact=True)
    )


def test_office_reviews_maps_in_bulk_issues_and_amends(page, shots, office, tmp_path):
    document = make_plan(tmp_path / "ke-hoach-cchc-2024.docx")
    log_in(page, "sonoivu")

    # --- upload through the form --------------------------------------------------------
    page.goto("/plans/import/")
    page.get_by_label("Tài liệu kế hoạch").set_input_files(document)
    page.get_by_role("button", name="Tải lên và trích xuất").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.locator("#extraction-state").inner_text() == "Đã trích xuất"
    plan = Plan.objects.get()
    assert plan.tasks.count() == 5
    assert page.locator("#issuer-warning").count() == 0  # Cần Thơ's own document
    shots(page, "review")

    # The filter: only tasks naming an agency not linked yet.
    page.get_by_role("link", name=re.compile("^Chỉ tên cơ quan chưa gắn")).click()
    page.wait_for_url(re.compile(r"\?only=unmapped$"))
    shown = page.locator("tr[id^=task-]").count()
    assert 0 < shown < 5
    shots(page, "review-only-unmapped")

    # The source view: "bảng 1 dòng 4" links to that row of the Word table.
    page.get_by_role("link", name="Tất cả nhiệm vụ").click()
    page.locator(f"#task-{plan.tasks.get(ref='1.2').pk}").get_by_role(
        "link", name="bảng 1 dòng 4"
    ).click()
    page.wait_for_url(re.compile(r"/source/#t1-r4$"))
    target = page.locator("#t1-r4")
    assert "Tập huấn cán bộ đầu mối" in target.inner_text()
    shots(page, "source-view")
    page.get_by_role("link", name=re.compile("Về kế hoạch")).click()

    # --- link the names in bulk ------------------------------------------------------------
    page.get_by_role("link", name="Gắn tên cơ quan với danh mục").click()
    page.get_by_role("heading", name="Gắn tên cơ quan với danh mục").wait_for()
    council = mapping_row(page, COUNCIL_OFFICE)
    # Linked on import to the council's office; the committee's office is never suggested.
    assert "Văn phòng Hội đồng nhân dân" in council.locator("td").nth(2).inner_text()
    suggestions = council.locator("optgroup[label='Gợi ý'] option").all_inner_texts()
    assert suggestions and not any("Ủy ban nhân dân" in s for s in suggestions), suggestions
    # Any unit or group of the province can still be chosen, suggested or not.
    units = in_province(Agency.objects.get(code="ct")).filter(active=True).count()
    assert council.locator("optgroup[label='Tất cả đơn vị'] option").count() == units
    assert council.locator("optgroup[label='Nhóm cơ quan'] option").count() == (
        AgencyGroup.objects.count()
    )
    shots(page, "mapping-before")

    # On a phone the confirm button stays on screen while the long table scrolls.
    page.set_viewport_size({"width": 390, "height": 740})
    mapping_row(page, "Sở Nội vụ").scroll_into_view_if_needed()
    button = page.get_by_role("button", name="Xác nhận các dòng đã chọn")
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= 740, box
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "plan_review-phone-mapping.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # The inspectorate, through the directory search (typed without accents).
    mapping_row(page, INSPECTORATE).get_by_role("link", name="tìm đơn vị khác").click()
    page.get_by_label("Tìm bất kỳ đơn vị hoặc nhóm cơ quan nào").fill("thanh tra")
    page.get_by_role("button", name="Tìm", exact=True).click()
    results = page.locator("#search-results")
    results.get_by_text("Thanh tra thành phố Cần Thơ").wait_for()
    assert results.get_by_label("Tên cần gắn").input_value() == INSPECTORATE
    shots(page, "mapping-search")
    results.locator("li").filter(has_text="Thanh tra thành phố Cần Thơ").get_by_role(
        "button", name="Gắn với mục này"
    ).click()
    page.get_by_text(f"“{INSPECTORATE}”").wait_for()
    assert "Thanh tra thành phố Cần Thơ" in mapping_row(page, INSPECTORATE).inner_text()

    # Every other unlinked name: tick it, choose, and one confirmation for all.
    unmapped = page.locator("table.mapping-table tr").filter(has=page.locator(".badge.bad"))
    names = [unmapped.nth(i).locator("td").first.inner_text() for i in range(unmapped.count())]
    assert len(names) == 3, names
    for name in names:
        row = mapping_row(page, name)
        row.get_by_label("Chọn").check()
        select = row.get_by_label("Gắn với")
        if "Thành ủy" in name:
            select.select_option(value="ignore")
        else:
            select.select_option(value="new")
    page.get_by_label("Loại đơn vị mới").select_option(label="Tổ chức khác")
    shots(page, "mapping-ticked")
    page.get_by_role("button", name="Xác nhận các dòng đã chọn").click()
    page.get_by_text(f"Đã gắn {len(names)} tên").wait_for()
    assert page.locator("table.mapping-table .badge.bad").count() == 0
    shots(page, "mapping-done")

    # --- delete a task after confirming, then undo ---------------------------------------
    page.get_by_role("link", name=re.compile("^←")).click()
    parent = plan.tasks.get(ref="1")
    page.get_by_role("link", name="Xoá nhiệm vụ 1", exact=True).click()
    page.locator("#delete-summary").wait_for()
    assert page.locator("#delete-summary").inner_text() == "Xoá nhiệm vụ và 2 nhiệm vụ con."
    assert plan.tasks.count() == 5  # nothing deleted by asking
    shots(page, "delete-confirm")
    page.get_by_role("button", name="Xoá").click()
    page.locator("#deleted").wait_for()
    assert plan.tasks.count() == 2
    shots(page, "deleted-with-undo")
    page.get_by_role("button", name="Hoàn tác xoá nhiệm vụ 1").click()
    page.locator(f"#task-{parent.pk}").wait_for()
    assert plan.tasks.count() == 5 and page.locator("#deleted").count() == 0

    # --- issue after confirming -------------------------------------------------------------
    page.get_by_role("link", name="Ban hành kế hoạch…").click()
    summary = page.locator("#publish-summary").inner_text()
    agencies = int(re.search(r"giao cho (\d+) cơ quan", summary).group(1))
    assert summary.startswith("Ban hành: 5 nhiệm vụ") and agencies >= 5, summary
    plan.refresh_from_db()
    assert plan.is_draft
    shots(page, "publish-confirm")
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    page.get_by_text("Đã ban hành kế hoạch").wait_for()
    plan.refresh_from_db()
    assert not plan.is_draft
    assert Assignment.objects.filter(plan=plan).values("agency").distinct().count() == agencies

    # --- amend the issued plan: a new task, by decision ------------------------------------
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="bổ sung nhiệm vụ").click()
    page.get_by_label("Số thứ tự").fill("4")
    page.get_by_label("Nội dung").fill("Số hoá hồ sơ, kết quả giải quyết thủ tục hành chính")
    page.get_by_label("Cơ quan chủ trì").select_option(label="Sở Thông tin và Truyền thông")
    page.get_by_label("Sản phẩm").fill("Kho dữ liệu điện tử")
    page.get_by_label("Thời hạn (như văn bản ghi)").fill("Quý IV/2024")
    page.get_by_label(re.compile("^Lý do")).fill("Quyết định 1234/QĐ-UBND")
    shots(page, "amend-add-task")
    page.get_by_role("button", name="Lưu sửa đổi").click()
    page.get_by_text("Đã lưu nhiệm vụ 4").wait_for()
    added = plan.tasks.get(ref="4")
    assert added.assignments.get().agency.code == "ct-stttt"
    assert "Quyết định 1234/QĐ-UBND" in page.locator("#plan-history").inner_text()
    shots(page, "amended")

    # --- take it back to review, with a reason ---------------------------------------------
    page.get_by_role("link", name="thu hồi về bước rà soát").click()
    page.get_by_label(re.compile("^Lý do")).fill("Điều chỉnh cơ quan chủ trì")
    page.get_by_role("button", name="Thu hồi về rà soát").click()
    page.get_by_text("Kế hoạch đã được thu hồi").wait_for()
    plan.refresh_from_db()
    assert plan.is_draft and not Assignment.objects.filter(plan=plan).exists()
    assert "Điều chỉnh cơ quan chủ trì" in page.locator("#plan-history").inner_text()
    shots(page, "back-in-review")
