"""Roles in a real browser (issue 10): the reform office creates a focal point,
who signs in with the one-time password; the leader sees the late agencies and
follows a link; each role's menu shows its own pages; the administrator's
change pages open.

Screenshots go to test-output/browser/roles-*.png.
"""

from __future__ import annotations

import re

import pytest
from tests.web import factories
from tests.web.factories import PASSWORD

from cchc.accounts import selectors
from cchc.accounts.models import Profile, Role
from cchc.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db(transaction=True)


# The shared test data (two provinces, one user per role, the small plan, issued).
directory, users = factories.directory, factories.users
draft_plan, published_plan = factories.draft_plan, factories.published_plan


def log_in(page, shots, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name=f"Đăng xuất ({username})").wait_for()


def log_out(page, username: str) -> None:
    page.get_by_role("button", name=f"Đăng xuất ({username})").click()
    page.get_by_role("button", name="Đăng nhập").wait_for()


def menu(page) -> list[str]:
    return [t.strip() for t in page.locator("#menu > a").all_inner_texts()]


def test_office_creates_a_focal_point_and_the_leader_sees_late_agencies(
    page,
    shots,
    published_plan,
    users,
    directory,
):
    # --- the reform office: its menu, then a new focal point for Sở Tư pháp ----------------
    log_in(page, shots, "office")
    office_menu = menu(page)
    for item in ("Người dùng", "Nhập dữ liệu một cửa", "Thống kê một cửa", "Chỉ tiêu"):
        assert any(item in entry for entry in office_menu), office_menu
    assert not any("Nhiệm vụ của tôi" in entry for entry in office_menu)
    page.get_by_role("link", name="Người dùng", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Người dùng")).wait_for()
    shots(page, "office-users")
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("dau_moi_tu_phap")
    page.get_by_label("Họ và tên").fill("Trần Thị Bình")
    page.get_by_label("Vai trò").select_option(label="Đầu mối CCHC của cơ quan")
    page.get_by_label("Cơ quan").select_option(label=str(directory["stp"]))
    shots(page, "office-new-user-form")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("heading", name="Đã tạo tài khoản").wait_for()
    password = page.locator("#one-time-password code").inner_text().strip()
    assert len(password) >= 10
    shots(page, "office-one-time-password")
    made = Profile.objects.select_related("user", "agency").get(user__username="dau_moi_tu_phap")
    assert made.role == Role.FOCAL_POINT and made.agency == directory["stp"]
    log_out(page, "office")

    # --- the new focal point signs in with it and lands on its tasks ---------------------
    log_in(page, shots, "dau_moi_tu_phap", password)
    page.get_by_role("heading", name="Nhiệm vụ của Sở Tư pháp").wait_for()
    focal_menu = menu(page)
    assert any("Nhiệm vụ của tôi" in entry for entry in focal_menu)
    assert not any("Người dùng" in entry or "một cửa" in entry for entry in focal_menu)
    shots(page, "focal-my-tasks")
    log_out(page, "dau_moi_tu_phap")

    # --- the leader: the late agencies, ranked, with links ----------------------------------
    log_in(page, shots, "leader")
    page.get_by_role("heading", name=re.compile("^Cơ quan chậm tiến độ")).wait_for()
    leader_menu = menu(page)
    assert not any("Nhiệm vụ của tôi" in entry for entry in leader_menu), leader_menu
    assert not any("Nhập" in entry for entry in leader_menu), leader_menu
    rows = page.locator("#late-agencies tr").all_inner_texts()[1:]
    assert any("Sở Tư pháp" in row for row in rows), rows
    shots(page, "leader-late-agencies")
    page.get_by_role("link", name="chậm lâu nhất").click()
    page.wait_for_url(re.compile(r"sort=days"))
    shots(page, "leader-late-agencies-by-days")
    stp_row = page.locator("#late-agencies tr").filter(has_text="Sở Tư pháp")
    stp_row.get_by_role("link").first.click()
    page.get_by_text("Rà soát văn bản quy phạm pháp luật").first.wait_for()
    shots(page, "leader-followed-link")
    # The notice of the issued plan waits in the bell.
    assert Notification.objects.filter(user=users["leader"], kind=Kind.PLAN_PUBLISHED).exists()
    page.locator("#notifications-link").click()
    page.get_by_text("đã được ban hành").first.wait_for()
    shots(page, "leader-notifications")
    log_out(page, "leader")

    # --- the administrator: the admin's change page of the new user's profile opens -------
    log_in(page, shots, "admin")
    page.goto(f"/admin/accounts/profile/{made.pk}/change/")
    page.locator("#profile_form").wait_for()
    shots(page, "admin-profile-change")
    assert selectors.role(made.user) == Role.FOCAL_POINT
