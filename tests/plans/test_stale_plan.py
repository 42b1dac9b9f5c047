"""Lost updates: two officers correct the same draft plan's details from pages opened together."""

from __future__ import annotations

import pytest
from django.test import Client

from cchc.plans.models import Plan

pytestmark = pytest.mark.django_db
STALE = "Người khác đã lưu thông tin kế hoạch này sau khi bạn mở trang"


def _form(page, **fields):
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    for name in ("signed", "period_start", "period_end"):
        if data[name] and not isinstance(data[name], str):
            data[name] = data[name].strftime("%d/%m/%Y")
    data.update(fields)
    return data


def test_the_later_of_two_plan_edits_is_refused_and_keeps_its_input(draft_plan, users):
    url = f"/plans/{draft_plan.pk}/edit/"
    first, second = Client(), Client()
    first.force_login(users["office"])
    second.force_login(users["admin"])
    page_one, page_two = first.get(url), second.get(url)
    assert first.post(url, _form(page_one, number="2/KH-UBND")).status_code == 302

    refused = second.post(url, _form(page_two, title="Tiêu đề do người thứ hai sửa"))
    assert refused.status_code == 200
    text = refused.content.decode()
    assert STALE in text and "Tiêu đề do người thứ hai sửa" in text
    plan = Plan.objects.get(pk=draft_plan.pk)
    assert (plan.number, plan.title) == ("2/KH-UBND", draft_plan.title)

    again = second.post(url, _form(refused))
    assert again.status_code == 302
    plan.refresh_from_db()
    # the second officer's whole form is saved, knowingly, over the first one's
    assert (plan.title, plan.number) == ("Tiêu đề do người thứ hai sửa", "1/KH-UBND")
