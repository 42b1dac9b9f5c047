"""An uploaded plan is extracted outside the request, with its state and step on the plan page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from tests.extraction.documents import SCANNED_PLAN, make_pdf_blocks, make_scan
from tests.web.factories import SEED_FILES, SMALL_PLAN, small_plan_json

from cchc.extraction import extract, readers
from cchc.extraction.readers import scan
from cchc.plans import services
from cchc.plans.models import Plan
from cchc.reporting import services as reporting

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

    class Layout:
        def paragraphs(self):
            return []

    def read(path, on_page=None):
        state()
        return Layout()

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
    plan = services.start_import(_upload(), directory["a"], users["office"])
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
    plan = services.start_import(_upload(), directory["a"], users["office"])
    assert plan.extraction == Plan.Extraction.FAILED and plan.extraction_step == ""
    assert plan.extraction_error.startswith("Lỗi không mong muốn khi trích xuất")


@pytest.mark.django_db(transaction=True)
def test_the_upload_queues_a_job_that_a_worker_runs(directory, users, recorded, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    plan = services.start_import(_upload(), directory["a"], users["office"])
    # Nothing ran in the request: the plan waits, its job with it.
    assert plan.extraction == Plan.Extraction.QUEUED and recorded == []
    job = DBTaskResult.objects.get()
    assert (job.task_path, job.args_kwargs["args"]) == ("cchc.plans.tasks.extract_plan", [plan.pk])
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    plan.refresh_from_db()
    assert plan.extraction == Plan.Extraction.DONE and len(recorded) == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


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


def test_a_job_that_fails_for_good_leaves_the_plan_failed_in_vietnamese(
    directory, users, monkeypatch
):
    """An error outside the extraction's own handling (here: the claim itself) fails the
    job; its final failure is recorded on the plan instead of leaving it running."""

    def broken(plan_pk):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "claim_extraction", broken)
    plan = services.start_import(_upload(), directory["a"], users["office"])
    assert plan.extraction == Plan.Extraction.FAILED
    assert plan.extraction_error.startswith("Việc trích xuất đã dừng giữa chừng")


@pytest.mark.skipif(not SEED_FILES, reason="no seed documents in ../shared/seeds")
def test_the_reporting_regime_is_read_from_the_extracted_text_not_the_file(
    directory, users, monkeypatch
):
    """Publishing reads the plan's reporting regime: from the text kept by the extraction,
    never by reading the file again (a scan would go through OCR inside the request)."""
    seed = next(p for p in SEED_FILES if p.name.startswith("001"))  # Hà Nội: its own dates
    upload = SimpleUploadedFile(seed.name, seed.read_bytes())
    plan = services.start_import(upload, directory["a"], users["office"])
    assert "chế độ báo cáo" in plan.document_text.lower()
    plan.document.delete(save=False)  # the file is gone, and reading any file is an error

    def no_reading(*args, **kwargs):
        raise AssertionError("the document was read again")

    monkeypatch.setattr(readers, "read", no_reading)
    regime = reporting.ensure_regime(Plan.objects.get(pk=plan.pk))
    assert not regime.is_default
    first = plan.report_cycles.order_by("due").first()
    assert (first.kind, first.due) == ("q1", datetime.date(2019, 3, 5))


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
