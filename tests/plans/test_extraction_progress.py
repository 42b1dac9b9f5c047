"""An uploaded plan is extracted outside the request, with its state and step on the plan page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from tests.extraction.documents import SCANNED_PLAN, make_pdf_blocks, make_scan
from tests.web.factories import SMALL_PLAN, small_plan_json

from cchc.extraction import extract
from cchc.extraction.readers import scan
from cchc.plans import services
from cchc.plans.models import Plan

pytestmark = pytest.mark.django_db
TEXT = "KẾ HOẠCH Cải cách hành chính năm 2025".encode()


def _upload():
    return SimpleUploadedFile("ke-hoach.txt", TEXT)


@pytest.fixture
def recorded(monkeypatch):
    """The extractor replaced by the small plan; each step records the plan's stored state."""
    states = []

    def state():
        plan = Plan.objects.exclude(extraction_changed=None).latest("extraction_changed")
        states.append((plan.extraction, plan.extraction_step))

    def read(path, on_page=None):
        state()
        return "layout"

    class Draft:
        def to_json(self):
            return small_plan_json()

    def extract_layout(layout, year=None):
        state()
        return Draft()

    real_import = services.import_plan_json

    def import_plan_json(data, province, user=None, plan=None):
        state()
        return real_import(data, province, user, plan)

    monkeypatch.setattr(services, "read_document", read)
    monkeypatch.setattr(services, "extract_layout", extract_layout)
    monkeypatch.setattr(services, "import_plan_json", import_plan_json)
    return states


def test_states_go_from_queued_through_each_step_to_done(directory, users, recorded):
    plan = services.start_import(_upload(), directory["a"], users["office"], background=False)
    assert recorded == [
        ("running", "reading"),
        ("running", "tables"),
        ("running", "saving"),
    ]
    assert (plan.extraction, plan.extraction_step, plan.extraction_error) == ("done", "", "")
    assert plan.tasks.count() == len(SMALL_PLAN["tasks"])


def test_a_failure_is_recorded_in_vietnamese(directory, users, monkeypatch):
    def broken(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "read_document", broken)
    plan = services.start_import(_upload(), directory["a"], users["office"], background=False)
    assert plan.extraction == Plan.Extraction.FAILED and plan.extraction_step == ""
    assert plan.extraction_error.startswith("Lỗi không mong muốn khi trích xuất")


def test_the_upload_starts_a_thread_after_its_commit(
    directory, users, recorded, monkeypatch, django_capture_on_commit_callbacks
):
    started = []

    class Thread:
        """Runs the target when started, in this thread: what a thread would do, in order."""

        def __init__(self, target, args, **options):
            self.target, self.args = target, args

        def start(self):
            started.append(self.args)
            self.target(*self.args)

    monkeypatch.setattr(services.threading, "Thread", Thread)
    monkeypatch.setattr(services.connections, "close_all", lambda: None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan = services.start_import(_upload(), directory["a"], users["office"], background=True)
    # Until the upload commits, nothing runs: the plan waits in the queue.
    assert started == [] and len(callbacks) == 1
    plan.refresh_from_db()
    assert plan.extraction == Plan.Extraction.QUEUED
    callbacks[0]()
    plan.refresh_from_db()
    assert started == [(plan.pk,)] and plan.extraction == Plan.Extraction.DONE


def test_the_plan_page_shows_the_step_and_refreshes_while_running(client, directory, users):
    client.force_login(users["office"])
    plan = Plan.objects.create(
        province=directory["a"],
        document_name="ke-hoach.docx",
        extraction=Plan.Extraction.RUNNING,
        extraction_step=Plan.ExtractionStep.TABLES,
    )
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Đang trích xuất" in page and "đang nhận diện bảng" in page
    Plan.objects.filter(pk=plan.pk).update(
        extraction=Plan.Extraction.FAILED, extraction_step="", extraction_error="Không đọc được"
    )
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in page and "Không đọc được" in page


def test_extractpending_runs_queued_and_stale_plans_only(directory, users, recorded, settings):
    settings.CCHC_EXTRACT_BY_COMMAND = True  # uploads are only queued
    queued = services.start_import(_upload(), directory["a"], users["office"], background=True)
    assert queued.extraction == Plan.Extraction.QUEUED and recorded == []
    long_ago = timezone.now() - datetime.timedelta(hours=2)

    def running(changed):
        plan = services.start_import(_upload(), directory["a"], users["office"], background=True)
        Plan.objects.filter(pk=plan.pk).update(
            extraction=Plan.Extraction.RUNNING, extraction_changed=changed
        )
        return plan

    stale, busy = running(long_ago), running(timezone.now())
    finished = Plan.objects.create(province=directory["a"], extraction=Plan.Extraction.DONE)
    call_command("extractpending", stdout=(out := io.StringIO()))
    states = dict(Plan.objects.values_list("pk", "extraction"))
    assert states[queued.pk] == states[stale.pk] == Plan.Extraction.DONE
    assert states[busy.pk] == Plan.Extraction.RUNNING  # still within its time: left alone
    assert states[finished.pk] == Plan.Extraction.DONE
    assert "extracted=2 failed=0" in out.getvalue()
    # A second run finds nothing; a shorter stale time takes the busy one over.
    call_command("extractpending", stdout=(out := io.StringIO()))
    assert "extracted=0 failed=0" in out.getvalue()
    call_command("extractpending", "--stale-minutes", "-1", stdout=(out := io.StringIO()))
    assert "extracted=1" in out.getvalue()
    assert Plan.objects.get(pk=busy.pk).extraction == Plan.Extraction.DONE


@pytest.mark.skipif(scan.tesseract() is None, reason="Tesseract with Vietnamese data")
def test_a_scanned_upload_shows_the_page_being_read(
    client, directory, users, monkeypatch, tmp_path
):
    original = make_pdf_blocks(tmp_path / "plan.pdf", SCANNED_PLAN * 2)
    scanned = make_scan(original, tmp_path / "scan.pdf")
    real_read, seen = services.read_document, []

    def read(path, on_page=None):
        def page(number, pages):
            on_page(number, pages)
            plan = Plan.objects.get()
            seen.append((plan.extraction_step, plan.extraction_page, plan.extraction_pages))
            # What the officer sees meanwhile, on the page that reloads itself.
            shown = client.get(f"/plans/{plan.pk}/").content.decode()
            assert f"đang nhận dạng chữ trên các trang quét (OCR): trang {number}/{pages}" in shown

        return real_read(path, on_page=page)

    monkeypatch.setattr(services, "read_document", read)
    client.force_login(users["office"])
    client.post(
        "/plans/import/",
        {"document": SimpleUploadedFile("ke-hoach-ban-quet.pdf", scanned.read_bytes()),
         "province": directory["a"].pk},
    )  # fmt: skip
    plan = Plan.objects.get()
    assert plan.extraction == Plan.Extraction.DONE, plan.extraction_error
    assert seen == [("ocr", 1, 2), ("ocr", 2, 2)]
    # The same tasks as the document the scan was made of.
    printed = extract(original, year=plan.period_start.year if plan.period_start else None)
    assert sorted(plan.tasks.values_list("ref", flat=True)) == sorted(t.ref for t in printed.tasks)
