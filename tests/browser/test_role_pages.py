"""Pages a new or lost user meets in a real browser (issue 10): a signed-in user
without a role is told what to ask for and from whom; a wrong address gives the
Vietnamese 404 page; the reform office's report-schedule page shows its
link-styled button readable on white. Screenshots: test-output/browser/role_pages-*.png.
"""

from __future__ import annotations

import pytest
from tests.browser import test_roles
from tests.browser.test_roles import PASSWORD, log_in, log_out, menu

pytestmark = pytest.mark.django_db(transaction=True)
# The same data as test_roles.
directory = test_roles.directory
users, draft_plan, published_plan = (
    test_roles.users,
    test_roles.draft_plan,
    test_roles.published_plan,
)


def test_pages_a_new_or_lost_user_meets_and_the_report_schedule_button(
    page, shots, published_plan, users
):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("chua_co_vai_tro", password=PASSWORD)
    log_in(page, shots, "chua_co_vai_tro")
    page.get_by_role("heading", name="Tài khoản của bạn chưa được giao vai trò").wait_for()
    assert "Sở Nội vụ" in page.locator("#no-role").inner_text()
    assert menu(page) == ["Đổi mật khẩu", "Thông báo"]  # no role: own password and notices
    shots(page, "no-role")
    page.goto("/khong-co-trang-nay/")
    page.get_by_role("heading", name="Không tìm thấy trang").wait_for()
    shots(page, "not-found")
    log_out(page, "chua_co_vai_tro")

    # The office's reporting page: the link-styled button is readable on the white card.
    log_in(page, shots, "office")
    page.goto(f"/reporting/plans/{published_plan.pk}/")
    button = page.get_by_role("button", name="Đọc lại chế độ báo cáo từ văn bản kế hoạch")
    colour = button.evaluate("b => getComputedStyle(b).color")
    assert colour != "rgb(255, 255, 255)", colour
    button.scroll_into_view_if_needed()
    shots(page, "office-reporting-plan")
