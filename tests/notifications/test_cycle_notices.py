"""In-app notices for the cycle's events: a plan issued; a report sent, returned, accepted."""

from __future__ import annotations

from django.urls import reverse
from tests.reporting.helpers import cycle, write_report
from tests.web.factories import PASSWORD

from cchc.notifications.models import Kind, Notification
from cchc.plans import services as plans
from cchc.reporting import services as reporting


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_issuing_a_plan_tells_its_agencies_leaders_and_office_of_that_province(
    published_plan, users
):
    assert _told(Kind.PLAN_PUBLISHED) == {"focal_stp", "focal_stttt", "leader", "office"}
    notice = Notification.objects.filter(kind=Kind.PLAN_PUBLISHED).first()
    assert "1/KH-UBND" in notice.text and "ban hành" in notice.text
    assert notice.url == reverse("plans:detail", args=[published_plan.pk])


def test_saving_an_issued_plan_again_tells_nobody_twice(published_plan, users):
    before = Notification.objects.count()
    published_plan.save()
    assert Notification.objects.count() == before


def test_a_deactivated_user_is_not_told(draft_plan, users):
    users["leader"].is_active = False
    users["leader"].save()
    plans.publish_plan(draft_plan, users["office"])
    assert "leader" not in _told(Kind.PLAN_PUBLISHED)


def test_report_sent_returned_and_accepted_reach_the_office_then_the_agency(
    published_plan, users, directory
):
    q1 = cycle(published_plan)
    report = write_report(q1, directory["stp"], users["focal_stp"])
    reporting.submit_report(report, users["focal_stp"])
    assert _told(Kind.REPORT_SUBMITTED) == {"office"}  # not office_b of the other province
    reporting.return_report(report, users["office"], "Thiếu số liệu quý I")
    assert _told(Kind.REPORT_RETURNED) == {"focal_stp"}
    returned = Notification.objects.get(kind=Kind.REPORT_RETURNED)
    assert "Thiếu số liệu quý I" in returned.text and "trả lại" in returned.text
    reporting.submit_report(report, users["focal_stp"])
    reporting.accept_report(report, users["office"])
    assert _told(Kind.REPORT_ACCEPTED) == {"focal_stp"}
    assert Notification.objects.filter(kind=Kind.REPORT_SUBMITTED).count() == 2


def test_the_bell_counts_the_new_notice_and_the_list_shows_it(client, published_plan, users):
    client.login(username="focal_stp", password=PASSWORD)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "1/KH-UBND" in page and "Kế hoạch được ban hành" in page
    assert 'id="notifications-link"' in page and 'class="badge bad">1<' in page
