"""Surveys: the sample (formula and stratified draw, hand-computed), a citizen's answer through a
one-time link (a second refused), paper entry, the results staff see, the anonymised export."""

from __future__ import annotations

import csv
import datetime
import io
import logging
import os
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from cchc.onestop.models import Dossier
from cchc.surveys import sampling, selectors, services
from cchc.surveys.models import Invitation, Question, Questionnaire, RatingCriterion, Response
from cchc.web.client import RedactSurveyTokens

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("population", "margin", "expected"),
    [
        (100, "0.05", 80),  # 100 / 1.25 = 80 exactly
        (1000, "0.05", 286),  # 1000 / 3.5 = 285.71 → 286
        (50, "0.05", 45),  # 50 / 1.125 = 44.44 → 45
        (10, "0.05", 10),  # 10 / 1.025 = 9.76 → 10
        (400, "0.05", 200),  # 400 / 2 = 200 exactly (no float drift upwards)
        (100, "0.1", 50),  # 100 / 2 = 50
        (1, "0.05", 1),
        (0, "0.05", 0),
    ],
)
def test_the_sample_size_is_n_equals_n_over_one_plus_n_e_squared_rounded_up(
    population, margin, expected
):
    assert sampling.sample_size(population, margin) == expected


def test_a_margin_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        sampling.sample_size(100, "0")


def test_the_draw_is_stratified_by_unit_and_procedure_and_reproducible(directory, dossiers):
    units = [directory["stp"], directory["stttt"], directory["b_stp"]]
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    strata = sampling.draw(units, start, end, "0.05", seed=7)
    stp, tt, b = directory["stp"].pk, directory["stttt"].pk, directory["b_stp"].pk
    sizes = {(s.agency_id, s.procedure_name): (s.population, s.size) for s in strata}
    assert sizes == {
        (stp, "Cấp phiếu lý lịch tư pháp"): (100, 80),  # 100 / 1.25
        (stp, "Chứng thực bản sao"): (10, 10),  # 10 / 1.025 = 9.76 → 10
        (tt, "Cấp phiếu lý lịch tư pháp"): (50, 45),  # 50 / 1.125 = 44.44 → 45
        (b, "Cấp phiếu lý lịch tư pháp"): (30, 28),  # 30 / 1.075 = 27.91 → 28
    }
    for s in strata:
        codes = [d.code for d in s.drawn]
        assert len(codes) == len(set(codes)) == s.size
        assert all(d.agency_id == s.agency_id and d.procedure_id == s.procedure_id for d in s.drawn)
        assert all(d.finished is not None for d in s.drawn)  # open dossiers are not sampled
    again = sampling.draw(units, start, end, "0.05", seed=7)
    assert [[d.pk for d in s.drawn] for s in again] == [[d.pk for d in s.drawn] for s in strata]
    other = sampling.draw(units, start, end, "0.05", seed=8)
    assert [[d.pk for d in s.drawn] for s in other] != [[d.pk for d in s.drawn] for s in strata]
    # one stratum's draw does not depend on the others being drawn
    alone = sampling.draw([directory["stttt"]], start, end, "0.05", seed=7)
    tt = next(s for s in strata if s.agency_id == directory["stttt"].pk)
    assert [d.pk for d in alone[0].drawn] == [d.pk for d in tt.drawn]


def test_the_sample_page_exports_the_drawn_list_of_the_own_province(users, dossiers):
    client = Client()
    client.force_login(users["office"])
    query = {"start": "2025-01-01", "end": "2025-12-31", "margin": "0.05", "seed": "3"}
    page = client.get("/surveys/sample/", query)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Sở Thông tin và Truyền thông" in content and "B-0" not in content
    data = client.get("/surveys/sample/", {**query, "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert len(rows) == 1 + 80 + 10 + 45
    assert not any(r[2].startswith("B-") for r in rows[1:])
    workbook = load_workbook(
        io.BytesIO(client.get("/surveys/sample/", {**query, "format": "xlsx"}).content)
    )
    assert workbook.active.max_row == 1 + 135
    focal = Client()
    focal.force_login(users["focal_stp"])
    assert focal.get("/surveys/sample/", query).status_code == 403


def _answers(questionnaire, values: dict, text: str = "") -> dict:
    data = {"consent": "on"}
    for question in questionnaire.questions.all():
        if question.kind == Question.Kind.TEXT:
            data[f"q_{question.pk}"] = text
        else:
            data[f"q_{question.pk}"] = str(values[question.code])
    return data


def test_a_citizen_answers_through_the_link_and_a_second_answer_is_refused(
    users, directory, dossiers
):
    cache.clear()
    questionnaire = Questionnaire.objects.get(code="ho-so-nd61")
    dossier = Dossier.objects.get(code="STP-001")
    invitation = services.invite(users["office"], questionnaire, directory["stp"], dossier)
    citizen = Client()  # no sign-in
    url = f"/surveys/r/{invitation.token}/"
    form = citizen.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert "Tiếp thu, giải trình" in page and "không hỏi họ tên" in page  # criterion 8, consent
    # A level the sources do not word is offered by its points, never as "unverified".
    assert "2 điểm" in page and "unverified" not in page
    data = _answers(questionnaire, {"HL": 5}, "Cán bộ nhiệt tình")
    criteria = list(RatingCriterion.objects.all())
    assert len(criteria) == 9
    data |= {f"c_{c.pk}": "2" for c in criteria}
    data[f"c_{criteria[0].pk}"] = "1"
    without_consent = {k: v for k, v in data.items() if k != "consent"}
    assert citizen.post(url, without_consent).status_code == 200
    assert Response.objects.count() == 0
    sent = citizen.post(url, data)
    assert sent.status_code == 200 and "Cảm ơn" in sent.content.decode()
    response = Response.objects.get()
    assert (response.dossier, response.rating_total, response.channel) == (dossier, 17, "web")
    assert response.scores.count() == 9
    second = citizen.post(url, data)
    assert second.status_code == 409
    assert "đã được trả lời" in second.content.decode()
    assert Response.objects.count() == 1
    # another link for the same dossier is refused too, and so is a paper form for it
    other = services.invite(users["office"], questionnaire, directory["stp"], dossier)
    assert citizen.post(f"/surveys/r/{other.token}/", data).status_code == 409
    with pytest.raises(ValidationError):
        services.enter_paper(
            users["office"],
            questionnaire,
            directory["stp"],
            datetime.date(2025, 3, 20),
            {},
            {},
            dossier_code="STP-001",
        )
    assert Response.objects.count() == 1


def test_links_and_paper_forms_only_for_units_of_the_own_province(users, directory):
    questionnaire = Questionnaire.objects.get(code="sipas-2017")
    with pytest.raises(PermissionDenied):
        services.invite(users["office_b"], questionnaire, directory["stp"])
    with pytest.raises(PermissionDenied):
        services.enter_paper(
            users["leader"], questionnaire, directory["stp"], datetime.date.today(), {}, {}
        )


def test_the_public_post_is_rate_limited_by_address(users, directory, settings):
    cache.clear()
    questionnaire = Questionnaire.objects.get(code="sipas-2017")
    invitation = services.invite(users["office"], questionnaire, directory["stp"])
    client = Client(REMOTE_ADDR="10.1.2.3")
    codes = [client.post(f"/surveys/r/{invitation.token}/", {}).status_code for _ in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429
    # another address is not held back
    assert (
        Client(REMOTE_ADDR="10.9.9.9").post(f"/surveys/r/{invitation.token}/", {}).status_code
        == 200
    )
    cache.clear()
    settings.CCHC_SURVEY_POSTS_PER_MINUTE = 3  # the limit is a setting
    codes = [client.post(f"/surveys/r/{invitation.token}/", {}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    cache.clear()


def test_behind_a_proxy_each_citizen_has_an_own_limit_and_a_forged_address_counts_nothing(
    users, directory, settings
):
    cache.clear()
    settings.CCHC_SURVEY_POSTS_PER_MINUTE = 3
    invitation = services.invite(
        users["office"], Questionnaire.objects.get(code="sipas-2017"), directory["stp"]
    )
    url = f"/surveys/r/{invitation.token}/"

    def post(forwarded: str) -> int:  # every request reaches us from the proxy, 10.0.0.1
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        return client.post(url, {}).status_code

    # Without trusting the proxy (the default) all citizens share its address.
    assert [post(f"203.0.113.{n}") for n in range(4)] == [200, 200, 200, 429]
    cache.clear()
    settings.CCHC_TRUSTED_PROXIES = 1
    assert [post("203.0.113.7") for _ in range(4)] == [200, 200, 200, 429]
    assert post("203.0.113.8") == 200  # another citizen behind the same proxy
    # A client writing its own X-Forwarded-For only adds entries on the left: the entry
    # the proxy appended still names it, so a new forged address each time gains nothing.
    assert post("198.51.100.1, 203.0.113.7") == 429
    # The count is kept in the database cache, which every server process shares.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cchc_cache")
        assert cursor.fetchone()[0] >= 2
    cache.clear()


def test_a_survey_link_never_reaches_the_log():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Conflict", "/surveys/r/s3cr3t-token/"),
        None,
    )
    assert RedactSurveyTokens().filter(record)
    assert record.getMessage() == "Conflict: /surveys/r/…/"


def test_staff_see_the_indices_per_factor_and_overall_and_the_open_answers(users, directory):
    cache.clear()
    sipas = Questionnaire.objects.get(code="sipas-2017")
    assert [f.name for f in sipas.factors.all()][0] == "Tiếp cận dịch vụ"
    answers = [
        ({"Y1": 5, "Y2": 4, "Y3": 3, "Y4": 2, "Y5": 1, "HL": 4}, "Cần thêm ghế chờ"),
        ({"Y1": 4, "Y2": 4, "Y3": 4, "Y4": 1, "Y5": 1, "HL": 2}, ""),
    ]
    for values, text in answers:
        invitation = services.invite(users["office"], sipas, directory["stp"])
        assert (
            Client()
            .post(f"/surveys/r/{invitation.token}/", _answers(sipas, values, text))
            .status_code
            == 200
        )
    services.enter_paper(
        users["office"],
        sipas,
        directory["stttt"],
        datetime.date.today(),
        {q: 5 for q in sipas.questions.filter(kind="scale")},
        {},
    )
    found = selectors.responses(sipas, datetime.date(2000, 1, 1), datetime.date.today())
    result = selectors.results(sipas, found)
    # Y1: 3/3, Y2: 3/3, Y3: 2/3, Y4: 1/3, Y5: 1/3 satisfied (4 or 5)
    assert [f["share"] for f in result["factors"]] == [100.0, 100.0, 66.67, 33.33, 33.33]
    assert result["overall"] == round((100 + 100 + 66.67 + 33.33 + 33.33) / 5, 2)
    assert [(m["n"], m["share"]) for m in result["months"]] == [(3, 66.67)]  # 12 of 18 answers
    units = {u["agency"]: u["share"] for u in result["units"]}
    assert units == {"Sở Tư pháp": 50.0, "Sở Thông tin và Truyền thông": 100.0}  # 6/12, 6/6
    # what counts as satisfied is the questionnaire's data, not a constant
    sipas.satisfied_values = [3, 4, 5]
    sipas.save()
    again = selectors.results(sipas, found)
    assert [f["share"] for f in again["factors"]][2] == 100.0
    staff = Client()
    staff.force_login(users["leader"])
    page = staff.get("/surveys/results/", {"questionnaire": sipas.pk})
    assert page.status_code == 200
    assert (
        "Cần thêm ghế chờ" in page.content.decode() and "Tiếp cận dịch vụ" in page.content.decode()
    )
    exported = staff.get("/surveys/results/", {"questionnaire": sipas.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 4 and rows[0][:4] == ["TT", "Đơn vị", "Tháng", "Hình thức"]
    tokens = set(Invitation.objects.values_list("token", flat=True))
    assert not any(cell in tokens for row in rows for cell in row)
    anonymous = Client().get("/surveys/results/")
    assert anonymous.status_code == 302
    focal = Client()
    focal.force_login(users["focal_stp"])
    assert focal.get("/surveys/results/").status_code == 403
    other_province = Client()
    other_province.force_login(users["office_b"])
    theirs = other_province.get("/surveys/results/", {"questionnaire": sipas.pk})
    assert "Cần thêm ghế chờ" not in theirs.content.decode()


def test_links_issued_for_the_sample_open_the_form_once_each(users, dossiers):
    cache.clear()
    questionnaire = Questionnaire.objects.get(code="ho-so-nd61")
    office = Client()
    office.force_login(users["office"])
    query = {"start": "2025-01-01", "end": "2025-12-31", "margin": "0.05", "seed": "3"}
    post = {**query, "questionnaire": questionnaire.pk, "format": "csv"}
    first = office.post("/surveys/sample/links/", post)
    rows = list(csv.reader(io.StringIO(first.content.decode("utf-8-sig"))))[1:]
    assert len(rows) == 135 and Invitation.objects.count() == 135
    assert all(r[5].startswith("http://testserver/surveys/r/") for r in rows)
    # issuing again for the same sample keeps the links (no second link per dossier)
    again = office.post("/surveys/sample/links/", post)
    assert again.content == first.content and Invitation.objects.count() == 135
    link = rows[0][5].removeprefix("http://testserver")
    invitation = Invitation.objects.get(token=link.split("/")[-2])
    assert invitation.dossier.code == rows[0][2]
    assert Client().get(link).status_code == 200
    leader = Client()
    leader.force_login(users["leader"])
    assert leader.post("/surveys/sample/links/", post).status_code == 403
    assert Invitation.objects.count() == 135


def test_the_shipped_questionnaires_name_their_source(db):
    shipped = {q.code: q for q in Questionnaire.objects.all()}
    assert set(shipped) == {"sipas-2017", "sipas-2023", "ho-so-nd61"}
    assert all(q.source.count("http") >= 1 for q in shipped.values())
    assert [f.name for f in shipped["sipas-2017"].factors.all()] == [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức trực tiếp giải quyết công việc",
        "Kết quả dịch vụ",
        "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
    ]
    kinds = set(shipped["sipas-2023"].questions.values_list("kind", flat=True))
    assert kinds == {"scale", "choice", "text"}
    criteria = RatingCriterion.objects.all()
    assert [c.max_points for c in criteria] == [2] * 9
    assert [c.verified for c in criteria][:5] == ["yes", "yes", "yes", "partial", "no"]


def test_the_per_dossier_rating_averages_per_criterion(users, directory, dossiers):
    cache.clear()
    questionnaire = Questionnaire.objects.get(code="ho-so-nd61")
    criteria = list(RatingCriterion.objects.all())
    for code, first in (("STP-001", 0), ("STP-002", 1)):
        dossier = Dossier.objects.get(code=code)
        invitation = services.invite(users["office"], questionnaire, directory["stp"], dossier)
        data = _answers(questionnaire, {"HL": 4})
        data |= {f"c_{c.pk}": "2" for c in criteria} | {f"c_{criteria[0].pk}": str(first)}
        assert Client().post(f"/surveys/r/{invitation.token}/", data).status_code == 200
    found = selectors.responses(questionnaire, datetime.date(2000, 1, 1), datetime.date.today())
    result = selectors.results(questionnaire, found)
    assert [(c["n"], c["average"]) for c in result["criteria"]][:2] == [(2, 0.5), (2, 2.0)]
    assert [(r["n"], r["average"]) for r in result["ratings"]] == [(2, 16.5)]  # (16 + 17) / 2


def test_choice_questions_are_stored_by_number_and_an_unknown_link_is_not_found(users, directory):
    cache.clear()
    sipas = Questionnaire.objects.get(code="sipas-2023")
    invitation = services.invite(users["office"], sipas, directory["stp"])
    values = {"A1": 2, "A2": 2, "A3": 1, "B1": 4, "B2": 5}
    data = _answers(sipas, values, "")
    bad = dict(data) | {f"q_{sipas.questions.get(code='A1').pk}": "3"}  # only 2 choices
    assert Client().post(f"/surveys/r/{invitation.token}/", bad).status_code == 200
    assert Response.objects.count() == 0
    assert Client().post(f"/surveys/r/{invitation.token}/", data).status_code == 200
    stored = dict(Response.objects.get().answers.values_list("question__code", "value"))
    assert stored == values  # the empty open answer is not stored
    found = selectors.responses(sipas, datetime.date(2000, 1, 1), datetime.date.today())
    assert selectors.results(sipas, found)["overall"] == 100.0  # B1, B2 satisfied
    assert Client().get("/surveys/r/not-a-token/").status_code == 404


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="row locks between connections: PostgreSQL (the test SQLite is a shared in-memory db)",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_to_one_dossier_store_exactly_one(users, directory, dossiers):
    """Eight respondents send at once, through two links of the same dossier: one is stored."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    questionnaire = Questionnaire.objects.get(code="ho-so-nd61")
    dossier = Dossier.objects.get(code="STP-003")
    tokens = [
        services.invite(users["office"], questionnaire, directory["stp"], dossier).token
        for _ in range(2)
    ]
    question = questionnaire.questions.get(code="HL")

    def send(i: int) -> str:
        try:
            services.answer(tokens[i % 2], {question: 4}, {})
            return "stored"
        except ValidationError:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(send, range(8)))
    assert sorted(outcomes) == ["refused"] * 7 + ["stored"]
    assert Response.objects.filter(dossier=dossier).count() == 1
    assert Invitation.objects.filter(used_at__isnull=False).count() == 1


INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<[^>]+\son[a-z]+\s*=|<[^>]+\sstyle\s*=", re.I)


def test_survey_pages_obey_the_policy_and_survive_hostile_queries(users, directory, dossiers):
    cache.clear()
    sipas = Questionnaire.objects.get(code="sipas-2017")
    invitation = services.invite(users["office"], sipas, directory["stp"])
    public = Client().get(f"/surveys/r/{invitation.token}/")
    pages = [
        "/surveys/results/",
        f"/surveys/results/?questionnaire={sipas.pk}",
        "/surveys/sample/?start=2025-01-01&end=2025-12-31&margin=0.05&seed=1",
        f"/surveys/{sipas.pk}/paper/",
    ]
    staff = Client()
    staff.force_login(users["office"])
    for response in [public, *(staff.get(url) for url in pages)]:
        assert response.status_code == 200
        assert "Content-Security-Policy" in response
        assert not INLINE.search(response.content.decode())
    staff.raise_request_exception = False
    huge = "99999999999999999999999"
    for param in ("questionnaire", "start", "end", "margin", "seed", "format"):
        for value in (huge, "abc"):
            for url in ("/surveys/results/", "/surveys/sample/"):
                query = {"start": "2025-01-01", "end": "2025-12-31", "margin": "0.05"}
                status = staff.get(url, query | {param: value}).status_code
                assert status == 200, (url, param, value, status)
