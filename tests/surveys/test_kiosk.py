"""The counter's kiosk (one answer per submission id and per dossier, whichever channel) and
the receipt's QR code (the dossier's one link, as a printable slip)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from tests.surveys.test_surveys import INLINE, _answers

from cchc.onestop.models import Dossier
from cchc.surveys.models import Invitation, Kiosk, Questionnaire, RatingCriterion, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk(users, directory):
    cache.clear()
    office = Client()
    office.force_login(users["office"])
    rating = Questionnaire.objects.get(code="ho-so-nd61")
    made = office.post(
        "/surveys/kiosks/",
        {"name": "Quầy 1", "questionnaire": rating.pk, "agency": directory["snv"].pk},
    )
    assert made.status_code == 302
    found = Kiosk.objects.get()
    page = office.get("/surveys/kiosks/").content.decode()
    assert f"/surveys/k/{found.token}/" in page
    return found


def _kiosk_answer(code: str, first: int = 2) -> dict:
    questionnaire = Questionnaire.objects.get(code="ho-so-nd61")
    data = _answers(questionnaire, {"HL": 5}, "")
    criteria = list(RatingCriterion.objects.all())
    data |= {f"c_{c.pk}": "2" for c in criteria} | {f"c_{criteria[0].pk}": str(first)}
    return data | {"dossier_code": code}


def test_the_kiosk_stores_an_answer_once_per_submission_and_once_per_dossier(
    users, directory, dossiers, kiosk
):
    tablet = Client(enforce_csrf_checks=False)
    page = tablet.get(f"/surveys/k/{kiosk.token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "surveys/kiosk.js" in html and not INLINE.search(html)
    assert 'data-reset-seconds="8"' in html and "Content-Security-Policy" in page
    send = f"/surveys/k/{kiosk.token}/send/"
    first = str(uuid.uuid4())
    stored = tablet.post(send, _kiosk_answer("STP-001") | {"submission": first})
    assert stored.status_code == 201 and stored.json()["status"] == "stored"
    response = Response.objects.get()
    # the dossier of another department of the province: its unit, the kiosk channel
    assert (response.agency, response.channel, response.kiosk) == (
        directory["stp"],
        "kiosk",
        kiosk,
    )
    assert response.rating_total == 18
    # the same answer sent again (the network dropped before the kiosk heard back)
    again = tablet.post(send, _kiosk_answer("STP-001") | {"submission": first})
    assert again.status_code == 200 and again.json()["status"] == "already_stored"
    # another answer for the same dossier: refused
    second = tablet.post(send, _kiosk_answer("STP-001", 0) | {"submission": str(uuid.uuid4())})
    assert second.status_code == 409 and "đã được trả lời" in second.json()["message"]
    assert Response.objects.count() == 1
    # ... and its one-time link is refused too
    link = Invitation.objects.create(
        token="t-1",
        questionnaire=kiosk.questionnaire,
        agency=directory["stp"],
        dossier=Dossier.objects.get(code="STP-001"),
    )
    assert Client().post(f"/surveys/r/{link.token}/", _kiosk_answer("")).status_code == 409
    # not valid: missing answers, an unknown dossier, another province's dossier, no id
    fresh = {"submission": str(uuid.uuid4())}
    missing = tablet.post(send, {"dossier_code": "STP-002", **fresh})
    assert missing.status_code == 400 and missing.json()["status"] == "invalid"
    assert tablet.post(send, _kiosk_answer("NOPE-1") | fresh).status_code == 409
    assert tablet.post(send, _kiosk_answer("B-001") | fresh).status_code == 409
    assert tablet.post(send, _kiosk_answer("STP-002")).status_code == 400
    assert Response.objects.count() == 1
    # a stopped kiosk: its page and its sends are gone
    office = Client()
    office.force_login(users["office"])
    assert office.post(f"/surveys/kiosks/{kiosk.pk}/close/").status_code == 302
    assert tablet.get(f"/surveys/k/{kiosk.token}/").status_code == 404
    assert tablet.post(send, _kiosk_answer("STP-002") | fresh).status_code == 404
    assert Response.objects.count() == 1


def test_kiosks_only_for_the_own_province(users, directory, kiosk):
    other = Client()
    other.force_login(users["office_b"])
    assert other.post(f"/surveys/kiosks/{kiosk.pk}/close/").status_code == 403
    assert "Quầy 1" not in other.get("/surveys/kiosks/").content.decode()
    leader = Client()
    leader.force_login(users["leader"])
    assert leader.get("/surveys/kiosks/").status_code == 403
    assert Kiosk.objects.get().active


def test_a_kiosk_is_rate_limited_per_kiosk(users, dossiers, kiosk, settings):
    settings.CCHC_SURVEY_POSTS_PER_MINUTE = 2
    send = f"/surveys/k/{kiosk.token}/send/"
    codes = [Client().post(send, {}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    cache.clear()


def test_the_receipt_shows_the_dossiers_one_link_as_a_qr_code(users, directory, dossiers):
    office = Client()
    office.force_login(users["office"])
    rating = Questionnaire.objects.get(code="ho-so-nd61")
    form = {"questionnaire": rating.pk, "agency": directory["stp"].pk, "dossier_code": "STP-007"}
    first = office.post("/surveys/receipt/", form)
    assert first.status_code == 302
    link = Invitation.objects.get()
    assert link.dossier.code == "STP-007" and first.url == f"/surveys/slip/{link.token}/"
    assert office.post("/surveys/receipt/", form).url == first.url  # the same link again
    slip = office.get(first.url)
    html = slip.content.decode()
    assert slip.status_code == 200 and not INLINE.search(html)
    assert re.search(
        r'<img src="data:image/svg\+xml;charset=utf-8,[^"]+" alt="[^"]+" class="qr"', html
    )
    assert f"http://testserver/surveys/r/{link.token}/" in html and "STP-007" in html
    unknown = office.post("/surveys/receipt/", form | {"dossier_code": "X-1"})
    assert unknown.status_code == 200 and Invitation.objects.count() == 1
    other = Client()
    other.force_login(users["office_b"])
    assert other.get(first.url).status_code == 403
    assert other.post("/surveys/receipt/", form).status_code == 200  # not one of its units
    assert Invitation.objects.count() == 1
    assert Client().get(first.url).status_code == 302  # sign-in first
