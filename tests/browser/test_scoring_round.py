"""A whole reform-index round in a real browser (issue 12).

The reform office imports a framework from an .xlsx file through the import form and
opens a round; Sở Tư pháp and Sở TT&TT self-assess every item with evidence (a file, a
link, or an explanation), item 1.1.4 being computed from the plan's live task data;
both submit; the office starts the appraisal, lowers one item of Sở Tư pháp with a
reason and sends the appraisal back; Sở Tư pháp replies once (giải trình); the office
takes the final decision and closes the round; the ranking page and the .docx decision
are produced. Sở Tư pháp cannot see the results (nor the appraised points) before the
round closes, and sees them after.

Screenshots go to test-output/browser/scoring_round-*.png.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from docx import Document
from tests.browser import test_roles
from tests.browser.test_roles import log_in, log_out

from cchc.plans.models import Task
from cchc.scoring import frameworks
from cchc.scoring.models import Assessment, ItemScore, Round

pytestmark = pytest.mark.django_db(transaction=True)
directory, users = test_roles.directory, test_roles.users
draft_plan, published_plan = test_roles.draft_plan, test_roles.published_plan

YEAR = 2025
LOWERED = "1.1.2"  # "Xác định đầy đủ nhiệm vụ CCHC" (met / not met, 1 point)
LIVE = "1.1.4"  # "Mức độ thực hiện kế hoạch CCHC": share of the unit's plan tasks on time


def _framework_file(tmp_path):
    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    path = tmp_path / "bo-chi-so-so-2025.xlsx"
    path.write_bytes(frameworks.to_xlsx(frameworks.renamed(spec, year=YEAR, code="so-2025")))
    return path


def item_row(page, code: str):
    return page.locator(f'#items tr[id="item-{code}"]')


def _self_assess(page, evidence_pdf, level: str) -> None:
    """Score every item of the assessment on the page, one form per item, as a unit would:
    a file for the levels item, a link for most, an explanation for the rest."""
    codes = [
        row.get_attribute("id").removeprefix("item-")
        for row in page.locator("#items tr[id^=item-]").all()
    ]
    for code in codes:
        row = item_row(page, code)
        form = row.locator("form")
        if form.count() == 0:  # areas and criteria, the survey item: nothing to score
            continue
        points = form.locator("input[name=points]")
        value = form.locator("input[name=value]")
        if not (points.count() or value.count()):  # computed from live data: evidence only
            form.locator("textarea[name=links]").fill("/my-tasks/")
        elif value.count():
            value.fill("80")
            form.locator("textarea[name=links]").fill("/reporting/owed/")
        elif code in ("1.2.3", "4"):  # a deduction and the bonus: none
            points.fill("0")
            form.locator("textarea[name=explanation]").fill("Không phát sinh trong năm")
        elif code == "1.1.1":  # levels: the plan itself, as a file
            points.fill(level)
            form.locator("input[type=file]").set_input_files(str(evidence_pdf))
        else:
            points.fill("1")
            form.locator("textarea[name=links]").fill("/plans/")
        form.get_by_role("button", name="Lưu").click()
        page.get_by_text(f"Đã lưu mục {code}").wait_for()


def test_a_whole_round_in_the_browser(
    page, shots, published_plan, users, directory, tmp_path, live_server
):
    today = datetime.date.today()
    # Sở TT&TT finished its task 2 on time: 1 of its 2 tasks due in 2025 → 50 %.
    Task.objects.filter(plan=published_plan, ref="2").update(
        completed_on=datetime.date(2025, 11, 1), progress=100
    )
    evidence_pdf = tmp_path / "ke-hoach-cchc-2025.pdf"
    evidence_pdf.write_bytes(b"%PDF-1.4\n% ke hoach\n")

    # --- the office imports the framework from .xlsx and opens the round ------------------
    log_in(page, shots, "office")
    page.get_by_role("link", name="Chỉ số CCHC").first.click()
    page.get_by_role("heading", name="Chỉ số CCHC", exact=True).wait_for()
    page.get_by_label("Tệp").set_input_files(str(_framework_file(tmp_path)))
    shots(page, "office-import-form")
    page.get_by_role("button", name="Nhập", exact=True).click()
    page.get_by_text("Đã lưu bộ chỉ số").wait_for()
    form = page.locator("form[action*='/rounds/new/']")
    form.get_by_label("Năm đánh giá").fill(str(YEAR))
    form.get_by_label("Bắt đầu tự đánh giá").fill(
        (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    )
    form.get_by_label("Kết thúc tự đánh giá").fill(
        (today + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    )
    form.get_by_label("Ngày chốt số liệu").fill(f"{YEAR}-12-31")
    shots(page, "office-framework-imported")
    form.get_by_role("button", name="Mở đợt đánh giá").click()
    page.get_by_role("heading", name=re.compile(f"— {YEAR}$")).wait_for()
    shots(page, "office-round-opened")
    the_round = Round.objects.get()
    round_url = page.url
    log_out(page, "office")

    # --- two units self-assess with evidence and submit ----------------------------------
    for username, unit, level in (("focal_stp", "stp", "0.5"), ("focal_stttt", "stttt", "1")):
        log_in(page, shots, username)
        page.goto(round_url)
        rows = page.locator("table tr").all_inner_texts()[1:]
        assert len(rows) == 1 and directory[unit].name in rows[0], rows  # only its own
        page.get_by_role("link", name=directory[unit].name).click()
        _self_assess(page, evidence_pdf, level)
        live = item_row(page, LIVE).inner_text()
        if unit == "stttt":
            assert "1 / 2" in live or "1/2" in live, live
            assert "50" in live, live
        # Evidence links into the system are links, the uploaded file a download.
        assert item_row(page, "1.1.2").get_by_role("link", name="/plans/").count() == 1
        assert item_row(page, "1.1.1").get_by_role("link", name=evidence_pdf.name).count() == 1
        shots(page, f"{unit}-self-assessed")
        page.get_by_role("button", name="Gửi bản tự đánh giá").click()
        page.get_by_text("Đã gửi").first.wait_for()
        if unit == "stp":  # the results are not public yet, not even on the portal
            response = page.goto(f"/scoring/rounds/{the_round.pk}/results/")
            assert response.status == 403
            page.goto("/public/index/")
            assert "Sở Tư pháp" not in page.locator("main").inner_text()
            shots(page, "stp-results-refused-before-closing")
        log_out(page, username)
    stttt_live = ItemScore.objects.get(
        assessment__unit=directory["stttt"], assessment__round=the_round, item__code=LIVE
    )
    assert stttt_live.value == 50 and stttt_live.self_points == 0  # band [0;70) → 0
    stp = Assessment.objects.get(round=the_round, unit=directory["stp"])
    assert stp.status == Assessment.Status.SUBMITTED
    assert stp.scores.get(item__code="1.1.1").files.count() == 1

    # --- the office appraises: one item of Sở Tư pháp lowered with a reason ---------------
    log_in(page, shots, "office")
    page.goto(round_url)
    page.get_by_role("button", name="Kết thúc tự đánh giá, bắt đầu thẩm định").click()
    page.get_by_text("Thẩm định").first.wait_for()
    page.get_by_role("link", name="Sở Tư pháp").click()
    row = item_row(page, LOWERED)
    row.locator("input[name=points]").fill("0")
    row.locator("input[name=reason]").fill("Chưa xác định nhiệm vụ cải cách chế độ công vụ")
    shots(page, "office-lowers-an-item")
    row.get_by_role("button", name="Chấp nhận hoặc điều chỉnh").click()
    page.get_by_role("button", name="Gửi kết quả thẩm định cho đơn vị").click()
    page.get_by_text("chờ đơn vị giải trình", exact=False).first.wait_for()
    shots(page, "office-appraisal-sent")
    page.goto(round_url)
    page.get_by_role("link", name="Sở Thông tin và Truyền thông").click()
    page.get_by_role("button", name="Gửi kết quả thẩm định cho đơn vị").click()
    log_out(page, "office")

    # --- Sở Tư pháp sees which item was lowered and why (not the points), and replies -----
    log_in(page, shots, "focal_stp")
    page.goto(f"/scoring/assessments/{stp.pk}/")
    assert "Chưa xác định nhiệm vụ cải cách chế độ công vụ" in page.content()
    headers = page.locator("#items tr").first.inner_text()
    assert "Chính thức" not in headers, headers  # no appraised or final points yet
    reply = page.get_by_label(re.compile(rf"^{re.escape(LOWERED)}:"))
    reply.fill("Kế hoạch đã có nhiệm vụ cải cách công vụ tại mục II.4 (tệp đính kèm).")
    shots(page, "stp-reply")
    page.get_by_role("button", name="Gửi giải trình").click()
    page.get_by_text("Đã nhận giải trình").first.wait_for()
    assert page.get_by_role("button", name="Gửi giải trình").count() == 0  # once only
    assert page.goto(f"/scoring/rounds/{the_round.pk}/results/").status == 403
    log_out(page, "focal_stp")

    # --- the office decides, closes the round; ranking and the .docx decision ------------
    log_in(page, shots, "office")
    page.goto(f"/scoring/assessments/{stp.pk}/")
    row = item_row(page, LOWERED)
    row.locator("input[name=points]").fill("0")
    row.locator("input[name=reason]").fill("Giữ nguyên: mục II.4 không nêu chế độ công vụ")
    row.get_by_role("button", name="Quyết định cuối cùng").click()
    page.get_by_text("Giữ nguyên: mục II.4").first.wait_for()
    shots(page, "office-final-decision")
    page.goto(round_url)
    page.get_by_role("button", name="Kết thúc đợt và công bố kết quả").click()
    page.get_by_text("Đã kết thúc, công bố kết quả").first.wait_for()
    page.get_by_role("link", name="Kết quả", exact=True).first.click()
    page.get_by_role("heading", name=f"Kết quả Chỉ số CCHC {YEAR}").wait_for()
    ranking = page.locator("table.results tr").all_inner_texts()[1:]
    shots(page, "office-ranking")
    assert "Sở Thông tin và Truyền thông" in ranking[0] and ranking[0].startswith("1"), ranking
    assert "Sở Tư pháp" in ranking[1] and ranking[1].startswith("2"), ranking
    with page.expect_download() as caught:
        page.get_by_role("link", name="Quyết định (.docx)").click()
    decision = Document(io.BytesIO(caught.value.path().read_bytes()))
    text = "\n".join(p.text for p in decision.paragraphs)
    text += "\n".join(c.text for t in decision.tables for r in t.rows for c in r.cells)
    assert "QUYẾT ĐỊNH" in text.upper() and "Sở Tư pháp" in text and "{{" not in text
    log_out(page, "office")

    # --- after closing, Sở Tư pháp sees its result and the ranking -----------------------
    log_in(page, shots, "focal_stp")
    page.goto(f"/scoring/assessments/{stp.pk}/")
    headers = page.locator("#items tr").first.inner_text()
    assert "Chính thức" in headers, headers
    shots(page, "stp-own-result-after-closing")
    assert page.goto(f"/scoring/rounds/{the_round.pk}/results/").status == 200
    page.get_by_role("heading", name=f"Kết quả Chỉ số CCHC {YEAR}").wait_for()
    shots(page, "stp-ranking-after-closing")
    staff_rows = page.locator("table.results tr").all_inner_texts()[1:]
    log_out(page, "focal_stp")

    # --- a citizen, signed out, reads the same ranking on the public portal --------------
    page.goto("/public/index/")
    public_rows = page.locator("table.public-index tr").all_inner_texts()[1:]
    shots(page, "public-index")

    def cells(row: str) -> list[str]:  # each cell's first line: notes and bars aside
        return [cell.strip().split("\n")[0] for cell in row.split("\t")]

    for staff, public in zip(staff_rows, public_rows, strict=True):
        rank, unit, points, maximum, index = cells(staff)[:5]
        expected = [rank, unit, index, f"{points} / {maximum}"]
        assert cells(public)[:4] == expected, (staff, public)
    assert "Giữ nguyên" not in page.content()  # appraisal reasons stay internal


def test_an_appraisal_council_votes_and_the_office_decides(
    page, shots, users, directory, live_server
):
    """The office names two council members; each votes on one item of Sở Tư pháp; the
    office sees both votes and the council's median beside its own decision."""
    from tests.scoring.test_round import DAY, _fill, _round
    from tests.web.factories import PASSWORD

    from cchc.accounts.models import Role
    from cchc.accounts.services import create_user
    from cchc.scoring import services

    the_round = _round(directory, users)
    stp = the_round.assessments.get(unit=directory["stp"])
    _fill(stp, users["focal_stp"])
    services.submit(stp, users["focal_stp"], day=DAY)
    member, _pw = create_user("lanh_dao_stttt", Role.LEADER, directory["stttt"], PASSWORD)

    log_in(page, shots, "office")
    page.goto(f"/scoring/rounds/{the_round.pk}/")
    form = page.locator("#council-form")
    for user in (users["leader"], member):
        form.locator(f"input[value='{user.pk}']").check()
    form.get_by_role("button", name="Lưu hội đồng").click()
    page.get_by_text("Đã lưu hội đồng thẩm định").wait_for()
    page.get_by_role("button", name="Kết thúc tự đánh giá, bắt đầu thẩm định").click()
    page.get_by_text("Thẩm định").first.wait_for()
    shots(page, "council-named")
    log_out(page, "office")

    for username, points, reason in (
        ("leader", "0", "Thiếu nhiệm vụ cải cách công vụ"),
        ("lanh_dao_stttt", "", ""),  # accepts the unit's score
    ):
        log_in(page, shots, username)
        page.goto(f"/scoring/assessments/{stp.pk}/")
        row = item_row(page, LOWERED)
        assert "Thiếu nhiệm vụ" not in page.content()  # nobody else's vote is shown
        row.get_by_label(f"Điểm đề xuất {LOWERED}").fill(points)
        row.get_by_label(f"Lý do {LOWERED}").fill(reason)
        row.get_by_role("button", name="Cho ý kiến").click()
        page.get_by_text(f"Đã lưu ý kiến của bạn về tiêu chí {LOWERED}").wait_for()
        shots(page, f"council-{username}-voted")
        log_out(page, username)

    log_in(page, shots, "office")
    page.goto(f"/scoring/assessments/{stp.pk}/")
    votes = item_row(page, LOWERED).locator(".council-votes").inner_text()
    assert "leader: 0 — Thiếu nhiệm vụ cải cách công vụ" in votes, votes
    assert "lanh_dao_stttt: đồng ý" in votes, votes
    assert "trung vị): 0,5" in votes, votes
    row = item_row(page, LOWERED)
    row.locator("input[name=points]").fill("0")
    row.locator("input[name=reason]").fill("Theo ý kiến thành viên hội đồng")
    row.get_by_role("button", name="Chấp nhận hoặc điều chỉnh").click()
    page.get_by_role("button", name="Gửi kết quả thẩm định cho đơn vị").click()
    page.get_by_text("chờ đơn vị giải trình", exact=False).first.wait_for()
    row = item_row(page, LOWERED)
    row.locator("input[name=points]").fill("0")
    row.locator("input[name=reason]").fill("Giữ nguyên")
    row.get_by_role("button", name="Quyết định cuối cùng").click()
    page.get_by_text("Quyết định cuối cùng khác đề xuất của hội đồng").wait_for()
    shots(page, "council-office-decided")
    assert ItemScore.objects.get(assessment=stp, item__code=LOWERED).followed_council is False
