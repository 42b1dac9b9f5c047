"""The reform index's read-only API: the same visibility as the pages.

Published results to every signed-in user of the province; a unit's own assessment to
that unit and the office only, its appraised points only once the round is closed;
nothing of another province.
"""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from cchc.scoring import frameworks, services

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 12, 10)


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def scored_round(directory, users):
    spec = frameworks.load_sample(frameworks.SAMPLES / "camau-1880-2013-so.json")
    framework = services.save_framework(
        frameworks.renamed(spec, year=2025), directory["a"], users["office"]
    )
    the_round = services.open_round(
        framework,
        2025,
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 20),
        datetime.date(2025, 12, 15),
        users["office"],
    )
    stp = the_round.assessments.get(unit=directory["stp"])
    score = stp.scores.get(item__code="1.1.2")
    services.save_score(score, users["focal_stp"], points=1, links="/plans/", day=DAY)
    services.start_appraisal(the_round, users["office"])
    services.appraise(score, users["office"], points=0, reason="Thiếu dự toán")
    services.send_back(stp, users["office"], day=DAY)
    return the_round, stp


def _scores(data):
    return {s["code"]: s for s in data["scores"]}


def test_frameworks_and_rounds_of_the_own_province_only(scored_round, users):
    the_round, _stp = scored_round
    for name in ("office", "focal_stp", "leader"):
        found = _client(users[name]).get("/api/scoring/frameworks/").json()["results"]
        assert [f["id"] for f in found] == [the_round.framework_id], name
        assert len(found[0]["items"]) == 17
        rounds = _client(users[name]).get("/api/scoring/rounds/").json()["results"]
        assert [r["id"] for r in rounds] == [the_round.pk]
    for name in ("office_b", "focal_b"):
        client = _client(users[name])
        assert client.get("/api/scoring/frameworks/").json()["results"] == []
        assert client.get(f"/api/scoring/rounds/{the_round.pk}/").status_code == 404
    assert _client().get("/api/scoring/rounds/").status_code in (401, 403)


def test_a_unit_sees_its_own_assessment_and_the_appraisal_only_once_closed(
    scored_round, users, directory
):
    the_round, stp = scored_round
    office = _client(users["office"])
    unit = _client(users["focal_stp"])
    other = _client(users["focal_stttt"])
    url = f"/api/scoring/assessments/{stp.pk}/"

    listed = office.get("/api/scoring/assessments/").json()["results"]
    assert {a["unit"] for a in listed} >= {directory["stp"].pk, directory["stttt"].pk}
    assert _scores(office.get(url).json())["1.1.2"]["appraised_points"] == "0.00"
    own = unit.get(url).json()
    assert "appraised_points" not in _scores(own)["1.1.2"]
    assert _scores(own)["1.1.2"]["appraisal_reason"] == "Thiếu dự toán"  # why, not the points
    assert [a["id"] for a in unit.get("/api/scoring/assessments/").json()["results"]] == [stp.pk]
    for client in (other, _client(users["leader"]), _client(users["office_b"])):
        assert client.get(url).status_code == 404

    results = f"/api/scoring/rounds/{the_round.pk}/results/"
    assert office.get(results).status_code == 200
    assert unit.get(results).status_code == 403  # not published yet
    assert _client(users["leader"]).get(results).status_code == 403

    services.close_round(the_round, users["office"])
    closed = unit.get(url).json()
    assert _scores(closed)["1.1.2"]["final_points"] == "0.00"
    assert other.get(url).status_code == 404  # item scores stay the unit's own
    for name in ("focal_stp", "focal_stttt", "leader"):
        found = _client(users[name]).get(results)
        assert found.status_code == 200, name
        rows = [r for g in found.json()["groups"] for r in g["rows"]]
        assert {r["unit_name"] for r in rows} >= {"Sở Tư pháp", "Sở Thông tin và Truyền thông"}
        assert all(r["rank"] >= 1 for r in rows) and "1" in rows[0]["areas"]
    assert _client(users["office_b"]).get(results).status_code == 404
