"""The public portal: every public URL (from the resolver) answers an anonymous visitor,
shows the issued plan's figures as the staff pages count them, and leaks nothing internal:
no draft plan, no note, evidence, halt or override reason, source text, value note, open
survey answer, dossier code, survey link or user."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.web.factories import small_plan_json, task
from tests.web.test_permissions import named_routes

from cchc.indicators import selectors as indicators
from cchc.indicators import services as indicator_services
from cchc.indicators.models import Indicator
from cchc.inspections import services as inspections
from cchc.onestop import services as onestop
from cchc.plans import services as plans
from cchc.plans.models import Plan, Task
from cchc.portal import opendata
from cchc.surveys import services as surveys
from cchc.surveys.models import Invitation, Question, Questionnaire
from cchc.tracking import selectors as tracking
from cchc.tracking import services as tracking_services

pytestmark = pytest.mark.django_db

SECRETS = [
    "NHAP-BI-MAT",  # the draft plan's number, title and task
    "GHI-CHU-TIEN-DO",  # a progress note
    "minh-chung-noi-bo",  # an evidence file
    "LY-DO-GHI-DE",  # a progress override's reason
    "VAN-BAN-GOC",  # the source document's text
    "GHI-CHU-SO-LIEU",  # an indicator value's note
    "Y-KIEN-RIENG",  # an open survey answer
    "thời hạn đọc từ ô gộp",  # a review doubt of the small plan
    "HS-BI-MAT",  # a dossier code
    "focal_stttt",  # a user name
    "BIEN-BAN-NOI-BO",  # an inspection finding's evidence
]


@pytest.fixture
def world(users, directory, published_plan, settings):
    cache.clear()
    settings.CCHC_PUBLIC_MIN_RESPONSES = 2
    office = users["office"]
    secret = small_plan_json()
    secret["document"] |= {"number": "99/NHAP-BI-MAT", "title": "Kế hoạch NHAP-BI-MAT"}
    secret["tasks"][0]["content"] = "Nhiệm vụ NHAP-BI-MAT"
    draft = plans.import_plan_json(secret, directory["a"], office)
    Plan.objects.filter(pk=published_plan.pk).update(document_text="VAN-BAN-GOC của kế hoạch")
    victim = task(published_plan, "2")
    tracking_services.post_update(
        victim,
        users["focal_stttt"],
        expected_version=victim.version,
        action="progress",
        progress=40,
        note="GHI-CHU-TIEN-DO",
        files=[SimpleUploadedFile("minh-chung-noi-bo.pdf", b"%PDF-1.4")],
    )
    Task.objects.filter(pk=task(published_plan, "3").pk).update(
        progress=30, progress_override="LY-DO-GHI-DE"
    )
    indicator = Indicator.objects.get(target__plan=published_plan)
    period = indicator.periods(timezone.localdate())[0]
    indicator_services.enter_value(
        indicator, office, agency=None, period=period, value=Decimal("87.5"), note="GHI-CHU-SO-LIEU"
    )
    onestop.import_file(
        directory["a"],
        (
            "Mã hồ sơ,Thủ tục,Cơ quan,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả\n"
            "HS-BI-MAT-1,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,02/03/2025,12/03/2025,10/03/2025"
        ).encode(),
        "hs.csv",
        user=office,
    )
    sipas = Questionnaire.objects.get(code="sipas-2017")
    scale = list(sipas.questions.filter(kind=Question.Kind.SCALE))
    text = sipas.questions.filter(kind=Question.Kind.TEXT).first()
    today = timezone.localdate()
    for unit, value in ((directory["stp"], 5), (directory["stp"], 4), (directory["stttt"], 2)):
        answers = {q: value for q in scale} | ({text: "Y-KIEN-RIENG"} if text else {})
        surveys.enter_paper(office, sipas, unit, today, answers, {})
    rating = Questionnaire.objects.get(code="ho-so-nd61")
    surveys.dossier_link(office, rating, directory["stp"], "HS-BI-MAT-1")
    inspection = inspections.create_plan(
        office, directory["a"], 2025, "Kiểm tra 2025", {"department": Decimal(100)}, published_plan
    )
    inspections.choose(office, inspection, "random", 1)
    visit = inspection.visits.get(agency=directory["stp"])
    inspections.record_visit(office, visit, datetime.date(2025, 10, 2), "Thực hiện nghiêm túc")
    inspections.add_finding(
        office,
        visit,
        "Chưa niêm yết TTHC",
        directory["stp"],
        datetime.date(2025, 12, 1),
        evidence="BIEN-BAN-NOI-BO",
    )
    return {"plan": published_plan, "draft": draft, "sipas": sipas, "directory": directory}


def _kwargs(name: str, w: dict) -> list[dict]:
    if name == "public:plan":
        return [{"plan_pk": w["plan"].pk}, {"plan_pk": w["draft"].pk}]
    if name == "public:dataset":
        return [{"name": n, "fmt": f} for n in opendata.DATASETS for f in ("csv", "json")]
    return [{}]


def _queries(name: str, w: dict) -> list[str]:
    if name == "public:surveys":
        a, b = w["directory"]["a"].pk, w["directory"]["b"].pk
        year = timezone.localdate().year
        return ["", f"?province={a}&year={year}", f"?province={b}", "?province=x&year=99999999999"]
    return [""]


def test_every_public_url_answers_anonymously_and_leaks_nothing_internal(world):
    routes = sorted(n for n, _a, _p in named_routes() if n.startswith("public:"))
    assert routes == [
        "public:data",
        "public:dataset",
        "public:home",
        "public:inspections",
        "public:plan",
        "public:schema",
    ] + ["public:surveys"]
    tokens = list(Invitation.objects.values_list("token", flat=True))
    assert tokens
    visitor = Client()
    seen = 0
    for name in routes:
        for kwargs in _kwargs(name, world):
            for query in _queries(name, world):
                url = reverse(name, kwargs=kwargs) + query
                response = visitor.get(url)
                if kwargs.get("plan_pk") == world["draft"].pk:
                    assert response.status_code == 404, url  # a draft is not found
                    continue
                assert response.status_code == 200, (url, response.status_code)
                body = response.content.decode("utf-8-sig")
                for secret in SECRETS + tokens:
                    assert secret not in body, (url, secret)
                assert "sessionid" not in response.cookies  # no session for a visitor
                seen += 1
    assert seen == 1 + 1 + 1 + 4 + 1 + 1 + 2 * len(opendata.DATASETS)
    # and a draft taken back from publication disappears from the portal
    plans.unpublish_plan(world["plan"], "sửa", world["plan"].created_by)
    assert visitor.get(f"/public/plans/{world['plan'].pk}/").status_code == 404
    assert "Kế hoạch CCHC năm 2025" not in visitor.get("/public/").content.decode()


def test_the_plan_page_shows_the_figures_the_staff_dashboard_counts(world):
    plan = world["plan"]
    page = Client().get(f"/public/plans/{plan.pk}/").content.decode()
    figures = tracking.plan_dashboard(plan)
    totals = figures["totals"]
    assert f'<strong class="done-total">{totals["done"]}/{totals["total"]}</strong>' in page
    assert "Sở Thông tin và Truyền thông" in page and "Nâng cấp cổng dịch vụ công" in page
    assert "87,5" in page  # the target's latest value, as the indicator pages show it
    data = json.loads(Client().get("/public/data/tasks.json").content)
    rows = [r for r in data["rows"] if r["plan_id"] == plan.pk]
    statuses = dict(tracking.plan_tasks(plan).values_list("ref", "status"))
    assert {r["ref"]: r["status"] for r in rows} == statuses
    assert {r["ref"]: r["progress"] for r in rows}["2"] == 40.0
    assert {r["ref"]: r["lead_agencies"] for r in rows}["2"] == ["Sở Thông tin và Truyền thông"]
    plans_json = json.loads(Client().get("/public/data/plans.json").content)["rows"]
    assert [(r["plan_id"], r["tasks"], r["done"]) for r in plans_json] == [
        (plan.pk, totals["total"], totals["done"])
    ]
    targets = json.loads(Client().get("/public/data/targets.json").content)["rows"]
    summary = indicators.plan_indicators(plan, timezone.localdate())[0]
    assert [(t["value"], t["status"]) for t in targets] == [(87.5, summary["status"])]


def test_open_data_files_follow_their_documented_schema(world):
    schema = json.loads(Client().get("/public/data/schema.json").content)
    page = Client().get("/public/data/").content.decode()
    assert (
        "Tiến độ, % (theo quy tắc tổng hợp của trang nhiệm vụ)" in page
    )  # described in Vietnamese
    assert set(schema["datasets"]) == {"plans", "tasks", "targets", "surveys", "inspections"}
    types = {"string": str, "integer": int, "number": float, "date": str, "array": list}
    for name, spec in schema["datasets"].items():
        columns = [c["name"] for c in spec["columns"]]
        assert all(c["description"] for c in spec["columns"])
        body = json.loads(Client().get(f"/public/data/{name}.json").content)
        assert body["columns"] == columns and body["rows"], name
        for row in body["rows"]:
            assert list(row) == columns
            for column in spec["columns"]:
                value = row[column["name"]]
                assert value is None or isinstance(value, types[column["type"]]), (name, column)
                if column["type"] == "date" and value:
                    datetime.date.fromisoformat(value)
        text = Client().get(f"/public/data/{name}.csv").content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == columns and len(table) == 1 + len(body["rows"])


def test_inspection_conclusions_are_public_and_their_evidence_is_not(world):
    page = Client().get("/public/inspections/").content.decode()
    assert "Thực hiện nghiêm túc" in page and "Sở Tư pháp" in page
    rows = json.loads(Client().get("/public/data/inspections.json").content)["rows"]
    assert [(r["unit"], r["visited_on"], r["findings"]) for r in rows] == [
        ("Sở Tư pháp", "2025-10-02", 1)
    ]


def test_survey_results_are_published_only_for_enough_responses(world, settings):
    year = timezone.localdate().year
    a = world["directory"]["a"].pk
    page = Client().get(f"/public/surveys/?province={a}&year={year}").content.decode()
    assert "Sở Tư pháp" in page  # 2 responses
    assert "Sở Thông tin và Truyền thông" not in page  # 1 response: not shown
    rows = json.loads(Client().get("/public/data/surveys.json").content)["rows"]
    overall = [r for r in rows if r["scope"] == "overall"]
    assert [(r["questionnaire"], r["responses"]) for r in overall] == [("sipas-2017", 3)]
    assert {r["name"] for r in rows if r["scope"] == "unit"} == {"Sở Tư pháp"}
    settings.CCHC_PUBLIC_MIN_RESPONSES = 4
    assert json.loads(Client().get("/public/data/surveys.json").content)["rows"] == []
