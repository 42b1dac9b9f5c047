"""The consolidated report's number, recipients and signer: defaults by the issuer's kind
(tỉnh / thành phố), set by the reform office, printed in the .docx."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from tests.reporting.helpers import cycle

from cchc.agencies.models import Agency
from cchc.reporting.models import ConsolidatedReport

pytestmark = pytest.mark.django_db


def _docx(client, plan, q1) -> Document:
    url = reverse("reporting:consolidated_file", kwargs={"plan_pk": plan.pk, "fmt": "docx"})
    response = client.get(f"{url}?cycle={q1.pk}")
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _page(plan):
    return reverse("reporting:consolidated", kwargs={"plan_pk": plan.pk})


def test_a_city_gets_the_city_recipients(client, users, published_plan, directory):
    Agency.objects.filter(pk=directory["a"].pk).update(name="Ủy ban nhân dân thành phố A")
    q1 = cycle(published_plan)
    client.force_login(users["office"])
    block = _docx(client, published_plan, q1).tables[1].cell(0, 0).text
    assert "- TT Thành ủy, TT HĐND thành phố;" in block
    assert "- CT, các PCT UBND thành phố;" in block
    assert "Tỉnh ủy" not in block and "tỉnh" not in block


def test_a_province_keeps_the_province_recipients(client, users, published_plan):
    q1 = cycle(published_plan)
    client.force_login(users["office"])
    block = _docx(client, published_plan, q1).tables[1].cell(0, 0).text
    assert "- TT Tỉnh ủy, TT HĐND tỉnh;" in block


def test_the_office_sets_number_recipients_and_signer(client, users, published_plan):
    q1 = cycle(published_plan)
    client.force_login(users["office"])
    form = client.get(f"{_page(published_plan)}?cycle={q1.pk}").context["signature_form"]
    assert "Bộ Nội vụ;" in form.initial["recipients"]  # the defaults are shown to edit
    response = client.post(
        f"{_page(published_plan)}?cycle={q1.pk}",
        {
            "number": "125/BC-UBND",
            "recipients": "Bộ Nội vụ;\n\nVăn phòng Chính phủ;\nLưu: VT, NC.",
            "signer_for": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
            "signer_name": "Nguyễn Văn An",
        },
    )
    assert response.status_code == 302
    document = _docx(client, published_plan, q1)
    assert document.tables[0].cell(1, 0).text.strip() == "Số: 125/BC-UBND"
    recipients, signer = document.tables[1].cell(0, 0).text, document.tables[1].cell(0, 1).text
    assert recipients.split("\n")[1:] == [
        "- Bộ Nội vụ;",
        "- Văn phòng Chính phủ;",
        "- Lưu: VT, NC.",
    ]
    lines = [line for line in signer.split("\n") if line.strip()]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    appendix = "\n".join(p.text for p in document.paragraphs)
    assert "Kèm theo Báo cáo số 125/BC-UBND" in appendix
    # the history names who set it
    assert ConsolidatedReport.objects.get(cycle=q1).history.first().history_user == users["office"]


def test_a_leader_cannot_set_the_signer(client, users, published_plan):
    q1 = cycle(published_plan)
    client.force_login(users["leader"])
    page = client.get(f"{_page(published_plan)}?cycle={q1.pk}")
    assert page.status_code == 200 and page.context["signature_form"] is None
    response = client.post(
        f"{_page(published_plan)}?cycle={q1.pk}", {"number": "9/BC-UBND", "signer_name": "X"}
    )
    assert response.status_code == 403
    assert not ConsolidatedReport.objects.exists()
