"""The consolidated report as files: the .docx opened with python-docx (header block,
title, layout, appendix tables equal to the database) and the .xlsx with openpyxl."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from tests.reporting.helpers import cycle, update, write_report

from cchc.plans.models import Area, Assignment
from cchc.reporting import selectors, services
from cchc.reporting.documents import HEADER_ROW
from cchc.tracking.selectors import with_status

pytestmark = pytest.mark.django_db
STATUSES = ["done_on_time", "done_late", "open_on_time", "open_overdue", "halted"]


@pytest.fixture
def period(published_plan, users, directory, clock):
    """Quý I/2025: a task done, one in progress, one halted; Sở Tư pháp's report accepted
    (target value 96), Sở TT&TT's sent late (20/03/2025, the day of generation)."""
    plan = published_plan
    update(plan, "1", users["focal_stp"], progress=Decimal(40))
    update(plan, "2", users["focal_stttt"], action="done", completed_on=date(2025, 2, 20))
    update(plan, "3.a", users["office"], action="halt", note="Chờ kinh phí")
    q1 = cycle(plan)
    report = write_report(q1, directory["stp"], users["focal_stp"], value="96")
    services.submit_report(report, users["focal_stp"])
    services.accept_report(report, users["office"])
    clock.set(date(2025, 3, 20))
    late = write_report(q1, directory["stttt"], users["focal_stttt"])
    services.submit_report(late, users["focal_stttt"])
    return q1


def _expected_by_area(plan, day):
    """Counts per area and status straight from the database (tasks as they are now)."""
    counts = Counter(with_status(plan.tasks.all(), day).values_list("area", "status"))
    labels = dict(Area.choices)
    return {
        str(labels[area]): [sum(counts[(area, s)] for s in STATUSES)]
        + [counts[(area, s)] for s in STATUSES]
        for area in {a for a, _s in counts}
    }


def _expected_by_agency(plan, day):
    tasks = with_status(plan.tasks.all(), day)
    result = {}
    for name in set(
        Assignment.objects.filter(task__plan=plan, role="lead").values_list(
            "agency__name", flat=True
        )
    ):
        mine = Counter(
            tasks.filter(assignments__role="lead", assignments__agency__name=name).values_list(
                "status", flat=True
            )
        )
        result[name] = [sum(mine.values())] + [mine[s] for s in STATUSES]
    return result


def _get(client, plan, q1, fmt):
    url = reverse("reporting:consolidated_file", kwargs={"plan_pk": plan.pk, "fmt": fmt})
    response = client.get(f"{url}?cycle={q1.pk}")
    assert response.status_code == 200
    return response


def test_the_docx_has_the_administrative_layout_and_the_database_numbers(client, users, period):
    plan = period.plan
    client.force_login(users["office"])
    response = _get(client, plan, period, "docx")
    assert "bao-cao-cchc" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))

    # A4 portrait, margins of Nghị định 30
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin)]
    assert all(20 <= m <= 25 for m in margins)  # stored in twips: compare whole millimetres
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20

    # the two-column header: issuer and number | national motto and place-date line
    header = document.tables[0]
    issuer, motto = header.cell(0, 0).text, header.cell(0, 1).text
    assert issuer.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH A"]
    assert motto.split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header.cell(1, 0).text.strip().startswith("Số:") and "/BC-UBND" in header.cell(1, 0).text
    assert header.cell(1, 1).text.strip() == "A, ngày 20 tháng 3 năm 2025"
    assert all(r.italic for r in header.cell(1, 1).paragraphs[0].runs)

    # the title, centred and bold
    texts = [p.text for p in document.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Kết quả thực hiện công tác cải cách hành chính quý I/2025"
    assert all(r.bold for r in document.paragraphs[title].runs)
    body = "\n".join(texts)
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in body and "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" in body
    assert "- Sở Tư pháp: Sở Tư pháp: rà soát xong 12 văn bản." in body  # the accepted report
    assert "Sở Thông tin và Truyền thông: rà soát" not in body  # sent, not accepted
    assert "Gửi muộn: Sở Thông tin và Truyền thông." in body
    assert "có 4 nhiệm vụ" in body and "đã hoàn thành 1 nhiệm vụ (25%)" in body

    # Times New Roman, 11–14 pt everywhere
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    runs += [
        r
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
        if r.text.strip()
    ]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    assert {r.font.size.pt for r in runs} <= {11, 12, 13, 14}
    assert {
        r.font.size.pt
        for p in document.paragraphs[title:]
        for r in p.runs
        if r.text.strip() and p.text.startswith("Kế hoạch")
    } == {14}

    # recipients and signature block
    signature = document.tables[1]
    assert signature.cell(0, 0).text.startswith("Nơi nhận:")
    assert "- Lưu: VT." in signature.cell(0, 0).text
    assert signature.cell(0, 1).text.split("\n")[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]

    # appendix I: by area, numbers equal to the database, then the total line
    by_area = document.tables[2]
    rows = [[c.text for c in row.cells] for row in by_area.rows]
    assert rows[0][1] == "Lĩnh vực"
    expected = _expected_by_area(plan, period.data_end)
    found = {row[1]: [int(x) for x in row[2:8]] for row in rows[1:-1]}
    assert found == expected
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2:] == ["4", "1", "0", "2", "0", "1", "25"]

    # appendix II: by lead agency
    by_agency = document.tables[3]
    found = {row.cells[1].text: [int(c.text) for c in row.cells[2:8]] for row in by_agency.rows[1:]}
    assert found == _expected_by_agency(plan, period.data_end)

    # appendix III: the province has no measured value; the accepted report's value is
    # listed under it as that agency's own, not as the province's result
    targets = [[c.text for c in row.cells] for row in document.tables[4].rows]
    assert targets[1] == ["1", "100% văn bản được rà soát", "≥ 100 %", "", "", "Chưa có số liệu"]
    assert targets[2] == ["", "", "", "- Sở Tư pháp (tự báo cáo)", "96", "Đúng lộ trình"]
    assert len(targets) == 3  # the late, not accepted report's value is not counted


def test_the_xlsx_holds_the_same_tables(client, users, period):
    plan = period.plan
    client.force_login(users["office"])
    workbook = load_workbook(io.BytesIO(_get(client, plan, period, "xlsx").content))
    assert workbook.sheetnames == ["Theo lĩnh vực", "Theo cơ quan", "Chỉ tiêu"]

    def table(sheet):
        return [list(r) for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]

    area = table(workbook["Theo lĩnh vực"])
    assert {r[1]: r[2:8] for r in area[:-1]} == _expected_by_area(plan, period.data_end)
    assert area[-1][1:] == ["Tổng cộng", 4, 1, 0, 2, 0, 1, 25]
    assert all(isinstance(v, int) for v in area[-1][2:])
    agency = table(workbook["Theo cơ quan"])
    assert {r[1]: r[2:8] for r in agency} == _expected_by_agency(plan, period.data_end)
    assert table(workbook["Chỉ tiêu"]) == [
        [1, "100% văn bản được rà soát", "≥ 100 %", None, None, "Chưa có số liệu"],
        [None, None, None, "- Sở Tư pháp (tự báo cáo)", 96, "Đúng lộ trình"],
    ]


def test_the_preview_shows_the_same_content(client, users, period):
    client.force_login(users["office"])
    url = (
        reverse("reporting:consolidated", kwargs={"plan_pk": period.plan.pk})
        + f"?cycle={period.pk}"
    )
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý I/2025",
        "Nơi nhận:",
        "A, ngày 20 tháng 3 năm 2025",
        "Phụ lục III",
        "Chưa có số liệu",
    ):
        assert text in html
    assert page.context["doc"]["totals"]["total"] == 4


def test_only_the_province_reform_office_and_leaders_get_the_consolidated_report(
    client, users, period
):
    plan = period.plan
    for name, expected in (
        ("focal_stp", 403),
        ("office_b", 403),
        ("focal_b", 403),
        ("leader", 200),
        ("office", 200),
    ):
        client.force_login(users[name])
        for fmt in ("docx", "xlsx"):
            url = reverse("reporting:consolidated_file", kwargs={"plan_pk": plan.pk, "fmt": fmt})
            assert client.get(f"{url}?cycle={period.pk}").status_code == expected, (name, fmt)
    assert (
        client.get(
            reverse("reporting:consolidated_file", kwargs={"plan_pk": plan.pk, "fmt": "csv"})
        ).status_code
        == 404
    )


def test_appendix_iii_reads_the_indicators_values(client, users, directory, period):
    """The office's whole-scope figure is the province's result; an agency's figure held
    by the indicators replaces its self-reported one; periods after the cut-off are not read."""
    from cchc.indicators import services as indicators
    from cchc.periods import Period

    indicator = period.plan.targets.get().indicator
    q1, q2 = Period("quarter", date(2025, 1, 1)), Period("quarter", date(2025, 4, 1))
    office = users["office"]
    indicators.enter_value(indicator, office, agency=None, period=q1, value=Decimal("100"))
    indicators.enter_value(indicator, office, agency=directory["stp"], period=q1, value=Decimal(97))
    indicators.enter_value(indicator, office, agency=None, period=q2, value=Decimal("10"))
    client.force_login(office)
    workbook = load_workbook(io.BytesIO(_get(client, period.plan, period, "xlsx").content))
    rows = [
        list(r) for r in workbook["Chỉ tiêu"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    ]
    assert rows == [
        [1, "100% văn bản được rà soát", "≥ 100 %", "Toàn phạm vi", 100, "Đạt"],
        [None, None, None, "- Sở Tư pháp", 97, "Đúng lộ trình"],
    ]
    # the agency report's suggestion is the same figure
    assert selectors.measured_values(period.plan, directory["stp"], period.data_end) == {
        indicator.target_id: Decimal(97)
    }
