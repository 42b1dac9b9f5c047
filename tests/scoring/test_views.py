"""The pages over real HTTP: import, a round, per-item saving, appraisal hidden from units
until the round closes, results and files."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.factories import draft_plan, published_plan  # noqa: F401

from cchc.scoring.models import Framework, ItemScore, Round

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_round_over_http(directory, users):
    office = _client(users["office"])
    response = office.post(
        reverse("scoring:framework_import"), {"sample": "camau-1880-2013-so.json"}
    )
    assert response.status_code == 302
    framework = Framework.objects.get()
    assert framework.items.count() == 17
    today = datetime.date.today()
    office.post(
        reverse("scoring:round_create", args=[framework.pk]),
        {
            "year": "2025",
            "opens": (today - datetime.timedelta(days=1)).isoformat(),
            "closes": (today + datetime.timedelta(days=5)).isoformat(),
            "cutoff": today.isoformat(),
        },
    )
    the_round = Round.objects.get()
    stp = the_round.assessments.get(unit=directory["stp"])
    stttt = the_round.assessments.get(unit=directory["stttt"])
    unit = _client(users["focal_stp"])
    other = _client(users["focal_stttt"])
    assert unit.get(reverse("scoring:assessment", args=[stp.pk])).status_code == 200
    assert other.get(reverse("scoring:assessment", args=[stp.pk])).status_code == 403
    assert (
        _client(users["office_b"]).get(reverse("scoring:assessment", args=[stp.pk])).status_code
        == 403
    )

    score = stp.scores.get(item__code="1.1.2")
    url = reverse("scoring:score_save", args=[score.pk])
    other.post(url, {"points": "1", "links": "/plans/"})  # not its unit: nothing saved
    score.refresh_from_db()
    assert score.self_points is None
    page = unit.post(url, {"points": "1"}, follow=True).content.decode()
    score.refresh_from_db()
    assert score.self_points is None and "1.1.2" in page  # no evidence, no explanation
    unit.post(url, {"points": "1", "explanation": "Đã trình bày tại báo cáo năm"})
    score.refresh_from_db()
    assert score.self_points == 1

    results = reverse("scoring:results", args=[the_round.pk])
    assert unit.get(results).status_code == 403
    assert unit.get(reverse("scoring:results_file", args=[the_round.pk, "docx"])).status_code == 403
    office.post(reverse("scoring:round_state", args=[the_round.pk]), {"action": "appraisal"})
    office.post(
        reverse("scoring:score_appraise", args=[score.pk]),
        {"action": "appraise", "points": "0", "reason": "Thiếu dự toán"},
    )
    score.refresh_from_db()
    assert score.appraised_points == 0
    page = unit.get(reverse("scoring:assessment", args=[stp.pk])).content.decode()
    assert "Thiếu dự toán" not in page  # hidden until sent back / closed
    office.post(reverse("scoring:assessment_action", args=[stp.pk]), {"action": "send_back"})
    unit.post(
        reverse("scoring:assessment_action", args=[stp.pk]),
        {"action": "reply", f"reply-{score.pk}": "Có dự toán tại QĐ 5"},
    )
    assert ItemScore.objects.get(pk=score.pk).reply == "Có dự toán tại QĐ 5"
    office.post(reverse("scoring:round_state", args=[the_round.pk]), {"action": "close"})
    assert unit.get(results).status_code == 200
    response = unit.get(reverse("scoring:results_file", args=[the_round.pk, "xlsx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "Sở Tư pháp" in unit.get(results).content.decode()
    assert _client(users["office_b"]).get(results).status_code == 404
    assert stttt.pk  # the other unit was assessed too


def test_framework_xlsx_upload_lists_bad_rows_and_saves_nothing(directory, users):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from cchc.scoring import frameworks

    spec = frameworks.load_sample(frameworks.samples()[0])
    good = frameworks.to_xlsx(spec)
    book = load_workbook(io.BytesIO(good))
    book["Bộ chỉ số"]["E3"] = "năm"  # survey maximum of row 3 is not a number
    buffer = io.BytesIO()
    book.save(buffer)
    office = _client(users["office"])
    page = office.post(
        reverse("scoring:framework_import"),
        {"file": SimpleUploadedFile("khung.xlsx", buffer.getvalue())},
        follow=True,
    ).content.decode()
    assert "Dòng 3" in page and "Điểm điều tra XHH tối đa" in page
    assert not Framework.objects.exists()
    office.post(reverse("scoring:framework_import"), {"file": SimpleUploadedFile("k.xlsx", good)})
    framework = Framework.objects.get()
    exported = office.get(reverse("scoring:framework_export", args=[framework.pk])).content
    assert frameworks.from_xlsx(exported) == spec
    # A focal point cannot import, whatever it sends.
    _client(users["focal_stp"]).post(
        reverse("scoring:framework_import"), {"sample": "camau-1880-2013-so.json"}
    )
    assert Framework.objects.count() == 1


def test_evidence_files_are_served_only_to_the_unit_and_the_office(directory, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.scoring import frameworks, services

    framework = services.save_framework(
        frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json"),
        directory["a"],
        users["office"],
    )
    today = datetime.date.today()
    the_round = services.open_round(framework, 2025, today, today, today, users["office"])
    stp = the_round.assessments.get(unit=directory["stp"])
    score = stp.scores.filter(item__method="binary").first()
    services.save_score(
        score,
        users["focal_stp"],
        points="0",
        files=[SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 bi mat")],
    )
    url = reverse("scoring:evidence", args=[score.files.get().pk])
    for name in ("focal_stp", "office"):
        response = _client(users[name]).get(url)
        assert response.status_code == 200 and b"bi mat" in b"".join(response.streaming_content)
    for name in ("focal_stttt", "office_b", "leader", "focal_b"):
        assert _client(users[name]).get(url).status_code == 403, name


def test_a_live_item_shows_the_same_computation_to_the_unit_and_the_office(
    directory,
    users,
    published_plan,  # noqa: F811
):
    from cchc.scoring import frameworks, services

    framework = services.save_framework(
        frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json"),
        directory["a"],
        users["office"],
    )
    today = datetime.date.today()
    the_round = services.open_round(
        framework, 2025, today, today, datetime.date(2025, 12, 31), users["office"]
    )
    stttt = the_round.assessments.get(unit=directory["stttt"])
    score = stttt.scores.get(item__code="1.1.4")
    unit = _client(users["focal_stttt"])
    unit.post(reverse("scoring:score_save", args=[score.pk]), {"value": "100"})
    score.refresh_from_db()
    # The rate sent (100) is ignored: 0 of Sở TT&TT's 2 tasks due in 2025 are done.
    assert score.value == 0 and score.self_points == 0 and score.computation
    page = reverse("scoring:assessment", args=[stttt.pk])
    sentence = score.computation
    assert "0/2" in sentence  # stored in the interface language (Vietnamese)
    for client in (unit, _client(users["office"])):
        assert sentence in client.get(page).content.decode()
