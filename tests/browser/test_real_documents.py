"""Real 2025 documents as websites publish them, uploaded through the form in a real
browser: a decision publishing administrative procedures is said not to be a plan; a
plan that assigns work in labelled items gives a draft whose tasks carry their lead
agencies and deadlines (issue 11)."""

from __future__ import annotations

import re

import pytest
from tests.web.factories import PASSWORD, SHARED

from cchc.accounts.models import Role
from cchc.accounts.predicates import SYSTEM
from cchc.accounts.services import create_user
from cchc.agencies.models import Agency
from cchc.agencies.services import import_directory
from cchc.plans.models import Plan
from cchc.portal.management.commands.demo import DIRECTORY

DEV = SHARED / "dev" / "docs"
NOT_A_PLAN = DEV / "bo-khcn-qd4001-2025.md"  # a decision publishing procedures
ITEMS_PLAN = DEV / "ha-noi-kh308-2025.md"  # "a) Nhiệm vụ … b) Cơ quan thực hiện … c) Thời gian"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev is not beside the project"),
]


@pytest.fixture
def office():
    report = import_directory(DIRECTORY.read_bytes(), DIRECTORY.name, SYSTEM)
    assert report.ok, report.errors[:3]
    create_user("snv-hanoi", Role.REFORM_OFFICE, Agency.objects.get(code="hn-snv"), PASSWORD)


def upload(page, path):
    page.goto("/plans/import/")
    page.get_by_label("Tài liệu kế hoạch").set_input_files(path)
    page.get_by_role("button", name="Tải lên và trích xuất").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.locator("#extraction-state").inner_text() == "Đã trích xuất"
    return Plan.objects.latest("pk")


def test_a_decision_is_not_a_plan_and_a_website_plan_gives_tasks(page, shots, office):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("snv-hanoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất (snv-hanoi)").wait_for()

    decision = upload(page, NOT_A_PLAN)
    page.get_by_text("Tài liệu này không giống một kế hoạch").wait_for()
    shots(page, "not-a-plan")
    assert not decision.tasks.exists()

    plan = upload(page, ITEMS_PLAN)
    shots(page, "website-plan-review")
    rows = page.locator("tr[id^=task-]")
    assert rows.count() == plan.tasks.count() > 0
    assert "không giống một kế hoạch" not in page.content()
    leaves = plan.tasks.filter(children__isnull=True)
    assert leaves.count() >= 7
    for task in leaves:  # a task with sub-tasks is their heading ("Về dữ liệu")
        cells = page.locator(f"#task-{task.pk} td")
        assert cells.nth(2).inner_text().strip() not in ("", "—"), task.ref
        assert cells.nth(3).inner_text().strip() not in ("", "—"), task.ref
    first = page.locator(f"#task-{plan.tasks.get(ref='II.1.1').pk}")
    assert "Sở Khoa học và Công nghệ" in first.locator("td").nth(2).inner_text()
    assert "31/12/2025" in first.locator("td").nth(3).inner_text()
    assert plan.number == "308/KH-UBND"
