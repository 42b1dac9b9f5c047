"""Import of one-stop exports: CSV and XLSX, bad rows by line, idempotent re-import, bad files."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from cchc.accounts.predicates import SYSTEM
from cchc.onestop import parsing, services
from cchc.onestop.models import Channel, Dossier, ImportBatch, Procedure

HEADER = (
    "STT,Mã hồ sơ,Mã thủ tục,Thủ tục,Cơ quan,Kênh nộp,Mức độ,Ngày tiếp nhận,"
    "Ngày hẹn trả,Ngày trả kết quả,Trả qua bưu chính"
)
# A title line above the table, as exports often have; the header is line 2.
CSV = "\n".join(
    [
        "BÁO CÁO HỒ SƠ TIẾP NHẬN QUÝ I/2024,,,,,,,,,,",
        HEADER,
        "1,HS-001,1.001,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,,02/01/2024,05/01/2024,04/01/2024,",  # line 3
        "2,HS-002,1.001,Cấp phiếu lý lịch tư pháp,Sở Tư pháp,Trực tuyến,4,2024-01-03,2024-01-08,2024-01-09,x",
        "3,HS-003,,Đăng ký khai sinh,Sở TT&TT,Bưu chính,3,10/02/2024 08:30,15/02/2024,,",
        "4,HS-004,1.001,Cấp phiếu lý lịch tư pháp,Sở Không Có,Trực tiếp,,02/01/2024,05/01/2024,,",  # line 6: unknown agency
        "5,HS-005,1.001,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,,31/02/2024,05/03/2024,,",  # line 7: no such day
        "6,HS-006,1.001,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,,10/03/2024,15/03/2024,01/03/2024,",  # line 8
        "7,,1.001,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,,10/03/2024,15/03/2024,,",  # line 9: no code
        ",,,,,,,,,,",  # blank line: skipped, not an error
        "8,HS-008,1.001,Cấp phiếu lý lịch tư pháp,a-stp,Fax,,10/03/2024,15/03/2024,,",  # line 11
        "9,HS-009,1.001,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,,20/03/2024,25/03/2024,22/03/2024,có",
    ]
)


def import_csv(directory, text=CSV, name="hoso.csv"):
    return services.import_file(directory["a"], text.encode("utf-8"), name, user=SYSTEM)


def test_header_words_map_to_fields():
    mapping = parsing.guess_mapping(HEADER.split(","))
    assert mapping == {
        "code": 1,
        "procedure_code": 2,
        "procedure_name": 3,
        "agency": 4,
        "channel": 5,
        "online_level": 6,
        "received": 7,
        "due": 8,
        "finished": 9,
        "returned_by_post": 10,
    }
    english = (
        "Dossier code,Procedure,Agency,Channel,Online level,Received,Due,Finished,Returned via post"
    )
    assert list(parsing.guess_mapping(english.split(","))) == [
        "code",
        "procedure_name",
        "agency",
        "channel",
        "online_level",
        "received",
        "due",
        "finished",
        "returned_by_post",
    ]


@pytest.mark.parametrize(
    "raw, day",
    [
        ("02/01/2024", datetime.date(2024, 1, 2)),
        ("2/1/2024 14:05", datetime.date(2024, 1, 2)),
        ("2024-01-02", datetime.date(2024, 1, 2)),
        ("2024-01-02T08:00:00+07:00", datetime.date(2024, 1, 2)),
        (datetime.datetime(2024, 1, 2, 9, 30), datetime.date(2024, 1, 2)),
        ("", None),
    ],
)
def test_dates(raw, day):
    assert parsing.parse_date(raw) == day


def test_csv_good_rows_kept_bad_rows_listed(directory):
    batch = import_csv(directory)
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_total, batch.rows_bad, batch.rows_created) == (9, 5, 4)
    errors = dict(batch.errors)
    assert sorted(errors) == [6, 7, 8, 9, 11]
    assert "không tìm thấy cơ quan “Sở Không Có”" in errors[6]
    assert "không có thật" in errors[7]
    assert "ngày trả kết quả trước ngày tiếp nhận" in errors[8]
    assert "thiếu mã hồ sơ" in errors[9]
    assert "kênh nộp “Fax” không rõ" in errors[11]

    rows = {d.code: d for d in Dossier.objects.all()}
    assert set(rows) == {"HS-001", "HS-002", "HS-003", "HS-009"}
    second = rows["HS-002"]
    assert second.agency == directory["stp"]  # matched by name
    assert rows["HS-003"].agency == directory["stttt"]  # matched by alias
    assert (second.channel, second.online_level, second.returned_by_post) == (
        Channel.ONLINE,
        4,
        True,
    )
    assert second.received == datetime.date(2024, 1, 3)
    assert second.finished == datetime.date(2024, 1, 9)
    assert rows["HS-003"].channel == Channel.POSTAL and rows["HS-003"].finished is None
    assert rows["HS-009"].returned_by_post is True
    assert rows["HS-001"].procedure.name == "Cấp phiếu lý lịch tư pháp"
    assert Procedure.objects.count() == 2  # 1.001 and the name-only "Đăng ký khai sinh"


def test_reimport_adds_nothing_and_later_results_update(directory):
    import_csv(directory)
    again = import_csv(directory)
    assert (again.rows_created, again.rows_updated, again.rows_duplicate) == (0, 0, 4)
    assert Dossier.objects.count() == 4

    # A later export: HS-003 now has its result, returned by post.
    later = CSV.replace("10/02/2024 08:30,15/02/2024,,", "10/02/2024 08:30,15/02/2024,14/02/2024,x")
    batch = import_csv(directory, later)
    assert (batch.rows_created, batch.rows_updated, batch.rows_duplicate) == (0, 1, 3)
    third = Dossier.objects.get(code="HS-003")
    assert third.finished == datetime.date(2024, 2, 14) and third.returned_by_post

    # An older export re-imported never erases that result.
    import_csv(directory)
    assert Dossier.objects.get(code="HS-003").finished == datetime.date(2024, 2, 14)


def dossier_lines(numbers, finished="") -> list[str]:
    return [
        f"{n},HS-{n:03d},1.001,Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,,02/01/2024,"
        f"05/01/2024,{finished},"
        for n in numbers
    ]


@pytest.mark.parametrize("chunk", [2, 3, services.CHUNK])
def test_import_in_chunks_same_result(directory, monkeypatch, chunk):
    """Chunks of new dossiers take the fast path (COPY on PostgreSQL) until one meets a
    known dossier; the rest of the file is merged. The counts do not depend on where."""
    monkeypatch.setattr(services, "CHUNK", chunk)
    import_csv(directory, "\n".join([HEADER, *dossier_lines([4, 5])]))
    # New 1-3, then the known 4 (now with its result) and 5, then new 6-7.
    later = dossier_lines([1, 2, 3]) + dossier_lines([4], "04/01/2024") + dossier_lines([5, 6, 7])
    batch = import_csv(directory, "\n".join([HEADER, *later]))
    assert (batch.rows_created, batch.rows_updated, batch.rows_duplicate) == (5, 1, 1)
    assert Dossier.objects.count() == 7
    assert Dossier.objects.get(code="HS-004").finished == datetime.date(2024, 1, 4)
    assert set(Dossier.objects.filter(code="HS-006").values_list("batch_id", flat=True)) == {
        batch.pk
    }


def test_dossier_repeated_within_a_file_is_added_once(directory):
    """The fast path's COPY is refused by the unique index; the merge keeps the first row
    and takes the result of the later one, as a later export would."""
    rows = dossier_lines([1, 2]) + dossier_lines([1], "04/01/2024") + dossier_lines([3])
    batch = import_csv(directory, "\n".join([HEADER, *rows]))
    assert (batch.rows_total, batch.rows_created, batch.rows_updated) == (4, 3, 1)
    assert batch.rows_duplicate == 0
    assert Dossier.objects.count() == 3
    assert Dossier.objects.get(code="HS-001").finished == datetime.date(2024, 1, 4)


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_english_headers_and_date_cells(directory):
    content = xlsx_bytes(
        [
            [
                "Dossier code",
                "Procedure",
                "Agency",
                "Channel",
                "Online level",
                "Received",
                "Due",
                "Finished",
            ],
            [
                "X-1",
                "Thủ tục A",
                "a-stp",
                "online",
                3,
                datetime.datetime(2024, 4, 1, 9),
                datetime.date(2024, 4, 5),
                datetime.date(2024, 4, 5),
            ],
            [
                "X-2",
                "Thủ tục A",
                "a-snv",
                "direct",
                None,
                datetime.date(2024, 4, 2),
                "10/04/2024",
                None,
            ],
            [
                "X-3",
                "Thủ tục A",
                "a-snv",
                "direct",
                "mức 7",
                datetime.date(2024, 4, 2),
                None,
                None,
            ],  # row 4
            [
                "X-4",
                "Thủ tục A",
                "b-stp",
                "direct",
                None,
                datetime.date(2024, 4, 2),
                None,
                None,
            ],  # row 5: other province
        ]
    )
    batch = services.import_file(directory["a"], content, "hoso.xlsx", user=SYSTEM)
    assert (batch.rows_total, batch.rows_bad, batch.rows_created) == (4, 2, 2)
    assert [line for line, _reason in batch.errors] == [4, 5]
    assert "mức độ trực tuyến" in batch.errors[0][1]
    first = Dossier.objects.get(code="X-1")
    assert (first.channel, first.online_level, first.received) == (
        Channel.ONLINE,
        3,
        datetime.date(2024, 4, 1),
    )
    assert Dossier.objects.get(code="X-2").due == datetime.date(2024, 4, 10)
    assert services.import_file(directory["a"], content, "hoso.xlsx", user=SYSTEM).rows_created == 0


def test_user_mapping_overrides_guess(directory):
    text = "Số,Đơn vị,Ngày\nK-1,a-stp,01/05/2024\n"
    with pytest.raises(ValidationError):
        services.import_file(directory["a"], text.encode(), "x.csv", user=SYSTEM)
    batch = services.import_file(
        directory["a"],
        text.encode(),
        "x.csv",
        user=SYSTEM,
        mapping={"code": 0, "agency": 1, "received": 2},
    )
    assert batch.rows_created == 1
    assert Dossier.objects.get().channel == Channel.DIRECT


@pytest.mark.parametrize(
    "content, name, words",
    [
        (b"PK\x03\x04 not really a workbook", "hoso.xlsx", "Không đọc được tệp Excel"),
        (
            "Mã hồ sơ,Cơ quan,Ngày tiếp nhận\nA,Sở Tư pháp,01/01/2024".encode("utf-16"),
            "hoso.csv",
            "UTF-8",
        ),
        (
            "Mã hồ sơ;Cơ quan;Ghi chú\nA;Sở Tư pháp;x".encode(),
            "hoso.csv",
            "Thiếu cột bắt buộc: Ngày tiếp nhận",
        ),
        (b"just,some,words\n1,2,3\n", "hoso.csv", "Thiếu cột bắt buộc"),
        (b"", "hoso.csv", "Tệp không có dữ liệu"),
        (b"whatever", "hoso.pdf", "Chỉ nhận tệp .csv hoặc .xlsx"),
        # Readable header, then bytes that are not UTF-8 half-way: the good rows before it are not kept.
        (CSV.encode() + b"\n10,HS-010,\xff\xfe,a-stp,,,01/01/2024,,,,", "hoso.csv", "UTF-8"),
    ],
)
def test_malformed_file_clear_message_and_nothing_changed(directory, content, name, words):
    with pytest.raises(ValidationError) as caught:
        services.import_file(directory["a"], content, name, user=SYSTEM)
    assert words in " ".join(caught.value.messages)
    assert Dossier.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert Procedure.objects.count() == 0


def test_a_file_failing_after_committed_chunks_leaves_nothing(directory, monkeypatch):
    """Chunks commit one by one (short transactions); a file unreadable after some of
    them still changes nothing in the end: what it added is deleted again."""
    monkeypatch.setattr(services, "CHUNK", 2)
    monkeypatch.setattr(services, "SQLITE_CHUNK", 2)
    rows = dossier_lines(range(1, 12))
    content = "\n".join([HEADER, *rows]).encode() + b"\n99,HS-099,\xff\xfe,a-stp,,,01/01/2024,,,,"
    with pytest.raises(ValidationError) as caught:
        services.import_file(directory["a"], content, "hoso.csv", user=SYSTEM)
    assert "UTF-8" in " ".join(caught.value.messages)
    assert (Dossier.objects.count(), Procedure.objects.count(), ImportBatch.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_run_cut_short_is_undone_before_the_job_runs_again(directory):
    """A worker killed half-way left the batch running with some of its dossiers in;
    the job's next run removes them first, so the counts are those of one whole run."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    batch, _found = services.preview(
        directory["a"], SimpleUploadedFile("hoso.csv", CSV.encode()), SYSTEM
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    for code in ("HS-001", "HS-002"):
        Dossier.objects.create(
            agency=directory["stp"], code=code, channel=Channel.DIRECT,
            received=datetime.date(2024, 1, 2), batch=batch,
        )  # fmt: skip
    batch = services.run_batch(batch.pk)
    assert (batch.status, batch.rows_created, batch.rows_duplicate) == ("done", 4, 0)
    assert Dossier.objects.count() == 4
    assert services.run_batch(batch.pk) is None  # done: a stray second run does nothing
