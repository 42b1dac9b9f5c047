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
from cchc.scoring import frameworks
from cchc.scoring import services as scoring
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
    "LY-DO-THAM-DINH",  # an appraisal reason of the closed round
    "/plans/?minh-chung-tu-cham",  # a unit's self-assessment evidence link
    "VONG-DANG-CHAM",  # the framework of a round still open
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
    closed, still_open = _rounds(office, users["focal_stp"], directory)
    return {
        "plan": published_plan,
        "draft": draft,
        "sipas": sipas,
        "directory": directory,
        "closed_round": closed,
        "open_round": still_open,
    }


def _rounds(office, focal_stp, directory):
    """A closed round of 2025 (Sở Tư pháp claims two points, one appraised away with a
    reason) and a 2026 round still in self-assessment."""
    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    rounds = []
    for year, name in ((2025, "Bộ chỉ số sở 2025"), (2026, "VONG-DANG-CHAM")):
        framework = scoring.save_framework(
            frameworks.renamed(spec, year=year, name=name, code=f"so-{year}"),
            directory["a"],
            office,
        )
        opens = datetime.date(year, 12, 1)
        rounds.append(
            scoring.open_round(
                framework, year, opens, opens.replace(day=20), opens.replace(day=15), office
            )
        )
    closed, still_open = rounds
    stp = closed.assessments.get(unit=directory["stp"])
    for code in ("1.1.2", "1.1.3"):
        scoring.save_score(
            stp.scores.get(item__code=code),
            focal_stp,
            points=1,
            links="/plans/?minh-chung-tu-cham",
            day=datetime.date(2025, 12, 10),
        )
    score = stp.scores.get(item__code="1.1.2")
    scoring.start_appraisal(closed, office)
    scoring.appraise(score, office, points=0, reason="LY-DO-THAM-DINH")
    scoring.close_round(closed, office)
    return closed, still_open


def _kwargs(name: str, w: dict) -> list[dict]:
    if name == "public:plan":
        return [{"plan_pk": w["plan"].pk}, {"plan_pk": w["draft"].pk}]
    if name == "public:index":
        return [{}]
    if name == "public:dataset":
        return [{"name": n, "fmt": f} for n in opendata.DATASETS for f in ("csv", "json")]
    return [{}]


def _queries(name: str, w: dict) -> list[str]:
    if name == "public:surveys":
        a, b = w["directory"]["a"].pk, w["directory"]["b"].pk
        year = timezone.localdate().year
        return ["", f"?province={a}&year={year}", f"?province={b}", "?province=x&year=99999999999"]
    if name == "public:index":
        return ["", f"?round={w['closed_round'].pk}", f"?round={w['open_round'].pk}", "?round=x"]
    return [""]


def test_every_public_url_answers_anonymously_and_leaks_nothing_internal(world):
    routes = sorted(n for n, _a, _p in named_routes() if n.startswith("public:"))
    assert routes == [
        "public:data",
        "public:dataset",
        "public:home",
        "public:index",
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
    assert seen == 1 + 1 + 1 + 4 + 1 + 1 + 4 + 2 * len(opendata.DATASETS)
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
    assert set(schema["datasets"]) == {
        "plans",
        "tasks",
        "targets",
        "index",
        "surveys",
        "inspections",
    }
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


def test_the_reform_index_is_public_once_closed_with_the_staff_figures(world, users):
    closed = world["closed_round"]
    page = Client().get("/public/index/").content.decode()
    staff = Client()
    staff.force_login(users["office"])
    staff_page = staff.get(f"/scoring/rounds/{closed.pk}/results/").content.decode()
    rows = json.loads(Client().get("/public/data/index.json").content)["rows"]
    assert {r["year"] for r in rows} == {2025}  # the open round is not published
    stp = next(r for r in rows if r["unit"] == "Sở Tư pháp")
    others = [r for r in rows if r["unit"] != "Sở Tư pháp"]
    assert (stp["points"], stp["rank"]) == (1.0, 1)  # the appraised-away point is not counted
    assert others and {r["rank"] for r in others} == {2}  # all at 0 points: tied second
    # the same figures on the public page, the open data and the staff results page
    for row in rows:
        shown = f"{row['index']:.2f}".replace(".", ",")
        assert f'<strong class="figure">{shown}</strong>' in page, row
        assert shown in staff_page
    assert "VONG-DANG-CHAM" not in page
    # the other province's office sees none of it in its own view of the round
    other = Client()
    other.force_login(users["office_b"])
    assert other.get(f"/scoring/rounds/{closed.pk}/results/").status_code == 404
