"""Lost updates: two focal points of one agency save the same report from pages opened together.

The second save, made from a page opened before the first save, is refused with a
Vietnamese message; its text stays in the form (with the new version), and saving
that form again goes through.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.reporting.helpers import cycle

from cchc.accounts.models import Role
from cchc.accounts.services import create_user
from cchc.reporting.models import AgencyReport

pytestmark = pytest.mark.django_db
STALE = "Người khác đã lưu báo cáo này sau khi bạn mở trang"


def _form(page, **fields):
    """The report form as the page drew it (its hidden version included), with ``fields``."""
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(fields)
    return data


@pytest.mark.parametrize("saved_before", [False, True])
def test_the_later_of_two_saves_from_pages_opened_together_is_refused(
    published_plan, users, directory, saved_before
):
    stp = directory["stp"]
    colleague, _password = create_user("focal_stp_2", Role.FOCAL_POINT, stp)
    q1 = cycle(published_plan)
    url = (
        reverse("reporting:report", kwargs={"plan_pk": published_plan.pk, "agency_pk": stp.pk})
        + f"?cycle={q1.pk}"
    )
    first, second = Client(), Client()
    first.force_login(users["focal_stp"])
    second.force_login(colleague)
    if saved_before:  # the report exists already (version 1), else both open an unsaved one
        assert first.post(url, _form(first.get(url), action="save")).status_code == 302
    page_one, page_two = first.get(url), second.get(url)

    saved = first.post(
        url, _form(page_one, action="save", shortcomings="Ý kiến của người thứ nhất")
    )
    assert saved.status_code == 302
    refused = second.post(
        url, _form(page_two, action="save", shortcomings="Ý kiến của người thứ hai")
    )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert STALE in text
    assert "Ý kiến của người thứ hai" in text  # the input is kept in the form
    report = AgencyReport.objects.get(cycle=q1, agency=stp)
    assert report.shortcomings == "Ý kiến của người thứ nhất"

    # A submit from the stale page is refused the same way and sends nothing.
    stale_submit = second.post(url, _form(page_two, action="submit"))
    assert stale_submit.status_code == 200 and STALE in stale_submit.content.decode()
    report.refresh_from_db()
    assert report.status == AgencyReport.Status.DRAFT

    # The refused form carries the new version: saving it again is a deliberate overwrite.
    again = second.post(url, _form(refused, action="save"))
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.shortcomings == "Ý kiến của người thứ hai"
    assert report.version == 2 + saved_before  # one per accepted save


def _formset_data(page) -> dict:
    """The reporting periods' formset as the page drew it, ready to post back."""
    formset = page.context["formset"]
    management = formset.management_form
    data = {management.add_prefix(name): management[name].value() for name in management.fields}
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif hasattr(value, "pk"):
                value = value.pk
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    return data


def test_the_later_of_two_edits_of_the_reporting_periods_is_refused(published_plan, users):
    q1 = cycle(published_plan)
    url = f"/reporting/plans/{published_plan.pk}/"
    first, second = Client(), Client()
    first.force_login(users["office"])
    second.force_login(users["admin"])
    page_one, page_two = first.get(url), second.get(url)
    index = next(
        i for i, form in enumerate(page_one.context["formset"].forms) if form.instance == q1
    )
    mine = _formset_data(page_one)
    mine[f"form-{index}-label"] = "Quý I/2025 (sửa lần 1)"
    assert first.post(url, mine).status_code == 302

    theirs = _formset_data(page_two)
    theirs[f"form-{index}-label"] = "Quý I/2025 (sửa lần 2)"
    refused = second.post(url, theirs)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Người khác đã lưu các kỳ báo cáo sau khi bạn mở trang" in text
    assert "Quý I/2025 (sửa lần 2)" in text
    q1.refresh_from_db()
    assert q1.label == "Quý I/2025 (sửa lần 1)"

    assert second.post(url, _formset_data(refused)).status_code == 302
    q1.refresh_from_db()
    assert q1.label == "Quý I/2025 (sửa lần 2)"
