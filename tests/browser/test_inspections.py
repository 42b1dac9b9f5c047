"""Inspections in a real browser (issue 13): the reform office creates the year's plan with
quotas from the reform plan's target, draws the units (the quotas shown met), keeps them,
records a visit and a finding; the finding is a task in the agency's list; the conclusion
is on the public portal. Screenshots: test-output/browser/inspections-*.png."""

from __future__ import annotations

import pytest
from tests.browser.test_roles import log_in, log_out
from tests.web import factories

from cchc.plans.models import Target

pytestmark = pytest.mark.django_db(transaction=True)

directory, users = factories.directory, factories.users
draft_plan, published_plan = factories.draft_plan, factories.published_plan

TARGET = "Hằng năm kiểm tra công tác CCHC ít nhất 40% sở, 100% UBND cấp huyện"


def test_the_office_plans_draws_and_follows_up_an_inspection(page, shots, users, published_plan):
    Target.objects.create(plan=published_plan, position=9, text=TARGET)
    log_in(page, shots, "office")
    page.get_by_role("link", name="Kiểm tra công tác CCHC").click()
    page.get_by_label("Tiêu đề").fill("Kế hoạch kiểm tra CCHC năm 2025")
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Kế hoạch CCHC (lấy chỉ tiêu").select_option(index=1)
    page.get_by_role("button", name="Tạo").click()
    page.get_by_role("heading", name="Chọn đơn vị được kiểm tra").wait_for()
    page.get_by_label("Cách chọn").select_option("stratified")
    page.get_by_role("button", name="Chọn mẫu").click()
    rows = page.locator("#quotas tr").all_inner_texts()[1:]
    assert len(rows) == 2 and all("có" in r for r in rows), rows  # both quotas met
    shots(page, "selection")
    page.locator("#keep-selection").click()
    page.locator("#visits a").first.click()
    page.get_by_label("Ngày kiểm tra").fill("2025-10-02")
    page.get_by_label("Kết luận").fill("Thực hiện nghiêm túc; còn một tồn tại.")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_label("Tồn tại, hạn chế").fill("Chưa niêm yết đủ thủ tục hành chính")
    page.get_by_label("Cơ quan chủ trì khắc phục").select_option(label="Sở Tư pháp")
    page.get_by_label("Thời hạn khắc phục").fill("2025-12-15")
    page.get_by_role("button", name="Thêm", exact=True).click()
    page.locator("#findings a").wait_for()
    assert "KT2025.1" in page.locator("#findings").inner_text()
    shots(page, "visit")
    log_out(page, "office")

    log_in(page, shots, "focal_stp")
    page.goto("/my-tasks/")
    assert "Theo dõi khắc phục sau kiểm tra" in page.locator("main").inner_text()
    shots(page, "focal-my-tasks")
    log_out(page, "focal_stp")

    page.goto("/public/inspections/")
    assert "Thực hiện nghiêm túc" in page.locator("main").inner_text()
    shots(page, "public-conclusions")
