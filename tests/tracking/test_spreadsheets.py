"""Task lists as XLSX: filters, export, and the bulk update by uploading the exported file."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tests.web.factories import task

from cchc.plans.models import Task
from cchc.tracking import selectors, services, spreadsheets
from cchc.tracking.models import TaskUpdate

pytestmark = pytest.mark.django_db
HEADERS = [c.header for c in spreadsheets.TASK_LIST]
XLSX = spreadsheets.CONTENT_TYPE


class Containing(str):
    """Equal to any text that contains it: long reasons are checked by their key words."""

    def __eq__(self, other):
        return isinstance(other, str) and self in other

    __hash__ = str.__hash__


def _export(client, user, url="/my-tasks/?export=xlsx") -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return response.content


def _rows(data: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


def _fill(data: bytes, edits: dict, extra_rows=()) -> bytes:
    """The exported file with cells changed: ``edits`` = {task id: {header: value}}."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        for header, value in edits.get(row[0].value, {}).items():
            row[HEADERS.index(header)].value = value
    for values in extra_rows:
        sheet.append([values.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _state():
    return (
        list(Task.objects.order_by("pk").values()),
        list(TaskUpdate.objects.order_by("pk").values()),
        Task.history.count(),
    )


def _upload(client, data: bytes):
    return client.post(
        "/my-tasks/import/", {"file": SimpleUploadedFile("nhiem-vu.xlsx", data, XLSX)}
    )


def test_export_lists_my_tasks_with_versions(client, published_plan, users):
    rows = _rows(_export(client, users["focal_stp"]))
    assert [r["Số thứ tự"] for r in rows] == ["1", "3"]  # Sở Tư pháp leads 1 and (as a sở) 3
    first = task(published_plan, "1")
    assert rows[0]["Mã nhiệm vụ"] == first.pk and rows[0]["Phiên bản"] == first.version
    assert rows[0]["Cơ quan chủ trì"] == "Sở Tư pháp"
    assert rows[0]["Hạn cuối"].date() == first.due and rows[0]["Tiến độ (%)"] == 0


def test_round_trip_export_edit_preview_confirm(client, published_plan, users):
    one, three = task(published_plan, "1"), task(published_plan, "3")
    filled = _fill(
        _export(client, users["focal_stp"]),
        {
            one.pk: {"Tiến độ (%)": 40, "Ghi chú / lý do": "Đã xong dự thảo"},
            three.pk: {"Cập nhật tình trạng": "tạm dừng", "Ghi chú / lý do": "Chờ hướng dẫn"},
        },
    )
    before = _state()
    preview = _upload(client, filled)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Tiến độ: 0% → 40%" in page and "Tạm dừng / không thực hiện" in page
    assert _state() == before  # the dry run wrote nothing

    response = client.post("/my-tasks/import/confirm/", follow=True)
    assert "Đã cập nhật 2 nhiệm vụ" in response.content.decode()
    one.refresh_from_db()
    three.refresh_from_db()
    assert one.progress == Decimal(40) and one.version == 2
    assert three.halted_reason == "Chờ hướng dẫn"
    update = one.updates.get()
    assert update.note == "Đã xong dự thảo" and update.author == users["focal_stp"]
    assert one.history.first().history_user == users["focal_stp"]
    # confirming twice is impossible: the pending file is gone
    again = client.post("/my-tasks/import/confirm/", follow=True)
    assert "Không có tệp nào đang chờ xác nhận" in again.content.decode()


def test_an_unchanged_file_changes_nothing(client, published_plan, users):
    data = _export(client, users["focal_stp"])
    report = services.import_updates(users["focal_stp"], data, dry_run=False)
    assert report.rows and not report.changed and not report.failed


def test_completion_word_and_decimal_comma(client, published_plan, users):
    one, three = task(published_plan, "1"), task(published_plan, "3")
    child = task(published_plan, "3.a")
    Task.objects.filter(pk=child.pk).update(progress=20)  # task 3 shows the roll-up: 20
    filled = _fill(
        _export(client, users["focal_stp"]),
        {
            one.pk: {"Cập nhật tình trạng": "Hoàn thành", "Ngày hoàn thành": "20/03/2025"},
            three.pk: {"Tiến độ (%)": "35,5%", "Ghi chú / lý do": "Theo báo cáo quý"},
        },
    )
    report = services.import_updates(users["focal_stp"], filled, dry_run=False)
    assert not report.failed and len(report.changed) == 2
    one.refresh_from_db()
    three.refresh_from_db()
    assert one.completed_on == datetime.date(2025, 3, 20) and one.progress == 100
    assert selectors.status_of(one) == selectors.Status.DONE_ON_TIME
    assert three.progress == Decimal("35.5") and three.progress_override == "Theo báo cáo quý"


def test_each_row_level_error_is_reported_and_the_valid_row_applied(client, published_plan, users):
    one, three = task(published_plan, "1"), task(published_plan, "3")
    other = task(published_plan, "2")  # led by Sở TT&TT only
    data = _export(client, users["focal_stp"])
    # somebody updates task 3 after the export: its row is stale
    services.post_update(
        three,
        users["office"],
        expected_version=three.version,
        action="progress",
        progress=5,
        note="Số liệu quý I",
    )
    filled = _fill(
        data,
        {
            one.pk: {"Tiến độ (%)": 60},
            three.pk: {"Tiến độ (%)": 70, "Ghi chú / lý do": "ghi đè"},
        },
        extra_rows=[
            {"Mã nhiệm vụ": 999999, "Phiên bản": 1, "Tiến độ (%)": 10},
            {"Mã nhiệm vụ": other.pk, "Phiên bản": other.version, "Tiến độ (%)": 90},
            {"Mã nhiệm vụ": one.pk, "Phiên bản": one.version, "Tiến độ (%)": "nhiều"},
            {"Mã nhiệm vụ": one.pk, "Phiên bản": one.version, "Tiến độ (%)": 150},
            {"Mã nhiệm vụ": one.pk, "Phiên bản": one.version, "Cập nhật tình trạng": "xong"},
            {"Mã nhiệm vụ": one.pk, "Phiên bản": one.version, "Tiến độ (%)": 61},
        ],
    )
    report = services.import_updates(users["focal_stp"], filled, dry_run=False)
    errors = {row.number: row.errors for row in report.failed}
    repeated = ("Mã nhiệm vụ", "nhiệm vụ đã có ở một dòng phía trên.")  # rows 6 to 9 repeat task 1
    assert errors == {
        3: [("Phiên bản", Containing("được cập nhật sau khi bạn tải tệp"))],
        4: [("Mã nhiệm vụ", "không có nhiệm vụ mã 999999.")],
        5: [("Mã nhiệm vụ", Containing("nhiệm vụ của cơ quan khác"))],
        6: [("Tiến độ (%)", "“nhiều” không phải là số."), repeated],
        7: [("Tiến độ (%)", Containing("tiến độ phải từ 0 đến 100")), repeated],
        8: [("Cập nhật tình trạng", Containing("“xong” không hợp lệ")), repeated],
        9: [repeated],
    }
    assert [row.number for row in report.changed] == [2]
    one.refresh_from_db()
    other.refresh_from_db()
    assert one.progress == 60 and other.progress == 0


def test_the_preview_page_names_row_column_and_reason(client, published_plan, users):
    filled = _fill(
        _export(client, users["focal_stp"]), {task(published_plan, "1").pk: {"Tiến độ (%)": 101}}
    )
    page = _upload(client, filled).content.decode()
    assert "Cột “Tiến độ (%)”: tiến độ phải từ 0 đến 100" in page
    assert "import-confirm" not in page  # nothing valid to apply


def test_a_focal_point_cannot_update_another_agencys_task_by_upload(client, published_plan, users):
    victim = task(published_plan, "2")
    data = _export(client, users["focal_stttt"])  # Sở TT&TT's own file, with task 2 in it
    done = {"Tiến độ (%)": 90, "Cập nhật tình trạng": "hoàn thành", "Ngày hoàn thành": "01/11/2025"}
    filled = _fill(data, {victim.pk: done})
    before = _state()
    page = _upload(client, filled).content.decode()  # the lead itself would be allowed
    assert "Hoàn thành" in page
    client.force_login(users["focal_stp"])  # …but Sở Tư pháp uploads it
    page = _upload(client, filled).content.decode()
    assert "nhiệm vụ của cơ quan khác" in page
    client.post("/my-tasks/import/confirm/")
    assert _state() == before
    # a cooperating agency may add a note but not set the lead's progress
    one = task(published_plan, "1")
    coop_file = _fill(_export(client, users["focal_stttt"]), {one.pk: {"Tiến độ (%)": 80}})
    report = services.import_updates(users["focal_stttt"], coop_file, dry_run=False)
    assert report.failed[0].errors == [("Tiến độ (%)", Containing("không có quyền"))]
    assert _state() == before


def test_a_file_that_is_not_the_export_is_refused(client, published_plan, users):
    client.force_login(users["focal_stp"])
    for data in (b"not a spreadsheet", spreadsheets.export_plan(published_plan, [])):
        page = _upload(client, data).content.decode()
        assert "Không đọc được tệp Excel" in page or "Tệp không đúng mẫu" in page


def test_lists_filter_and_the_export_honours_the_filters(
    client, published_plan, users, directory, monkeypatch
):
    monkeypatch.setattr(selectors, "today", lambda: datetime.date(2025, 11, 20))
    client.force_login(users["office"])
    base = f"/plans/{published_plan.pk}/tasks/"
    cases = {
        "": ["1", "2", "3", "3.a"],
        "?area=institutions": ["1"],
        "?status=open_overdue": ["1", "3.a"],
        "?status=due_soon": ["2"],
        f"?agency={directory['stttt'].pk}": ["1", "2", "3"],
        "?due_after=01/04/2025&due_before=2025-10-01": ["3.a"],
    }
    for query, refs in cases.items():
        page = client.get(base + query)
        assert page.status_code == 200
        exported = _rows(
            _export(client, users["office"], base + query + ("&" if query else "?") + "export=xlsx")
        )
        assert [r["Số thứ tự"] for r in exported] == refs, query
    wrong = client.get(base + "?due_before=31/02/2025").content.decode()
    assert "ngày hợp lệ" in wrong
    mine = _rows(_export(client, users["focal_stttt"], "/my-tasks/?area=modernization&export=xlsx"))
    assert [r["Số thứ tự"] for r in mine] == ["2"]


def test_completion_date_and_evidence_columns(client, published_plan, users):
    """The date says when the work was done (a late deadline is never completed "today"
    silently), cannot be in the future, and an evidence link is kept with the update."""
    focal = users["focal_stp"]
    one, three = task(published_plan, "1"), task(published_plan, "3")
    data = _export(client, focal)
    future = selectors.today() + datetime.timedelta(days=3)
    for cells, column, words in [
        ({"Cập nhật tình trạng": "hoàn thành"}, "Ngày hoàn thành", "31/03/2025"),
        ({"Ngày hoàn thành": future}, "Ngày hoàn thành", future.strftime("%d/%m/%Y")),
        ({"Ngày hoàn thành": "31/02/2025"}, "Ngày hoàn thành", "dd/mm/yyyy"),
    ]:
        report = services.import_updates(focal, _fill(data, {one.pk: cells}), dry_run=False)
        assert [(r.number, r.errors) for r in report.failed] == [
            (2, [(column, Containing(words))])
        ], cells
    assert Task.objects.get(pk=one.pk).completed_on is None

    # a date alone completes the task on that day; the evidence link goes with the update
    link = "https://vanban.example.vn/qd-123.pdf"
    filled = _fill(
        data,
        {
            one.pk: {
                "Ngày hoàn thành": datetime.datetime(2025, 4, 10),
                "Tài liệu kiểm chứng (đường dẫn / ghi chú)": link,
            }
        },
    )
    report = services.import_updates(focal, filled, dry_run=False)
    assert not report.failed and report.changed[0].changes[0] == "Hoàn thành ngày 10/04/2025"
    one.refresh_from_db()
    assert one.completed_on == datetime.date(2025, 4, 10)
    assert selectors.status_of(one) == selectors.Status.DONE_LATE
    assert one.updates.get().evidence_text == link
    page = client.get(f"/tasks/{one.pk}/").content.decode()
    assert link in page

    # the new export shows the date; uploading it unchanged changes nothing
    again = _export(client, focal)
    row = next(r for r in _rows(again) if r["Mã nhiệm vụ"] == one.pk)
    assert row["Ngày hoàn thành"].date() == datetime.date(2025, 4, 10)
    report = services.import_updates(focal, again, dry_run=False)
    assert report.rows and not report.changed and not report.failed
    assert three.pk in {r.task.pk for r in report.rows}
