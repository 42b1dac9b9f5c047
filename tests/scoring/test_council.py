"""The appraisal council: the office names members, each member votes per item (history
kept), the office sees the votes and a suggestion (median) and decides."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from tests.scoring.test_round import DAY, _fill, _round, _score
from tests.web.factories import PASSWORD

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.scoring import services
from cchc.scoring.models import CouncilVote, ItemScore

pytestmark = pytest.mark.django_db
D = Decimal


def _appraising(directory, users):
    the_round = _round(directory, users)
    stp = the_round.assessments.get(unit=directory["stp"])
    _fill(stp, users["focal_stp"])
    services.submit(stp, users["focal_stp"], day=DAY)
    second, _pw = create_user("office2", Role.REFORM_OFFICE, directory["snv"], PASSWORD)
    leader_stttt, _pw = create_user("leader_stttt", Role.LEADER, directory["stttt"], PASSWORD)
    return the_round, stp, second, leader_stttt


def test_votes_are_kept_per_member_and_the_office_sees_them(directory, users):
    the_round, stp, second, leader_stttt = _appraising(directory, users)
    services.set_council(the_round, users["office"], [second, leader_stttt])
    services.start_appraisal(the_round, users["office"])
    item = _score(stp, "1.1.2")
    services.vote(item, second, points=0, reason="Thiếu kế hoạch")
    services.vote(item, leader_stttt)  # accepts
    services.vote(item, leader_stttt, points=D("0.5"), reason="Nộp muộn")  # changes own vote
    votes = services.council_votes(item, users["office"])
    assert [(v.member.username, v.points, v.reason) for v in votes] == [
        ("leader_stttt", D("0.5"), "Nộp muộn"),
        ("office2", D("0"), "Thiếu kế hoạch"),
    ]
    assert CouncilVote.objects.get(member=leader_stttt).history.count() == 3
    assert services.council_suggestion(item) == D("0.25")
    with pytest.raises(PermissionDenied):  # units never see the votes
        services.council_votes(item, users["focal_stp"])
    with pytest.raises(PermissionDenied):  # a member (here an officer) only their own
        services.council_votes(item, second)
    services.appraise(item, users["office"], points=0, reason="Theo hội đồng")
    services.send_back(stp, users["office"], day=DAY)
    decided = services.decide(item, users["office"], points=0, reason="Bác giải trình")
    assert decided.followed_council is False
    decided = services.decide(item, users["office"], points=D("0.25"), reason="Theo hội đồng")
    assert ItemScore.objects.get(pk=item.pk).followed_council is True


def test_only_council_members_outside_the_unit_may_vote(directory, users):
    the_round, stp, second, leader_stttt = _appraising(directory, users)
    leader_stp, _pw = create_user("leader_stp", Role.LEADER, directory["stp"], PASSWORD)
    with pytest.raises(PermissionDenied):  # only the office names the council
        services.set_council(the_round, users["focal_stp"], [second])
    with pytest.raises(ValidationError):  # a focal point is no council member
        services.set_council(the_round, users["office"], [users["focal_stttt"]])
    with pytest.raises(ValidationError):  # nor an officer of another province
        services.set_council(the_round, users["office"], [users["office_b"]])
    services.set_council(the_round, users["office"], [second, leader_stp])
    services.start_appraisal(the_round, users["office"])
    item = _score(stp, "1.1.2")
    for outsider in (users["focal_stp"], users["focal_stttt"], users["office"], leader_stttt):
        with pytest.raises(PermissionDenied):
            services.vote(item, outsider, points=0, reason="x")
    with pytest.raises(PermissionDenied):  # a leader does not judge their own unit
        services.vote(item, leader_stp, points=0, reason="x")
    with pytest.raises(ValidationError):  # an adjustment needs a reason
        services.vote(item, second, points=0)
    services.vote(item, second, points=0, reason="Thiếu")
    assert CouncilVote.objects.count() == 1
    services.close_round(the_round, users["office"])
    with pytest.raises(ValidationError):
        services.vote(item, second)
    with pytest.raises(ValidationError):
        services.set_council(the_round, users["office"], [second])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_council_over_http_and_units_never_see_the_votes(directory, users):
    the_round, stp, second, leader_stttt = _appraising(directory, users)
    office = _client(users["office"])
    page = office.get(reverse("scoring:round", args=[the_round.pk])).content.decode()
    assert "leader_stttt" in page and "focal_stp" not in page  # only eligible candidates
    office.post(
        reverse("scoring:round_council", args=[the_round.pk]),
        {"members": [str(second.pk), str(leader_stttt.pk)]},
    )
    assert set(the_round.council.values_list("user__username", flat=True)) == {
        "office2",
        "leader_stttt",
    }
    services.start_appraisal(the_round, users["office"])
    item = _score(stp, "1.1.2")
    voter = _client(leader_stttt)
    page = voter.get(reverse("scoring:assessment", args=[stp.pk])).content.decode()
    assert reverse("scoring:score_vote", args=[item.pk]) in page
    voter.post(reverse("scoring:score_vote", args=[item.pk]), {"points": "0", "reason": "Muộn"})
    _client(second).post(reverse("scoring:score_vote", args=[item.pk]), {"reason": ""})
    page = office.get(reverse("scoring:assessment", args=[stp.pk])).content.decode()
    assert "Muộn" in page and "office2" in page and "leader_stttt" in page
    # The second member sees only their own vote, the unit none at all.
    page = _client(second).get(reverse("scoring:assessment", args=[stp.pk])).content.decode()
    assert "Muộn" not in page
    page = _client(users["focal_stp"]).get(reverse("scoring:assessment", args=[stp.pk]))
    assert "Muộn" not in page.content.decode() and "leader_stttt" not in page.content.decode()
