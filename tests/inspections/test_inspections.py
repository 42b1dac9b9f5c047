"""An inspection plan: quotas from the reform plan's target, the selection shown to meet
them, a visit recorded, and a finding turned into a follow-up task of the reform plan,
tracked like any task (assigned to its lead agency, in its list, counted on the dashboard)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from tests.web.factories import unit

from cchc.agencies.models import Kind
from cchc.inspections import services
from cchc.inspections.models import Finding, InspectionPlan, Visit
from cchc.plans.models import Assignment, Target, Task
from cchc.tracking import selectors as tracking

pytestmark = pytest.mark.django_db

TARGET = "Hằng năm kiểm tra công tác CCHC ít nhất 40% sở, 100% UBND cấp huyện và 30% UBND cấp xã"


@pytest.fixture
def province(directory):
    """Province A with 5 departments (3 from the directory + 2), 1 district, 2 communes."""
    unit("a-sxd", "Sở Xây dựng", Kind.DEPARTMENT, directory["a"])
    unit("a-syt", "Sở Y tế", Kind.DEPARTMENT, directory["a"])
    return directory


def test_quotas_come_from_the_reform_plans_target(users, province, published_plan):
    Target.objects.create(plan=published_plan, position=9, text=TARGET)
    assert services.quotas_from_targets(published_plan) == {
        Kind.DEPARTMENT: (Decimal(40), TARGET),
        Kind.DISTRICT: (Decimal(100), TARGET),
        Kind.COMMUNE: (Decimal(30), TARGET),
    }
    office = Client()
    office.force_login(users["office"])
    made = office.post(
        "/inspections/",
        {
            "title": "Kế hoạch kiểm tra CCHC năm 2025",
            "year": "2025",
            "reform_plan": published_plan.pk,
            f"quota_{Kind.COMMUNE}": "50",  # typed: overrides the target's 30 %
        },
    )
    assert made.status_code == 302
    plan = InspectionPlan.objects.get()
    assert dict(plan.quotas.values_list("kind", "percent")) == {
        "department": Decimal(40),
        "district": Decimal(100),
        "commune": Decimal(50),
    }


def test_the_selection_meets_the_quotas_and_a_finding_becomes_a_tracked_task(
    users, province, published_plan
):
    office = users["office"]
    plan = services.create_plan(
        office,
        province["a"],
        2025,
        "Kiểm tra 2025",
        {Kind.DEPARTMENT: Decimal(40), Kind.DISTRICT: Decimal(100), Kind.COMMUNE: Decimal(30)},
        published_plan,
    )
    client = Client()
    client.force_login(office)
    page = client.get(f"/inspections/{plan.pk}/", {"method": "stratified", "seed": "4"})
    assert page.status_code == 200
    drawn = {r["row"].kind: r["row"] for r in page.context["rows"]}
    # 5 departments × 40 % = 2; the district (valid until 30/06/2025, still in 2025); communes
    assert drawn["department"].required == 2 and drawn["department"].met
    assert drawn["district"].required == drawn["district"].available == 1
    assert page.context["drawn"].met
    kept = client.post(f"/inspections/{plan.pk}/", {"method": "risk", "seed": "4"})
    assert kept.status_code == 302
    chosen = services.draw(plan, "risk", 4).chosen
    assert set(plan.visits.values_list("agency_id", flat=True)) == {u.pk for u in chosen}
    visit = plan.visits.filter(agency__kind=Kind.DEPARTMENT).first()
    recorded = client.post(
        f"/inspections/visits/{visit.pk}/",
        {"action": "record", "visited_on": "2025-10-02", "conclusion": "Thực hiện tốt"},
    )
    assert recorded.status_code == 302
    visit.refresh_from_db()
    assert visit.visited_on == datetime.date(2025, 10, 2)
    tasks_before = tracking.plan_dashboard(published_plan)["totals"]["total"]
    added = client.post(
        f"/inspections/visits/{visit.pk}/",
        {
            "action": "finding",
            "text": "Chưa niêm yết thủ tục hành chính tại bộ phận một cửa",
            "evidence": "Biên bản kiểm tra số 5",
            "lead": province["stp"].pk,
            "due": "2025-12-15",
            "area": "procedures",
        },
    )
    assert added.status_code == 302
    finding = Finding.objects.get()
    task = finding.task
    assert task.plan == published_plan and task.due == datetime.date(2025, 12, 15)
    assert task.content.startswith(f"Theo dõi khắc phục sau kiểm tra {visit.agency.name}")
    assert Assignment.objects.get(task=task).agency == province["stp"]
    # tracked like any task: counted on the dashboard, in the lead agency's list, history
    assert tracking.plan_dashboard(published_plan)["totals"]["total"] == tasks_before + 1
    mine = tracking.my_tasks(users["focal_stp"], province["stp"])
    assert task.pk in set(mine.values_list("pk", flat=True))
    assert task.history.first().history_change_reason == "Kiểm tra Kiểm tra 2025"
    # a new draw keeps the visits already made
    services.choose(office, plan, "random", 99)
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_inspections_are_the_own_provinces(users, province, published_plan):
    plan = services.create_plan(
        users["office"], province["a"], 2025, "Kiểm tra 2025", {Kind.DEPARTMENT: Decimal(100)}
    )
    services.choose(users["office"], plan, "random", 1)
    visit = plan.visits.first()
    for name, status in (("office_b", 403), ("focal_stp", 403), ("leader", 200)):
        client = Client()
        client.force_login(users[name])
        assert client.get(f"/inspections/{plan.pk}/").status_code == status, name
        assert client.post(f"/inspections/{plan.pk}/", {"method": "risk"}).status_code == 403
        assert (
            client.post(
                f"/inspections/visits/{visit.pk}/",
                {"action": "record", "visited_on": "2025-10-02", "conclusion": "x"},
            ).status_code
            == 403
        )
    # a finding needs an issued reform plan to put its task in
    client = Client()
    client.force_login(users["office"])
    page = client.post(
        f"/inspections/visits/{visit.pk}/",
        {"action": "finding", "text": "x", "lead": province["stp"].pk, "due": "2025-12-15"},
    )
    assert page.status_code == 200 and not Task.objects.filter(ref__startswith="KT").exists()
