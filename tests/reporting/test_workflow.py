"""An agency report's life: pre-filled form, draft, submit, return with a reason, submit
again, accept; late marking; the lock of an accepted period; history; who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from tests.reporting.helpers import cycle, evidence, update, write_report
from tests.web.factories import task

from cchc.reporting import selectors, services
from cchc.reporting.models import AgencyReport

pytestmark = pytest.mark.django_db
Status = AgencyReport.Status


def _url(plan, agency, q1):
    return (
        reverse("reporting:report", kwargs={"plan_pk": plan.pk, "agency_pk": agency.pk})
        + f"?cycle={q1.pk}"
    )


def _form(**extra):
    return {
        "result_institutions": "Đã rà soát 12 văn bản.",
        "shortcomings": "Còn chậm.",
        "causes": "Thiếu người.",
        "proposals": "Tăng cường.",
        **extra,
    }


def test_the_whole_workflow_through_the_pages(client, published_plan, users, directory, clock):
    plan, stp = published_plan, directory["stp"]
    update(plan, "1", users["focal_stp"], progress=Decimal(40), files=[evidence()])
    q1 = cycle(plan)
    url = _url(plan, stp, q1)

    # The form is pre-filled from the period's data: the task, its status, progress, evidence.
    client.force_login(users["focal_stp"])
    page = client.get(url)
    assert page.status_code == 200
    rows = page.context["rows"]
    # task 1 it leads; task 3 is led by "Các sở, ban, ngành", a group it belongs to
    assert [(r.ref, r.role, r.progress, [n for _pk, n in r.evidence]) for r in rows] == [
        ("1", "lead", Decimal(40), ["bien-ban.pdf"]),
        ("3", "lead", Decimal(0), []),
    ]
    assert "Thực hiện 1 nhiệm vụ" in page.context["form"].initial["result_institutions"]
    assert "bien-ban.pdf" in page.content.decode()

    target = plan.targets.get()
    assert (
        client.post(url, _form(action="save", **{f"target_{target.pk}": "96,5"})).status_code == 302
    )
    report = AgencyReport.objects.get(cycle=q1, agency=stp)
    assert report.status == Status.DRAFT
    assert report.values.get().value == Decimal("96.5")

    client.post(url, _form(action="submit"))
    report.refresh_from_db()
    assert (report.status, report.late) == (Status.SUBMITTED, False)
    assert report.snapshot[0]["progress"] == "40.00"
    assert report.snapshot[0]["evidence"] == ["bien-ban.pdf"]
    # submitted: no more editing
    assert client.post(url, _form(action="save")).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    # The reform office returns it with a reason...
    client.force_login(users["office"])
    assert (
        client.post(url, {"action": "return", "reason": ""}).status_code == 200
    )  # reason required
    assert (
        client.post(url, {"action": "return", "reason": "Thiếu số liệu chỉ tiêu"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (Status.RETURNED, "Thiếu số liệu chỉ tiêu")

    # ... the agency corrects it after the due day: not late, lateness is the first sending's.
    clock.set(date(2025, 3, 18))
    client.force_login(users["focal_stp"])
    assert "Thiếu số liệu chỉ tiêu" in client.get(url).content.decode()
    client.post(url, _form(action="submit", proposals="Tăng cường kiểm tra."))
    report.refresh_from_db()
    assert (report.status, report.late, report.return_reason) == (Status.SUBMITTED, False, "")

    client.force_login(users["office"])
    client.post(url, {"action": "accept"})
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED
    assert report.reviewed_by == users["office"]

    # History: every step, by whom, the return's reason kept.
    steps = list(
        report.history.order_by("history_date", "history_id").values_list(
            "status", "history_user__username", "history_change_reason"
        )
    )
    changes = [s[0] for i, s in enumerate(steps) if i == 0 or s[0] != steps[i - 1][0]]
    assert changes == ["draft", "submitted", "returned", "submitted", "accepted"]
    assert ("returned", "office", "Thiếu số liệu chỉ tiêu") in steps
    assert ("accepted", "office", None) in steps
    assert "Thiếu số liệu chỉ tiêu" in client.get(url).content.decode()


def test_a_first_submission_after_the_due_day_is_late(
    client, published_plan, users, directory, clock
):
    q1 = cycle(published_plan)
    report = write_report(q1, directory["stttt"], users["focal_stttt"])
    clock.set(date(2025, 3, 16))
    services.submit_report(report, users["focal_stttt"])
    report.refresh_from_db()
    assert report.late
    client.force_login(users["office"])
    page = client.get(
        reverse("reporting:consolidated", kwargs={"plan_pk": published_plan.pk}) + f"?cycle={q1.pk}"
    )
    assert "gửi muộn" in page.content.decode()
    assert [r.agency for r in page.context["data"].late] == [directory["stttt"]]


def test_an_incomplete_report_cannot_be_sent(published_plan, users, directory):
    report = services.save_report(
        selectors.report_for(cycle(published_plan), directory["stp"]),
        users["focal_stp"],
        results={},
        shortcomings="",
        causes="",
        proposals="",
    )
    with pytest.raises(ValidationError, match="chưa đủ nội dung"):
        services.submit_report(report, users["focal_stp"])


def _accepted(plan, agency, focal, office):
    report = write_report(cycle(plan), agency, focal)
    services.submit_report(report, focal)
    return services.accept_report(report, office)


def test_an_accepted_period_refuses_task_updates_dated_in_it(
    published_plan, users, directory, clock
):
    plan = published_plan
    _accepted(plan, directory["stp"], users["focal_stp"], users["office"])

    # today (1/3) is inside Quý I's data range (1/1–14/3): refused, with the reason in Vietnamese
    with pytest.raises(ValidationError) as refused:
        update(plan, "1", users["focal_stp"], progress=Decimal(60))
    assert "đã khóa" in refused.value.messages[0] and "Quý I/2025" in refused.value.messages[0]
    # the reform office cannot write into it either: the lead's report is accepted
    with pytest.raises(ValidationError, match="đã khóa"):
        update(plan, "1", users["office"], progress=Decimal(60))
    assert task(plan, "1").progress == 0

    # after the cut-off, updates go on; a completion back-dated into the period does not
    clock.set(date(2025, 3, 20))
    update(plan, "1", users["focal_stp"], progress=Decimal(60))
    with pytest.raises(ValidationError, match="đã khóa"):
        update(plan, "1", users["focal_stp"], action="done", completed_on=date(2025, 3, 10))
    update(plan, "1", users["focal_stp"], action="done", completed_on=date(2025, 3, 19))
    assert task(plan, "1").completed_on == date(2025, 3, 19)

    # another agency's tasks are not locked by Sở Tư pháp's report
    clock.set(date(2025, 3, 21))
    update(plan, "2", users["focal_stttt"], action="done", completed_on=date(2025, 3, 10))


def test_the_lock_shows_on_the_task_page(client, published_plan, users, directory):
    _accepted(published_plan, directory["stp"], users["focal_stp"], users["office"])
    victim = task(published_plan, "1")
    client.force_login(users["focal_stp"])
    response = client.post(
        reverse("tracking:task", kwargs={"task_pk": victim.pk}),
        {"version": victim.version, "action": "progress", "progress": "70", "note": ""},
    )
    assert response.status_code == 200
    assert "đã khóa" in response.content.decode()


# --- who may do what ---------------------------------------------------------------------


def test_a_focal_point_cannot_see_or_edit_another_agencys_report(
    client, published_plan, users, directory
):
    q1 = cycle(published_plan)
    report = write_report(q1, directory["stp"], users["focal_stp"])
    url = _url(published_plan, directory["stp"], q1)
    for name in ("focal_stttt", "focal_b", "office_b"):
        client.force_login(users[name])
        assert client.get(url).status_code == 403, name
        assert client.post(url, _form(action="save", shortcomings="ĐÃ BỊ SỬA")).status_code == 403
        assert client.post(url, _form(action="submit")).status_code == 403
    report.refresh_from_db()
    assert report.shortcomings == "Một số văn bản chậm."
    assert report.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        services.save_report(
            report, users["focal_stttt"], results={}, shortcomings="x", causes="", proposals=""
        )
    with pytest.raises(PermissionDenied):
        services.submit_report(report, users["focal_stttt"])


def test_only_the_reform_office_reviews_and_the_office_does_not_write(
    client, published_plan, users, directory
):
    q1 = cycle(published_plan)
    report = write_report(q1, directory["stp"], users["focal_stp"])
    services.submit_report(report, users["focal_stp"])
    url = _url(published_plan, directory["stp"], q1)
    for name in ("focal_stp", "leader", "focal_stttt"):
        client.force_login(users[name])
        assert client.post(url, {"action": "accept"}).status_code == 403, name
    client.force_login(users["leader"])
    assert client.get(url).status_code == 200  # leaders read
    with pytest.raises(PermissionDenied):
        services.save_report(
            selectors.report_for(q1, directory["stttt"]),
            users["office"],
            results={},
            shortcomings="",
            causes="",
            proposals="",
        )
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_an_agency_sees_only_its_own_reports_owed(client, published_plan, users, directory):
    cycle(published_plan)
    client.force_login(users["focal_stttt"])
    page = client.get(reverse("reporting:owed"))
    links = page.content.decode()
    assert f"/agencies/{directory['stttt'].pk}/" in links
    assert f"/agencies/{directory['stp'].pk}/" not in links
