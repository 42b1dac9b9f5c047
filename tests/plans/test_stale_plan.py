"""Lost updates: two officers correct the same draft plan's details from pages opened together."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.web.factories import task

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


def test_a_refused_task_edit_keeps_its_input_with_the_new_version(draft_plan, users):
    t = task(draft_plan, "2")
    url = f"/plans/{draft_plan.pk}/tasks/{t.pk}/edit/"
    first, second = Client(), Client()
    first.force_login(users["office"])
    second.force_login(users["admin"])
    page_one, page_two = first.get(url), second.get(url)

    def post(client, page, content):
        form, formset = page.context["form"], page.context["formset"]
        data = {name: form[name].value() for name in form.fields}
        data = {k: ("" if v is None else v) for k, v in data.items()}
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        for f in formset.forms:
            for name in f.fields:
                value = f[name].value()
                if hasattr(value, "strftime"):
                    value = value.strftime("%d/%m/%Y")
                if value not in (None, False):
                    data[f.add_prefix(name)] = value
        data["content"] = content
        return client.post(url, data)

    assert post(first, page_one, "Nội dung do người thứ nhất sửa").status_code == 302
    refused = post(second, page_two, "Nội dung do người thứ hai sửa")
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "chúng vẫn còn trong biểu mẫu dưới đây" in html and "người thứ hai sửa" in html
    t.refresh_from_db()
    assert t.content == "Nội dung do người thứ nhất sửa"
    assert post(second, refused, "Nội dung do người thứ hai sửa").status_code == 302
    t.refresh_from_db()
    assert t.content == "Nội dung do người thứ hai sửa"
